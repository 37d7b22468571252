package saturn.cli.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Consumer;
import saturn.cli.options.BadInputException;
import saturn.cli.options.TrainOptions;
import saturn.engine.checkpoint.Checkpoints;
import saturn.engine.data.DataException;
import saturn.engine.data.Split;
import saturn.engine.run.DataLoader;
import saturn.engine.run.TrainingRun;

/**
 * A trained run's model rebuilt from its folder: the options of its {@code config.yaml}, the
 * data set (for the preprocessing, refitted on the training split as in training, and the
 * model's input and output sizes), then the weights of a checkpoint. What {@code saturn eval}
 * and {@code saturn export} read.
 *
 * @param training the run with the checkpoint's weights loaded into its model
 * @param weights  the checkpoint read
 * @param step     the step it was written at
 */
public record RunModel(TrainingRun training, Path weights, long step) {

    /**
     * Rebuilds the model of {@code run}.
     *
     * @param checkpoint a weights file, or null for the run's latest checkpoint
     * @param data       another data set of the same shape instead of the run's, or null
     * @param download   whether Fashion-MNIST may be downloaded when it is not on this machine
     * @param notices    lines about the data (where it came from, downloads)
     * @throws BadInputException when the folder is not a run, the checkpoint is missing or unreadable, or the data cannot be loaded
     */
    public static RunModel load(Path run, Path checkpoint, String data, boolean download, Consumer<String> notices)
            throws IOException {
        if (!Files.isRegularFile(run.resolve(ConfigFile.RUN_CONFIG))) {
            throw new BadInputException("--run " + run + " is not a saturn run (no " + ConfigFile.RUN_CONFIG + ")");
        }
        Map<String, String> stored = ConfigFile.readRunOptions(run);
        if (data != null) {
            stored.put("data", data);
            stored.remove("data-dir");
        }
        TrainOptions opts = TrainOptions.resolveText(stored);
        Path weights = checkpoint != null ? checkpoint : latest(run);
        if (!Files.isRegularFile(weights)) throw new BadInputException("--checkpoint " + weights + ": no such file");
        Split raw = data(opts, download, notices);
        TrainingRun training;
        try {
            training = TrainingRun.open(opts.plan(), raw, run);
        } catch (DataException e) {
            throw new BadInputException(e.getMessage());
        }
        long step = Checkpoints.loadWeights(weights, training.model());
        return new RunModel(training, weights, step);
    }

    /**
     * The data set the options name, saying where it came from ({@code data: ...}) on
     * {@code notices}.
     *
     * @throws BadInputException when it cannot be loaded
     */
    public static Split data(TrainOptions opts, boolean download, Consumer<String> notices) {
        try {
            Split raw = DataLoader.system(download, notices).load(opts.spec().data(), opts.spec().dataDir());
            notices.accept("data: " + raw.source());
            return raw;
        } catch (DataException e) {
            throw new BadInputException(e.getMessage());
        }
    }

    private static Path latest(Path run) throws IOException {
        Checkpoints c = new Checkpoints(run.resolve("checkpoints"));
        OptionalLong step = c.latest();
        if (step.isEmpty()) throw new BadInputException("--run " + run + " has no checkpoint in " + c.dir());
        return c.weightsFile(step.getAsLong());
    }
}
