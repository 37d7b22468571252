package saturn.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import saturn.engine.Backends;
import saturn.engine.data.DataException;
import saturn.engine.data.Dataset;
import saturn.engine.data.DatasetResolver;
import saturn.engine.data.Preprocessed;
import saturn.engine.data.Preprocessing;
import saturn.engine.data.Split;
import saturn.engine.calibration.Lsuv;
import saturn.engine.calibration.RbfData;
import saturn.engine.io.AtomicFiles;
import saturn.engine.loss.SoftmaxCrossEntropy;
import saturn.engine.model.Model;
import saturn.engine.model.TrainingStep;
import saturn.engine.tensor.Ops;
import saturn.engine.tensor.Tensor;
import saturn.engine.train.StopRequest;
import saturn.engine.train.TrainResult;
import saturn.engine.train.TrainListener;
import saturn.engine.train.Trainer;
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
final class TrainCommand implements Callable<Integer> {

    static final int EXIT_DIVERGED = 3;

    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "D", description = "fashion-mnist, mnist, synthetic:spirals, synthetic:teacher, csv:FILE")
    String data;
    @Option(names = "--data-dir", paramLabel = "DIR", description = "Folder with the four MNIST-format files.")
    String dataDir;
    @Option(names = "--preprocess", paramLabel = "P", description = "standardize (default), scale, none, pln.")
    String preprocess;
    @Option(names = "--depth", paramLabel = "L", description = "Hidden layers (required).")
    String depth;
    @Option(names = "--width", paramLabel = "W", description = "Units per hidden layer (required).")
    String width;
    @Option(names = "--activation", paramLabel = "A", description = "Library name or formula in x (required).")
    String activation;
    @Option(names = "--layer", paramLabel = "K", description = "dense (default) or rbf.")
    String layer;
    @Option(names = "--remedy", paramLabel = "R", description = "none (default) or auto: the theory picks --init and "
            + "--transform for this activation, depth and shortcut (TAT + orthogonal for smooth activations, DKS for "
            + "kinked ones, rbf-data for RBF layers) and, without --lr, a learning rate for the depth; reasons in "
            + "config.yaml.")
    String remedy;
    @Option(names = "--init", paramLabel = "I", description = "xavier (default), he, lecun, gaussian:SW2[,SB2], uniform[:SW2], "
            + "orthogonal[:GAIN] (Haar), gain[:SB2] (q* = 1 for this activation), critical[:SB2] (edge of chaos, "
            + "orthogonal; q* = 1/depth unless SB2 is given), critical-gaussian[:SB2], critical-q:QSTAR, "
            + "lsuv (orthonormal, then unit pre-activation variance on one batch); with --layer rbf: rbf-random "
            + "(default; centres N(0,1), widths sqrt(fan_in)) or rbf-data (k-means++ centres and neighbour-distance "
            + "widths on the data, calibrated per layer).")
    String init;
    @Option(names = "--transform", paramLabel = "T", description = "none (default), normalize ((phi - m)/s under N(0,1)), "
            + "dks[:ZETA] (DKS, network C-map slope ZETA, 1.5), tat[:TAU] (TAT for smooth activations, C-map curvature TAU, 0.3), "
            + "scale[:A0][,reg=LAMBDA] (learnable a*phi per layer, a0 making chi1 = 1 for the init unless given; "
            + "reg adds (LAMBDA/2)(a - a0)^2 per layer); "
            + "solved for a chain of --depth layers, constants in config.yaml's derived section.")
    String transform;
    @Option(names = "--norm", paramLabel = "N", description = "none (default), layer, weight, ws, batch.")
    String norm;
    @Option(names = "--residual", paramLabel = "R", description = "none (default), normalized:W, rezero, highway.")
    String residual;
    @Option(names = "--optimizer", paramLabel = "O", description = "adam (default), adamw, sgd, momentum, nesterov, "
            + "rprop (full batch), rmsprop, adagrad, smorms3, signsgd, signum, lion, lars, lamb, kfac; hyperparameters "
            + "as NAME:KEY=VALUE,... (rmsprop:centered,momentum=0.9; lion:wd=0.01; kfac:damping=1e-3,every=20), "
            + "resolved values in config.yaml's optimizer section.")
    String optimizer;
    @Option(names = "--lr", paramLabel = "X", description = "Learning rate (1e-3 for adam, adamw, rmsprop, smorms3, lamb; "
            + "1e-4 for signsgd, signum, lion; 0.1 for lars; 1e-2 otherwise); for rprop the initial step (0.1).")
    String lr;
    @Option(names = "--clip", paramLabel = "C", description = "none (default), norm[:X] (global norm, 1.0), agc[:LAMBDA] "
            + "(unit-wise adaptive clipping, 0.01).")
    String clip;
    @Option(names = "--schedule", paramLabel = "S", description = "constant (default), cosine (to 0 at the last step), "
            + "warmup-cosine[:WARMUP_STEPS] (5%% of the run), step[:EVERY,FACTOR] (x0.1 every third of the run).")
    String schedule;
    @Option(names = "--batch", paramLabel = "B", description = "Batch size (128).")
    String batch;
    @Option(names = "--epochs", paramLabel = "E", description = "Epochs (5 unless --max-steps).")
    String epochs;
    @Option(names = "--max-steps", paramLabel = "S", description = "Optimizer steps instead of epochs.")
    String maxSteps;
    @Option(names = "--seed", paramLabel = "K", description = "Seed of the weights and the batch order (1).")
    String seed;
    @Option(names = "--threads", paramLabel = "P", description = "GEMM threads (all cores).")
    String threads;
    @Option(names = "--eval-every", paramLabel = "N", description = "Test evaluation every N steps (once per epoch) and at the end.")
    String evalEvery;
    @Option(names = "--diag-every", paramLabel = "N", description = "Per-layer diagnostics every N steps (25: under 5%% of the training time) and at step 1.")
    String diagEvery;
    @Option(names = "--checkpoint-every", paramLabel = "N", description = "Checkpoint every N steps (once per epoch), plus step 0 and the end.")
    String checkpointEvery;
    @Option(names = "--out", paramLabel = "DIR", description = "Run directory (runs/<time>-<activation>-d<depth>).")
    String out;
    @Option(names = "--resume", description = "Continue the run in --out DIR from its last checkpoint, or extend it.")
    boolean resume;
    @Option(names = "--config", paramLabel = "FILE.yaml", description = "Options from a YAML file.")
    Path config;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        PrintWriter stdout = spec.commandLine().getOut();
        Map<String, String> given = new LinkedHashMap<>();
        boolean resuming = resume;
        if (config != null) {
            Map<String, String> file = ConfigFile.readOptions(config);
            String r = file.remove("resume");
            if (r != null) resuming |= Boolean.parseBoolean(r.strip());
            given.putAll(file);
        }
        given.putAll(commandLineValues());
        StopRequest stop = new StopRequest();
        try (InterruptHook hook = InterruptHook.install(stop)) {
            return run(given, resuming, new Session(stdout, err, stop, null, DataLoader.system()));
        }
    }

    /**
     * Where a run's output goes and what it shares with the runs beside it (a sweep runs
     * several in one process).
     *
     * @param listener hears of each step; null draws the progress bar on the terminal
     * @param data     resolves {@code --data} (a sweep shares one loaded data set between its trials)
     */
    record Session(PrintWriter out, PrintWriter err, StopRequest stop, TrainListener listener, DataLoader data) {
    }

    /** Resolves a data set. */
    @FunctionalInterface
    interface DataLoader {
        Split load(String data, String dataDir);

        static DataLoader system() {
            return (data, dir) -> DatasetResolver.system().resolve(data, dir == null ? null : Path.of(dir));
        }

        /** Loads each data set once, for runs in the same process. */
        static DataLoader memoized(DataLoader loader) {
            Map<String, Split> loaded = new java.util.concurrent.ConcurrentHashMap<>();
            return (data, dir) -> loaded.computeIfAbsent(data + "\u0000" + dir, k -> loader.load(data, dir));
        }
    }

    /**
     * One training run, as {@code saturn train} does it, from option values (keys of
     * {@link TrainOptions#KEYS}): resolves them (bad input throws {@link BadInputException}
     * before anything is written), trains, writes the run directory with its {@code report.html}.
     *
     * @return the exit code: 0 done, 3 diverged, 130 stopped
     */
    static int run(Map<String, String> given, boolean resuming, Session session) throws IOException {
        PrintWriter err = session.err();
        PrintWriter stdout = session.out();
        TrainOptions opts;
        Path runDir;
        if (resuming) {
            runDir = resumedDir(given);
            opts = resumedOptions(given, runDir);
        } else {
            opts = TrainOptions.resolve(given);
            runDir = opts.out() != null ? Path.of(opts.out()) : defaultRunDir(opts);
            requireEmpty(runDir);
            opts = opts.withOut(runDir.toString());
        }

        Backends.setThreads(opts.threads());
        Split raw;
        Preprocessed pre;
        try {
            raw = session.data().load(opts.data(), opts.dataDir());
            pre = Preprocessing.parse(opts.preprocess()).apply(raw);
        } catch (DataException e) {
            throw new BadInputException(e.getMessage());
        }
        err.println("data: " + raw.source());
        err.flush();
        int batchesPerEpoch = (pre.split().train().n() + opts.batch() - 1) / opts.batch();
        opts = opts.withEpochDefaults(batchesPerEpoch);

        Ops ops = new Ops(Backends.gemm(), Backends.kernels());
        Model model = Model.fromSpec(opts.modelSpec(raw.train().features(), raw.train().classes()), ops);
        Lsuv.Result lsuv = opts.init().equals("lsuv") ? lsuv(model, pre.split().train(), opts.batch()) : null;
        RbfData.Result rbfData = opts.init().equals("rbf-data") ? rbfData(model, pre.split().train(), opts.seed()) : null;
        long totalSteps = opts.budget().totalSteps(batchesPerEpoch);
        TrainingStep step = new TrainingStep(model, new SoftmaxCrossEntropy(), opts.optimizer(model, totalSteps));
        Trainer trainer = new Trainer(step, new SoftmaxCrossEntropy(), opts.learningRate(totalSteps), pre.split(),
                opts.trainConfig(), runDir);
        long startStep = 0;
        if (resuming) {
            OptionalLong latest = trainer.checkpoints().latest();
            if (latest.isPresent() && latest.getAsLong() == trainer.totalSteps()
                    && Files.exists(runDir.resolve(RunFiles.SUMMARY))) {
                throw new BadInputException("the run in " + runDir + " already finished its " + trainer.totalSteps()
                        + " steps; pass a larger --max-steps or --epochs to extend it");
            }
            try {
                startStep = trainer.resume().step();
            } catch (IllegalArgumentException e) {
                throw new BadInputException(e.getMessage());
            }
            err.println("resuming " + runDir + " at step " + startStep + " of " + trainer.totalSteps());
        }

        Files.createDirectories(runDir);
        Map<String, Object> config = RunFiles.config(opts, raw, pre, model, batchesPerEpoch, trainer.totalSteps());
        if (lsuv != null) {
            @SuppressWarnings("unchecked")
            Map<String, Object> derived = (Map<String, Object>) config.get("derived");
            derived.put("lsuv_iterations", lsuv.iterations());
            derived.put("lsuv_variances", lsuv.variances());
        }
        if (rbfData != null) {
            @SuppressWarnings("unchecked")
            Map<String, Object> derived = (Map<String, Object>) config.get("derived");
            derived.put("rbf_median_widths", rbfData.medianWidths());
            derived.put("rbf_width_factors", rbfData.factors());
            derived.put("rbf_unit_variances", rbfData.variances());
        }
        ConfigFile.writeRun(runDir, config);
        Files.deleteIfExists(runDir.resolve(RunFiles.SUMMARY));
        Files.deleteIfExists(runDir.resolve(RunReport.FILE));

        TrainResult result;
        if (session.listener() != null) {
            result = trainer.run(session.stop(), session.listener());
        } else {
            try (ProgressDisplay progress = ProgressDisplay.open(startStep, trainer.totalSteps())) {
                result = trainer.run(session.stop(), progress);
            }
        }
        ObjectNode summary = RunFiles.summary(result, raw.source(), Backends.describe());
        byte[] bytes = Json.writePretty(summary).concat("\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        AtomicFiles.write(runDir.resolve(RunFiles.SUMMARY), o -> o.write(bytes));
        int code = report(result, runDir, stdout, err);
        if (result.status() != TrainResult.Status.STOPPED) {
            Path html = RunReport.write(runDir);
            (code == 0 ? stdout : err).println("report: " + html);
            (code == 0 ? stdout : err).flush();
        }
        return code;
    }

    private static int report(TrainResult r, Path runDir, PrintWriter stdout, PrintWriter err) {
        switch (r.status()) {
            case DIVERGED -> {
                err.println("saturn: " + r.divergence().message() + " (" + runDir.resolve("checkpoints") + ")");
                err.flush();
                return EXIT_DIVERGED;
            }
            case STOPPED -> {
                err.println("saturn: interrupted at step " + r.position().step() + " of " + r.totalSteps()
                        + "; checkpoint saved; continue with: saturn train --out " + runDir + " --resume");
                err.flush();
                return InterruptHook.EXIT_INTERRUPTED;
            }
            default -> {
                stdout.println(String.format(Locale.ROOT,
                        "step %d: test accuracy %.4f (best %.4f), test loss %.4f, vanishing factor %.3g; run in %s",
                        r.position().step(), r.finalEvaluation().accuracy(), r.bestTestAccuracy(),
                        r.finalEvaluation().loss(), r.position().vanishingFactor(), runDir));
                stdout.flush();
                return 0;
            }
        }
    }

    /** The options given on the command line (not the defaults), by name without dashes. */
    private Map<String, String> commandLineValues() {
        Map<String, String> m = new LinkedHashMap<>();
        for (CommandLine.Model.OptionSpec o : spec.commandLine().getParseResult().matchedOptions()) {
            String name = o.longestName().substring(2);
            if (TrainOptions.KEYS.contains(name)) m.put(name, Objects.toString(o.getValue(), null));
        }
        return m;
    }

    private static Path resumedDir(Map<String, String> given) {
        String dir = given.get("out");
        if (dir == null) throw new BadInputException("--resume needs --out DIR, the run directory to continue");
        Path runDir = Path.of(dir);
        if (!Files.isRegularFile(runDir.resolve(ConfigFile.RUN_CONFIG))) {
            throw new BadInputException("--resume: " + runDir + " is not a saturn run (no " + ConfigFile.RUN_CONFIG + ")");
        }
        return runDir;
    }

    /** The stored configuration, with the budget the user gave; any other differing option is a conflict. */
    private static TrainOptions resumedOptions(Map<String, String> given, Path runDir) {
        Map<String, String> stored = ConfigFile.readRunOptions(runDir);
        Map<String, Object> storedValues = TrainOptions.resolve(stored).toMap();
        for (var e : given.entrySet()) {
            String key = e.getKey();
            if (TrainOptions.BUDGET.contains(key) || key.equals("out")) continue;
            Map<String, String> probe = new HashMap<>(stored);
            probe.put(key, e.getValue());
            Object wanted = TrainOptions.resolve(probe).toMap().get(key);
            if (!Objects.equals(wanted, storedValues.get(key))) {
                throw new BadInputException("--resume: --" + key + " " + e.getValue() + " conflicts with the run's "
                        + key + " " + storedValues.get(key) + " (a resumed run keeps its configuration; only "
                        + "--epochs or --max-steps may change)");
            }
        }
        Map<String, String> merged = new HashMap<>(stored);
        if (given.containsKey("epochs") || given.containsKey("max-steps")) {
            merged.remove("epochs");
            merged.remove("max-steps");
            for (String k : TrainOptions.BUDGET) if (given.containsKey(k)) merged.put(k, given.get(k));
        }
        merged.put("out", runDir.toString());
        return TrainOptions.resolve(merged);
    }

    private static Path defaultRunDir(TrainOptions o) {
        String act = o.activation().replaceAll("[^A-Za-z0-9]+", "_").replaceAll("^_|_$", "");
        if (act.length() > 24) act = act.substring(0, 24);
        if (act.isEmpty()) act = "formula";
        String time = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT));
        return Path.of("runs", time + "-" + act + "-d" + o.depth());
    }

    private static void requireEmpty(Path runDir) throws IOException {
        if (!Files.exists(runDir)) return;
        if (!Files.isDirectory(runDir)) throw new BadInputException("--out " + runDir + " exists and is not a folder");
        try (Stream<Path> s = Files.list(runDir)) {
            if (s.findAny().isPresent()) {
                throw new BadInputException("--out " + runDir + " is not empty; pass --resume to continue the run in it, "
                        + "or choose another folder");
            }
        }
    }

    static String formula(String activation) {
        return Activation.parse(activation).formula();
    }

    /** rbf-data on the first {@link Choices#RBF_SAMPLE} training examples (a resumed run then loads its checkpoint). */
    private static RbfData.Result rbfData(Model model, Dataset train, long seed) {
        int rows = Math.min(Choices.RBF_SAMPLE, train.n());
        Tensor x = new Tensor(java.util.Arrays.copyOf(train.x(), rows * train.features()), rows, train.features());
        try {
            return RbfData.initialize(model, x, new java.util.SplittableRandom(seed));
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--init rbf-data: " + e.getMessage());
        }
    }

    /** LSUV on the first training batch (a resumed run then loads its checkpoint over it). */
    private static Lsuv.Result lsuv(Model model, Dataset train, int batch) {
        int rows = Math.min(batch, train.n());
        Tensor x = new Tensor(java.util.Arrays.copyOf(train.x(), rows * train.features()), rows, train.features());
        try {
            return Lsuv.calibrate(model, x, Choices.LSUV_TOLERANCE, Choices.LSUV_ITERATIONS);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--init lsuv: " + e.getMessage() + " (use it with --norm none --residual none --layer dense)");
        }
    }
}
