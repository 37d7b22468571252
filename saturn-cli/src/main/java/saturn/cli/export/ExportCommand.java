package saturn.cli.export;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import saturn.cli.checkpoint.SavedNetwork;
import saturn.cli.options.BadInputException;
import saturn.cli.run.RunModel;
import saturn.engine.data.Dataset;
import saturn.engine.data.PreprocessingStats;
import saturn.engine.io.AtomicFiles;
import saturn.engine.model.Model;
import saturn.engine.onnx.OnnxExport;
import saturn.engine.onnx.OnnxExportException;
import saturn.engine.onnx.OnnxModel;
import saturn.engine.run.TrainingRun;

/**
 * {@code saturn export}: a run's checkpoint as an ONNX model taking raw features (the
 * preprocessing fitted on the training split is its first nodes), rebuilt as
 * {@code saturn eval} rebuilds it — from the run's folder, or from the checkpoint's own
 * metadata alone; written atomically.
 */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Write a trained run's checkpoint as an ONNX model (docs/export.md).")
public final class ExportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--run", paramLabel = "DIR", description = "The run directory (optional with --checkpoint).")
    Path run;
    @Option(names = "--checkpoint", paramLabel = "FILE",
            description = "A weights file (default: the run's latest checkpoint); alone, the network is rebuilt from its own metadata.")
    Path checkpoint;
    @Option(names = "--onnx", required = true, paramLabel = "FILE", description = "Where to write the ONNX model.")
    Path onnx;
    @Option(names = "--force", description = "Overwrite FILE when it exists.")
    boolean force;
    @Option(names = "--download", description = "Download Fashion-MNIST (HTTPS, SHA-256 verified) when it is not on this machine.")
    boolean download;

    @Override
    public Integer call() throws IOException {
        if (Files.isDirectory(onnx)) throw new BadInputException("--onnx " + onnx + " is a directory");
        if (Files.exists(onnx) && !force) throw new BadInputException("--onnx " + onnx + " exists; add --force to overwrite it");
        Model model;
        PreprocessingStats stats;
        boolean classes;
        Path weights;
        long step;
        if (run == null) {
            if (checkpoint == null) throw new BadInputException("give --run DIR or --checkpoint FILE (or both)");
            SavedNetwork net = SavedNetwork.read(checkpoint);
            model = net.model();
            stats = net.preprocessing();
            classes = net.task() == Dataset.Task.CLASSES;
            weights = checkpoint;
            step = net.step();
        } else {
            RunModel rebuilt = rebuild(spec.commandLine().getErr());
            TrainingRun training = rebuilt.training();
            model = training.model();
            model.setTraining(false);
            stats = training.data().stats();
            classes = training.data().split().train().task() == Dataset.Task.CLASSES;
            weights = rebuilt.weights();
            step = rebuilt.step();
        }
        byte[] bytes;
        try {
            bytes = OnnxExport.of(model, stats, classes, version()).toByteArray();
        } catch (OnnxExportException e) {
            throw new BadInputException((run != null ? "--run " + run : "--checkpoint " + checkpoint) + ": " + e.getMessage());
        }
        AtomicFiles.write(onnx, out -> out.write(bytes));
        PrintWriter out = spec.commandLine().getOut();
        out.println(String.format(Locale.ROOT, "%s (step %d) -> %s: ONNX opset %d, input %s [batch, %d], output %s [batch, %d]%s, %d bytes",
                weights, step, onnx, OnnxModel.OPSET, OnnxExport.INPUT, model.inputSize(), OnnxExport.LOGITS,
                 model.outputSize(), classes ? " and " + OnnxExport.PROBABILITIES : "", bytes.length));
        out.flush();
        return 0;
    }

    /** The run's model with the checkpoint's weights: the one place that says how it is rebuilt. */
    private RunModel rebuild(PrintWriter err) throws IOException {
        return RunModel.load(run, checkpoint, null, download, line -> {
            err.println(line);
            err.flush();
        });
    }

    private static String version() {
        Properties p = new Properties();
        try (InputStream in = ExportCommand.class.getResourceAsStream("/saturn-version.properties")) {
            if (in != null) p.load(in);
        } catch (IOException e) {
            return "unknown";
        }
        return p.getProperty("version", "unknown");
    }
}
