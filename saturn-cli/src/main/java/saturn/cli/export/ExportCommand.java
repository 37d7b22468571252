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
import saturn.cli.options.BadInputException;
import saturn.cli.run.RunModel;
import saturn.engine.data.Dataset;
import saturn.engine.io.AtomicFiles;
import saturn.engine.model.Model;
import saturn.engine.onnx.OnnxExport;
import saturn.engine.onnx.OnnxExportException;
import saturn.engine.onnx.OnnxModel;
import saturn.engine.run.TrainingRun;

/**
 * {@code saturn export}: a run's checkpoint as an ONNX model taking raw features (the
 * preprocessing fitted on the training split is its first nodes), rebuilt as
 * {@code saturn eval} rebuilds it; written atomically.
 */
@Command(name = "export", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Write a trained run's checkpoint as an ONNX model (docs/export.md).")
public final class ExportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--run", required = true, paramLabel = "DIR", description = "The run directory.")
    Path run;
    @Option(names = "--checkpoint", paramLabel = "FILE", description = "A weights file (default: the run's latest checkpoint).")
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
        PrintWriter err = spec.commandLine().getErr();
        RunModel rebuilt = rebuild(err);
        TrainingRun training = rebuilt.training();
        Model model = training.model();
        model.setTraining(false);
        Dataset train = training.data().split().train();
        byte[] bytes;
        try {
            bytes = OnnxExport.of(model, training.data().stats(), train.task() == Dataset.Task.CLASSES, version()).toByteArray();
        } catch (OnnxExportException e) {
            throw new BadInputException("--run " + run + ": " + e.getMessage());
        }
        AtomicFiles.write(onnx, out -> out.write(bytes));
        PrintWriter out = spec.commandLine().getOut();
        out.println(String.format(Locale.ROOT, "%s (step %d) -> %s: ONNX opset %d, input %s [batch, %d], output %s [batch, %d]%s, %d bytes",
                rebuilt.weights(), rebuilt.step(), onnx, OnnxModel.OPSET, OnnxExport.INPUT, model.inputSize(), OnnxExport.LOGITS,
                model.outputSize(), train.task() == Dataset.Task.CLASSES ? " and " + OnnxExport.PROBABILITIES : "", bytes.length));
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
