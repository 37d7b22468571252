package saturn.cli.eval;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import saturn.cli.run.Json;
import saturn.cli.run.RunModel;
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
        PrintWriter err = spec.commandLine().getErr();
        RunModel rebuilt = RunModel.load(run, checkpoint, data, download, line -> {
            err.println(line);
            err.flush();
        });
        TrainingRun training = rebuilt.training();
        Path weights = rebuilt.weights();
        long step = rebuilt.step();
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
}
