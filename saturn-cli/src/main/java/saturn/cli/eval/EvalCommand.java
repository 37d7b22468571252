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
import saturn.cli.checkpoint.SavedNetwork;
import saturn.cli.options.BadInputException;
import saturn.cli.options.TrainOptions;
import saturn.cli.run.Json;
import saturn.cli.run.RunModel;
import saturn.engine.data.DataException;
import saturn.engine.data.Dataset;
import saturn.engine.data.Split;
import saturn.engine.run.TrainingRun;
import saturn.engine.train.Evaluation;

/**
 * {@code saturn eval}: test loss and accuracy of a run's checkpoint (the latest by default),
 * on the run's data set or another one of the same shape. With {@code --run} the preprocessing
 * is refitted on the training split, as in training; with a checkpoint alone the network and
 * the preprocessing are rebuilt from the file's {@code saturn.*} metadata
 * ({@link SavedNetwork}), with the statistics stored there.
 */
@Command(name = "eval", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Print the test loss and accuracy of a trained run's checkpoint.",
                "With --checkpoint alone, the network and its preprocessing come from the file's metadata."})
public final class EvalCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--run", paramLabel = "DIR", description = "The run directory (optional with --checkpoint).")
    Path run;
    @Option(names = "--checkpoint", paramLabel = "FILE",
            description = "A weights file (default: the run's latest checkpoint); alone, it is all eval reads besides the data.")
    Path checkpoint;
    @Option(names = "--data", paramLabel = "D", description = "Evaluate on this data set instead of the run's.")
    String data;
    @Option(names = "--json", description = "One JSON object.")
    boolean json;
    @Option(names = "--download", description = "Download Fashion-MNIST (HTTPS, SHA-256 verified) when it is not on this machine.")
    boolean download;

    @Override
    public Integer call() throws IOException {
        if (run == null) {
            if (checkpoint == null) throw new BadInputException("give --run DIR or --checkpoint FILE (or both)");
            return fromCheckpoint();
        }
        PrintWriter err = spec.commandLine().getErr();
        RunModel rebuilt = RunModel.load(run, checkpoint, data, download, line -> {
            err.println(line);
            err.flush();
        });
        TrainingRun training = rebuilt.training();
        print(rebuilt.weights(), rebuilt.step(), training.evaluate(), training.rawData().source());
        return 0;
    }

    /** The checkpoint's own description: options, shape and preprocessing statistics from its metadata. */
    private int fromCheckpoint() throws IOException {
        SavedNetwork net = SavedNetwork.read(checkpoint);
        TrainOptions opts = net.trainOptions(data);
        Split raw = load(opts);
        Dataset test = raw.test();
        if (test.features() != net.features() || test.classes() != net.classes()) {
            throw new BadInputException("--data " + opts.spec().data().text() + " has " + test.features() + " features and "
                    + test.classes() + " classes; " + checkpoint + " takes " + net.features() + " and " + net.classes());
        }
        Dataset prepared;
        try {
            prepared = net.preprocessing().apply(test);
        } catch (DataException e) {
            throw new BadInputException(e.getMessage());
        }
        Evaluation e = Evaluation.of(net.model(opts), TrainingRun.lossFor(prepared), prepared, opts.spec().batch());
        print(checkpoint, net.step(), e, raw.source());
        return 0;
    }

    private Split load(TrainOptions opts) {
        PrintWriter err = spec.commandLine().getErr();
        return RunModel.data(opts, download, line -> {
            err.println(line);
            err.flush();
        });
    }

    private void print(Path weights, long step, Evaluation e, String source) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode o = Json.object();
            o.put("run", run == null ? null : run.toString());
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
    }
}
