package saturn.cli.predict;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
import saturn.cli.run.RunModel;
import saturn.engine.data.Dataset;
import saturn.engine.data.Split;
import saturn.engine.io.AtomicFiles;
import saturn.engine.model.Model;
import saturn.engine.tensor.Tensor;

/**
 * {@code saturn predict}: the network of a weights file, rebuilt from its metadata
 * ({@link SavedNetwork}), run over a data set's split or a CSV of raw features; one line per
 * row (CSV or JSON lines) with the row's index, logits, softmax probabilities, predicted
 * class and label, or for regression its outputs and targets. The output file is written
 * atomically and only after every row is computed.
 */
@Command(name = "predict", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write the predictions of a checkpoint for every row of a data set or a CSV of features.",
                "The network and its preprocessing come from the checkpoint's metadata alone."})
public final class PredictCommand implements Callable<Integer> {

    /** The output formats. */
    enum Format { CSV, JSONL }

    @Spec
    CommandSpec spec;

    @Option(names = "--checkpoint", required = true, paramLabel = "FILE", description = "A weights file written by saturn train.")
    Path checkpoint;
    @Option(names = "--data", required = true, paramLabel = "D",
            description = "A data set (as for train), or raw features: features:PATH or a path ending in .csv "
                    + "(one row per example, the network's input features as numbers, optional header).")
    String data;
    @Option(names = "--split", paramLabel = "SPLIT", description = "Which split of a data set: test (default) or train.")
    String split;
    @Option(names = "--out", paramLabel = "FILE", description = "Write here (atomically) instead of to standard output.")
    Path out;
    @Option(names = "--format", paramLabel = "F", description = "csv or jsonl (default: from --out's extension, else csv).")
    String format;
    @Option(names = "--force", description = "Replace an existing --out file.")
    boolean force;
    @Option(names = "--download", description = "Download Fashion-MNIST (HTTPS, SHA-256 verified) when it is not on this machine.")
    boolean download;

    @Override
    public Integer call() throws IOException {
        Format fmt = format();
        if (out != null && Files.exists(out) && !force) {
            throw new BadInputException("--out " + out + " exists; pass --force to replace it");
        }
        if (out != null && Files.isDirectory(out)) throw new BadInputException("--out " + out + " is a folder");
        SavedNetwork net = SavedNetwork.read(checkpoint);
        if (net.task() == Dataset.Task.STEP_CLASSES) {
            throw new BadInputException(checkpoint + " predicts a class at every time step; predict writes one prediction "
                    + "a row (use saturn eval for its accuracy)");
        }
        Path features = FeatureRows.named(data);
        Predictions rows;
        if (features != null) {
            if (split != null) throw new BadInputException("--split chooses a split of a data set; " + data + " is a file of features");
            FeatureRows f = FeatureRows.read(features, net.features());
            rows = predict(net, net.trainOptions(null), f.x(), f.rows(), null, null);
        } else {
            TrainOptions opts = net.trainOptions(data);
            Dataset d = chosen(load(opts));
            if (d.features() != net.features() || d.classes() != net.classes() || d.task() != net.task()) {
                throw new BadInputException("--data " + data + " has " + d.features() + " features and " + d.classes()
                        + " outputs; " + checkpoint + " takes " + net.features() + " and gives " + net.classes());
            }
            rows = predict(net, opts, d.x(), d.n(), d.task() == Dataset.Task.CLASSES ? d.y() : null, d.targets());
        }
        byte[] bytes = (fmt == Format.CSV ? rows.csv() : rows.jsonl()).getBytes(StandardCharsets.UTF_8);
        PrintWriter err = spec.commandLine().getErr();
        if (out == null) {
            PrintWriter o = spec.commandLine().getOut();
            o.print(new String(bytes, StandardCharsets.UTF_8));
            o.flush();
        } else {
            AtomicFiles.write(out, s -> s.write(bytes));
            err.println("predict: " + rows.rows() + " rows to " + out);
        }
        err.flush();
        return 0;
    }

    private Format format() {
        if (format != null) {
            return switch (format.strip().toLowerCase(Locale.ROOT)) {
                case "csv" -> Format.CSV;
                case "jsonl" -> Format.JSONL;
                default -> throw new BadInputException("--format " + format + ": choose csv or jsonl");
            };
        }
        String name = out == null ? "" : out.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".jsonl") || name.endsWith(".json") ? Format.JSONL : Format.CSV;
    }

    private Dataset chosen(Split s) {
        String which = split == null ? "test" : split.strip().toLowerCase(Locale.ROOT);
        return switch (which) {
            case "test" -> s.test();
            case "train" -> s.train();
            default -> throw new BadInputException("--split " + split + ": choose test or train");
        };
    }

    private Split load(TrainOptions opts) {
        PrintWriter err = spec.commandLine().getErr();
        return RunModel.data(opts, download, line -> {
            err.println(line);
            err.flush();
        });
    }

    /** Runs the network over raw rows: preprocessed with the stored statistics, in batches of the run's size. */
    private static Predictions predict(SavedNetwork net, TrainOptions opts, float[] raw, int n, int[] labels, float[] targets)
            throws IOException {
        int f = net.features();
        float[] x = raw.clone();
        net.preprocessing().transform(x, f);
        Model model = net.model(opts);
        int k = model.outputSize();
        float[] outputs = new float[n * k];
        int batch = opts.spec().batch();
        for (int from = 0; from < n; from += batch) {
            int rows = Math.min(batch, n - from);
            float[] xs = java.util.Arrays.copyOfRange(x, from * f, (from + rows) * f);
            Tensor y = model.forward(new Tensor(xs, rows, f));
            System.arraycopy(y.data(), 0, outputs, from * k, rows * k);
        }
        return new Predictions(outputs, n, k, net.task() == Dataset.Task.REGRESSION, labels, targets);
    }
}
