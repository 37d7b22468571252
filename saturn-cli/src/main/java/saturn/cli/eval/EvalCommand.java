package saturn.cli.eval;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import saturn.cli.options.BadInputException;
import saturn.cli.options.TrainOptions;
import saturn.cli.run.ConfigFile;
import saturn.cli.run.Json;
import saturn.engine.checkpoint.Checkpoints;
import saturn.engine.data.DataException;
import saturn.engine.data.Split;
import saturn.engine.run.DataLoader;
import saturn.engine.run.TrainingRun;
import saturn.engine.train.Evaluation;

/**
 * {@code saturn eval}: test loss and accuracy of a run's checkpoint (the latest by default),
 * on the run's data set or another one of the same shape. Preprocessing is refitted on the
 * training split, as in training.
 */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Print the test loss and accuracy of a trained run's checkpoint.")
public final class EvalCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--run", required = true, paramLabel = "DIR", description = "The run directory.")
    Path run;
    @Option(names = "--checkpoint", paramLabel = "FILE", description = "A weights file (default: the run's latest checkpoint).")
    Path checkpoint;
    @Option(names = "--data", paramLabel = "D", description = "Evaluate on this data set instead of the run's.")
    String data;
    @Option(names = "--json", description = "One JSON object.")
    boolean json;
    @Option(names = "--download", description = "Download Fashion-MNIST (HTTPS, SHA-256 verified) when it is not on this machine.")
    boolean download;

    @Override
    public Integer call() throws IOException {
        if (!Files.isRegularFile(run.resolve(ConfigFile.RUN_CONFIG))) {
            throw new BadInputException("--run " + run + " is not a saturn run (no " + ConfigFile.RUN_CONFIG + ")");
        }
        Map<String, String> stored = ConfigFile.readRunOptions(run);
        if (data != null) {
            stored.put("data", data);
            stored.remove("data-dir");
        }
        TrainOptions opts = TrainOptions.resolveText(stored);
        Path weights = checkpoint != null ? checkpoint : latest();
        if (!Files.isRegularFile(weights)) throw new BadInputException("--checkpoint " + weights + ": no such file");

        TrainingRun training;
        try {
            PrintWriter err = spec.commandLine().getErr();
            Split raw = DataLoader.system(download, line -> {
                err.println(line);
                err.flush();
            }).load(opts.spec().data(), opts.spec().dataDir());
            err.println("data: " + raw.source());
            err.flush();
            training = TrainingRun.open(opts.plan(), raw, run);
        } catch (DataException e) {
            throw new BadInputException(e.getMessage());
        }
        long step = Checkpoints.loadWeights(weights, training.model());
        Evaluation e = training.evaluate();
        String source = training.rawData().source();

        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode o = Json.object();
            o.put("run", run.toString());
            o.put("checkpoint", weights.toString());
            o.put("step", step);
            Json.putFinite(o, "test_loss", e.loss());
            Json.putFinite(o, "test_accuracy", e.accuracy());
            o.put("rows", e.rows());
            o.put("data_source", source);
            out.println(Json.writePretty(o));
        } else {
            if (Double.isNaN(e.accuracy())) {
                out.println(String.format(Locale.ROOT, "%s (step %d): test MSE %.4g on %d rows", weights, step, e.loss(), e.rows()));
            } else {
                out.println(String.format(Locale.ROOT, "%s (step %d): test loss %.4f, test accuracy %.4f on %d rows",
                        weights, step, e.loss(), e.accuracy(), e.rows()));
            }
        }
        out.flush();
        return 0;
    }

    private Path latest() throws IOException {
        Checkpoints c = new Checkpoints(run.resolve("checkpoints"));
        OptionalLong step = c.latest();
        if (step.isEmpty()) throw new BadInputException("--run " + run + " has no checkpoint in " + c.dir());
        return c.weightsFile(step.getAsLong());
    }
}
