package saturn.cli.train;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import saturn.cli.options.Converters;
import saturn.cli.options.OptionText;
import saturn.cli.options.TrainOptions;
import saturn.cli.run.ConfigFile;
import saturn.cli.run.InterruptHook;
import saturn.cli.run.TrainRun;
import saturn.engine.data.DataSpec;
import saturn.engine.data.Preprocessing;
import saturn.engine.model.LayerKind;
import saturn.engine.model.Normalization;
import saturn.engine.remedy.InitSpec;
import saturn.engine.remedy.Residual;
import saturn.engine.remedy.TransformSpec;
import saturn.engine.run.ClipSpec;
import saturn.engine.run.DataLoader;
import saturn.engine.run.OptimizerSpec;
import saturn.engine.run.ScheduleSpec;
import saturn.engine.train.StopRequest;
import saturn.theory.Activation;

/**
 * {@code saturn train}: trains an MLP with the chosen activation on a data set, watching every
 * layer, into a run directory ({@code config.yaml}, {@code metrics.jsonl},
 * {@code diagnostics.jsonl}, {@code checkpoints/}, {@code summary.json}). Exit codes: 0 done,
 * 2 bad input (nothing written), 3 diverged, 130 interrupted (checkpoint saved).
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a deep MLP with any activation, logging per-layer diagnostics and checkpoints.",
                "Every option can also come from a YAML file (--config; keys are option names without dashes); "
                        + "options on the command line win."})
public final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "D", description = "fashion-mnist, mnist, synthetic:spirals, synthetic:teacher, csv:FILE", converter = Converters.Data.class)
    DataSpec data;
    @Option(names = "--data-dir", paramLabel = "DIR", description = "Folder with the four MNIST-format files.")
    String dataDir;
    @Option(names = "--download", description = "Download Fashion-MNIST (HTTPS, SHA-256 verified) when it is not on "
            + "this machine; without it the embedded subset stands in.")
    boolean download;
    @Option(names = "--preprocess", paramLabel = "P", description = "standardize (default), scale, none, pln.", converter = Converters.Preprocess.class)
    Preprocessing preprocess;
    @Option(names = "--depth", paramLabel = "L", description = "Hidden layers (required).", converter = Converters.Depth.class)
    Integer depth;
    @Option(names = "--width", paramLabel = "W", description = "Units per hidden layer (required).", converter = Converters.Width.class)
    Integer width;
    @Option(names = "--activation", paramLabel = "A", description = "Library name or formula in x (required).", converter = Converters.Activation.class)
    Activation activation;
    @Option(names = "--layer", paramLabel = "K", description = "dense (default), rbf, or recurrent: rnn (h' = phi(W_ih x + "
            + "W_hh h + b)), gru, lstm (PyTorch's cells and checkpoint names; --depth stacks them, --width is the state "
            + "size, --activation the cell's phi).", converter = Converters.Layer.class)
    LayerKind layer;
    @Option(names = "--sequence", paramLabel = "S", description = "Recurrent layers: auto (default: the data's own steps for "
            + "synthetic:adding and synthetic:copy, else rows), rows (a square image row by row, 28 steps for "
            + "Fashion-MNIST), pixels (one feature a step, 784), rows:permuted or pixels:permuted (one "
            + "fixed random order of the features, from --seed).", converter = Converters.Sequence.class)
    Object sequence;
    @Option(names = "--gate", paramLabel = "A", description = "GRU and LSTM: the gates' activation (sigmoid).", converter = Converters.Gate.class)
    Activation gate;
    @Option(names = "--gate-bias", paramLabel = "B", description = "GRU and LSTM: added to the update / forget gate's bias "
            + "(0; positive keeps the state longer).", converter = Converters.GateBias.class)
    Double gateBias;
    @Option(names = "--remedy", paramLabel = "R", description = "none (default) or auto: the theory picks --init and "
            + "--transform for this activation, depth and shortcut (TAT + orthogonal for smooth activations, DKS for "
            + "kinked ones, rbf-data for RBF layers) and, without --lr, a learning rate for the depth; reasons in "
            + "config.yaml.", converter = Converters.Remedy.class)
    Object remedy;
    @Option(names = "--init", paramLabel = "I", description = "xavier (default), he, lecun, gaussian:SW2[,SB2], uniform[:SW2], "
            + "orthogonal[:GAIN] (Haar), gain[:SB2] (q* = 1 for this activation), critical[:SB2] (edge of chaos, "
            + "orthogonal; q* = 1/depth unless SB2 is given), critical-gaussian[:SB2], critical-q:QSTAR, "
            + "torch (recurrent layers' default: PyTorch's U(+-1/sqrt(hidden))), identity[:GAIN] (recurrent weights GAIN*I), "
            + "lsuv (orthonormal, then unit pre-activation variance on one batch); with --layer rbf: rbf-random "
            + "(default; centres N(0,1), widths sqrt(fan_in)) or rbf-data (k-means++ centres and neighbour-distance "
            + "widths on the data, calibrated per layer).", converter = Converters.Init.class)
    InitSpec init;
    @Option(names = "--transform", paramLabel = "T", description = "none (default), normalize ((phi - m)/s under N(0,1)), "
            + "dks[:ZETA] (DKS, network C-map slope ZETA, 1.5), tat[:TAU] (TAT for smooth activations, C-map curvature TAU, 0.3), "
            + "scale[:A0][,reg=LAMBDA] (learnable a*phi per layer, a0 making chi1 = 1 for the init unless given; "
            + "with --layer rbf: a*RBF, a0 = 1 unless given; "
            + "reg adds (LAMBDA/2)(a - a0)^2 per layer); "
            + "solved for a chain of --depth layers, constants in config.yaml's derived section.", converter = Converters.Transform.class)
    TransformSpec transform;
    @Option(names = "--norm", paramLabel = "N", description = "none (default), layer, weight, ws, batch.", converter = Converters.Norm.class)
    Normalization norm;
    @Option(names = "--rbf-norm", paramLabel = "N", description = "With --layer rbf: how each layer normalizes its squared "
            + "distances d_j = |x - c_j|^2 before exp(-d_j/(2 s_j^2 m)), with no batch statistics: none (default, m = 1), "
            + "example (m = mean_k d_k of the same example), running (m = the expected d under running averages of the "
            + "layer's input mean and variances, frozen at evaluation), nearest (exp(-(d_j - min_k d_k)/(2 s_j^2 m)) with "
            + "m = mean_k d_k - min_k d_k of the same example); widths are then relative to m (docs/rbf.md).",
            converter = Converters.RbfNorm.class)
    Object rbfNorm;
    @Option(names = "--residual", paramLabel = "R", description = "none (default), normalized:W (w·x + √(1−w²)·layer(x)), normalized (W = e^(−1/(depth−1)): the input keeps 1/e of its path), rezero, highway (gate bias chosen for the depth).", converter = Converters.Residual.class)
    Residual residual;
    @Option(names = "--optimizer", paramLabel = "O", description = "adam (default), adamw, sgd, momentum, nesterov, "
            + "rprop (full batch), rmsprop, adagrad, smorms3, signsgd, signum, lion, lars, lamb, kfac; setting their own "
            + "step: dadapt (D-Adaptation Adam), prodigy, vsgd (vsgd:layers per tensor; a second gradient per batch), "
            + "and schedulefree (Schedule-Free AdamW, no schedule needed); hyperparameters "
            + "as NAME:KEY=VALUE,... (rmsprop:centered,momentum=0.9; lion:wd=0.01; kfac:damping=1e-3,every=20), "
            + "resolved values in config.yaml's optimizer section.", converter = Converters.Optimizer.class)
    OptimizerSpec optimizer;
    @Option(names = "--lr", paramLabel = "X", description = "Learning rate (1e-3 for adam, adamw, rmsprop, smorms3, lamb; "
            + "1e-4 for signsgd, signum, lion; 0.1 for lars; 2.5e-3 for schedulefree; 1e-2 otherwise); for rprop the initial "
            + "step (0.1); for dadapt, prodigy and vsgd the multiplier of their own step (1).", converter = Converters.Lr.class)
    Double lr;
    @Option(names = "--lr-layers", paramLabel = "R", description = "Learning-rate factors per hidden layer (the read-out's is 1): "
            + "none (default), list:M1,...,ML (one per hidden layer), theory (m_l = chi1^(-(L-l)/2) from the mean field of the "
            + "network's activation at its init, clamped to [1e-3, 1e3]: larger steps where the gradient is predicted to have shrunk).",
            converter = Converters.LrLayers.class)
    Object lrLayers;
    @Option(names = "--control", paramLabel = "C", description = "The gain controller, acting after every diagnosed step "
            + "(--diag-every): none (default), or actions joined by commas: gain[=ETA] (steer each layer's output gain a of a*phi, "
            + "added with a0 = 1 if absent, or LayerNorm's gain, by chi_emp^(-ETA/2) toward a backward gain of 1; 0.5), "
            + "lr[=MAX] (per-layer learning-rate factors from the gradient-to-weight ratios, in [1/MAX, MAX]; 10), "
            + "iso[=LAMBDA] (orthogonality penalty on hidden weight matrices; 1e-3). Each action and its reason go to "
            + "diagnostics.jsonl.", converter = Converters.Control.class)
    Object control;
    @Option(names = "--clip", paramLabel = "C", description = "none (default), norm[:X] (global norm, 1.0), agc[:LAMBDA] "
            + "(unit-wise adaptive clipping, 0.01).", converter = Converters.Clip.class)
    ClipSpec clip;
    @Option(names = "--schedule", paramLabel = "S", description = "constant (default), cosine (to 0 at the last step), "
            + "warmup-cosine[:WARMUP_STEPS] (5%% of the run), step[:EVERY,FACTOR] (x0.1 every third of the run).", converter = Converters.Schedule.class)
    ScheduleSpec schedule;
    @Option(names = "--batch", paramLabel = "B", description = "Batch size (128).", converter = Converters.Batch.class)
    Integer batch;
    @Option(names = "--epochs", paramLabel = "E", description = "Epochs (5 unless --max-steps).", converter = Converters.Epochs.class)
    Integer epochs;
    @Option(names = "--max-steps", paramLabel = "S", description = "Optimizer steps instead of epochs.", converter = Converters.MaxSteps.class)
    Long maxSteps;
    @Option(names = "--seed", paramLabel = "K", description = "Seed of the weights and the batch order (1).", converter = Converters.Seed.class)
    Long seed;
    @Option(names = "--threads", paramLabel = "P", description = "Cores to compute on (all); the results are the same bits for any number.", converter = Converters.Threads.class)
    Integer threads;
    @Option(names = "--eval-every", paramLabel = "N", description = "Test evaluation every N steps (once per epoch) and at the end.", converter = Converters.EvalEvery.class)
    Long evalEvery;
    @Option(names = "--diag-every", paramLabel = "N", description = "Per-layer diagnostics every N steps (25: under 5%% of the training time) and at step 1.", converter = Converters.DiagEvery.class)
    Long diagEvery;
    @Option(names = "--checkpoint-every", paramLabel = "N", description = "Checkpoint every N steps (once per epoch), plus step 0 and the end.", converter = Converters.CheckpointEvery.class)
    Long checkpointEvery;
    @Option(names = "--out", paramLabel = "DIR", description = "Run directory (runs/<time>-<activation>-d<depth>).")
    String out;
    @Option(names = "--resume", description = "Continue the run in --out DIR from its last checkpoint, or extend it "
            + "(--epochs, --max-steps); its other options stay those it was trained with.")
    boolean resume;
    @Option(names = "--stretch-schedule", description = "With --resume and a new budget: lay a cosine or step schedule "
            + "over the new budget (the learning rate jumps at the resumed step; recorded in config.yaml).")
    boolean stretchSchedule;
    @Option(names = "--config", paramLabel = "FILE.yaml", description = "Options from a YAML file.")
    Path config;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        Map<String, Object> given = new LinkedHashMap<>();
        boolean resuming = resume;
        if (config != null) {
            Map<String, String> file = ConfigFile.readOptions(config);
            String r = file.remove("resume");
            if (r != null) resuming |= Boolean.parseBoolean(r.strip());
            given.putAll(OptionText.parseAll(file));
        }
        given.putAll(commandLineValues());
        StopRequest stop = new StopRequest();
        try (InterruptHook hook = InterruptHook.install(stop)) {
            return TrainRun.run(given, resuming, stretchSchedule,
                    new TrainRun.Session(stdout, err, stop, null, DataLoader.system(download, notices(err))));
        }
    }

    private static java.util.function.Consumer<String> notices(PrintWriter err) {
        return line -> {
            err.println(line);
            err.flush();
        };
    }

    /** The options given on the command line (not the defaults), by name without dashes, parsed. */
    private Map<String, Object> commandLineValues() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (CommandLine.Model.OptionSpec o : spec.commandLine().getParseResult().matchedOptions()) {
            String name = o.longestName().substring(2);
            if (TrainOptions.KEYS.contains(name)) m.put(name, o.getValue());
        }
        return m;
    }
}
