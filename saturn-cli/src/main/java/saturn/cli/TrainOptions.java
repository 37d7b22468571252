package saturn.cli;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import saturn.engine.model.ModelSpec;
import saturn.engine.train.Budget;
import saturn.engine.train.TrainConfig;

/**
 * Every option of {@code saturn train}, resolved: given values (config file, then command
 * line) over the defaults, validated. The same names, without dashes, are the keys of the
 * YAML config and of the {@code options} section of a run's {@code config.yaml}.
 *
 * @param evalEvery       0 until resolved: once per epoch
 * @param checkpointEvery 0 until resolved: once per epoch
 * @param epochs          0 when the budget is {@code maxSteps}
 * @param maxSteps        0 when the budget is {@code epochs}
 */
record TrainOptions(String data, String dataDir, String preprocess, int depth, int width, String activation,
                    String layer, String remedy, String init, String transform, String norm, String residual, String optimizer,
                    double lr, String clip, String schedule, int batch, int epochs, long maxSteps, long seed, int threads, long evalEvery,
                    long diagEvery, long checkpointEvery, String out) {

    /** The option names, in the order of {@code --help} and {@code config.yaml}. */
    static final List<String> KEYS = List.of("data", "data-dir", "preprocess", "depth", "width", "activation", "layer",
            "remedy", "init", "transform", "norm", "residual", "optimizer", "lr", "clip", "schedule", "batch", "epochs",
            "max-steps", "seed",
            "threads", "eval-every", "diag-every", "checkpoint-every", "out");
    /** Options a resumed run may change: its budget. */
    static final List<String> BUDGET = List.of("epochs", "max-steps");

    static final int DEFAULT_EPOCHS = 5;
    static final int DEFAULT_BATCH = 128;
    /**
     * A diagnosed step costs about two plain steps (measured with Adam, batch 128: 20x256 tanh
     * 9.3 -> 17.5 ms, 2x256 1.2 -> 2.5 ms), so every 25th step keeps the cost at 3.5-4% of training.
     */
    static final long DEFAULT_DIAG_EVERY = 25;

    /** Resolves given values (keys of {@link #KEYS}, raw text) over the defaults. */
    static TrainOptions resolve(Map<String, String> given) {
        for (String k : given.keySet()) {
            if (!KEYS.contains(k)) throw new BadInputException("unknown option '" + k + "' (known: " + String.join(", ", KEYS) + ")");
        }
        Map<String, String> g = new HashMap<>(given);
        g.values().removeIf(v -> v == null);
        String data = required(g, "data");
        int depth = (int) integer(g, "depth", -1, 1, 100_000);
        int width = (int) integer(g, "width", -1, 1, 1_000_000);
        // RBF units are Gaussian bumps of the distance: --activation is optional for them (and names their unit)
        if (canonical(g.getOrDefault("layer", "dense")).equals("rbf")) g.putIfAbsent("activation", "gauss");
        String activation = required(g, "activation").strip();
        try {
            saturn.theory.Activation.parse(activation);
        } catch (IllegalArgumentException e) {
            throw new BadInputException("bad --activation '" + activation + "': " + e.getMessage());
        }
        String preprocess = g.getOrDefault("preprocess", "standardize").strip().toLowerCase(java.util.Locale.ROOT);
        try {
            saturn.engine.data.Preprocessing.parse(preprocess);
        } catch (RuntimeException e) {
            throw new BadInputException("unknown value '" + preprocess + "' for --preprocess; choose one of standardize, scale, none, pln");
        }
        String layer = canonical(g.getOrDefault("layer", "dense"));
        Choices.layer(layer);
        String residual = canonical(g.getOrDefault("residual", "none"));
        Choices.residual(residual);
        String remedy = canonical(g.getOrDefault("remedy", "none"));
        AutoRemedy.Choice auto = AutoRemedy.apply(g, activation, depth, layer, residual);
        String transform = Choices.transform(g.getOrDefault("transform", "none"));
        String network = TheoryTransforms.resolve(transform, activation, depth, residual).formula();
        String init = canonical(g.getOrDefault("init", layer.equals("rbf") ? "rbf-random" : "xavier"));
        if (layer.equals("rbf") != init.startsWith("rbf-")) {
            throw new BadInputException(layer.equals("rbf")
                    ? "--layer rbf takes --init rbf-data or rbf-random (got '" + init + "')"
                    : "--init " + init + " initializes RBF layers: use it with --layer rbf");
        }
        Choices.Init resolvedInit = Choices.init(init, network, depth);
        if (transform.startsWith("scale") && !layer.equals("dense")) {
            throw new BadInputException("--transform scale (learnable a*phi) applies to dense layers only: use it with --layer dense");
        }
        TheoryTransforms.initialScale(transform, network, resolvedInit);
        if (layer.equals("rbf") && !saturn.theory.Activation.parse(activation).formula()
                .equals(saturn.theory.Activation.parse("gauss").formula())) {
            throw new BadInputException("--layer rbf computes Gaussian units exp(-|x - c|^2/(2 s^2)); leave out "
                    + "--activation (or give gauss), got '" + activation + "'");
        }
        String norm = canonical(g.getOrDefault("norm", "none"));
        Choices.norm(norm);
        if (init.equals("lsuv") && !(norm.equals("none") && residual.equals("none") && layer.equals("dense"))) {
            throw new BadInputException("--init lsuv calibrates plain dense chains only: use it with --norm none, "
                    + "--residual none, --layer dense");
        }
        String optimizer = Choices.optimizer(g.getOrDefault("optimizer", "adam"));
        double lr = g.containsKey("lr") ? Choices.positive(g.get("lr"), "--lr")
                : auto != null ? AutoRemedy.learningRate(optimizer, depth) : Choices.defaultLr(optimizer);
        String clip = canonical(g.getOrDefault("clip", "none"));
        ClipChoice.parse(clip);
        String schedule = canonical(g.getOrDefault("schedule", "constant"));
        if (!ScheduleChoice.parse(schedule).kind().equals("constant") && !OptimizerChoice.parse(optimizer).schedulable()) {
            throw new BadInputException("--schedule " + schedule + ": rprop has no learning rate to schedule (--lr is its "
                    + "initial step; the steps adapt per weight); use --schedule constant");
        }
        int batch = (int) integer(g, "batch", DEFAULT_BATCH, 1, 1_000_000);
        if (g.containsKey("epochs") && g.containsKey("max-steps")) {
            throw new BadInputException("give --epochs or --max-steps, not both");
        }
        long maxSteps = integer(g, "max-steps", 0, 1, Long.MAX_VALUE / 2);
        int epochs = (int) integer(g, "epochs", maxSteps > 0 ? 0 : DEFAULT_EPOCHS, 1, 1_000_000);
        long seed = integer(g, "seed", 1, Long.MIN_VALUE, Long.MAX_VALUE);
        int threads = (int) integer(g, "threads", Runtime.getRuntime().availableProcessors(), 1, 1024);
        long evalEvery = integer(g, "eval-every", 0, 1, Long.MAX_VALUE);
        long diagEvery = integer(g, "diag-every", DEFAULT_DIAG_EVERY, 1, Long.MAX_VALUE);
        long checkpointEvery = integer(g, "checkpoint-every", 0, 1, Long.MAX_VALUE);
        String dataDir = g.get("data-dir");
        String out = g.get("out");
        return new TrainOptions(data.strip(), dataDir, preprocess, depth, width, activation, layer, remedy, init, transform, norm,
                residual, optimizer, lr, clip, schedule, batch, epochs, maxSteps, seed, threads, evalEvery, diagEvery, checkpointEvery, out);
    }

    private static String canonical(String v) {
        return v.strip().toLowerCase(java.util.Locale.ROOT);
    }

    private static String required(Map<String, String> g, String key) {
        String v = g.get(key);
        if (v == null || v.isBlank()) {
            throw new BadInputException("missing --" + key + " (give it on the command line or in the --config file)");
        }
        return v;
    }

    private static long integer(Map<String, String> g, String key, long fallback, long min, long max) {
        String v = g.get(key);
        if (v == null) {
            if (fallback < min && fallback != 0) throw new BadInputException("missing --" + key
                    + " (give it on the command line or in the --config file)");
            return fallback;
        }
        long n;
        try {
            n = Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw new BadInputException("--" + key + ": '" + v + "' is not an integer");
        }
        if (n < min || n > max) {
            throw new BadInputException("--" + key + " must be " + (max >= Long.MAX_VALUE / 2 ? ">= " + min
                    : "between " + min + " and " + max) + ", got " + n);
        }
        return n;
    }

    /** The intervals left at "once per epoch" set from the batches per epoch. */
    TrainOptions withEpochDefaults(int batchesPerEpoch) {
        return new TrainOptions(data, dataDir, preprocess, depth, width, activation, layer, remedy, init, transform, norm,
                residual, optimizer, lr, clip, schedule, batch, epochs, maxSteps, seed, threads,
                evalEvery > 0 ? evalEvery : batchesPerEpoch, diagEvery,
                checkpointEvery > 0 ? checkpointEvery : batchesPerEpoch, out);
    }

    TrainOptions withOut(String dir) {
        return new TrainOptions(data, dataDir, preprocess, depth, width, activation, layer, remedy, init, transform, norm,
                residual, optimizer, lr, clip, schedule, batch, epochs, maxSteps, seed, threads, evalEvery, diagEvery, checkpointEvery, dir);
    }

    /** The learning-rate schedule for a run of {@code totalSteps} steps. */
    saturn.engine.optim.Schedule learningRate(long totalSteps) {
        return ScheduleChoice.parse(schedule).build(lr, totalSteps);
    }

    /** The optimizer for this model (with clipping first when asked) and the schedule it follows. */
    saturn.engine.optim.GradientTransformation optimizer(saturn.engine.model.Model model, long totalSteps) {
        OptimizerChoice o = OptimizerChoice.parse(optimizer);
        return ClipChoice.parse(clip).wrap(o.build(learningRate(totalSteps), lr, model, seed), model);
    }

    /** The resolved {@code optimizer} section of {@code config.yaml}: hyperparameters, schedule, clipping. */
    Map<String, Object> optimizerSection(long totalSteps) {
        Map<String, Object> m = OptimizerChoice.parse(optimizer).resolved(lr);
        m.put("schedule", ScheduleChoice.parse(schedule).resolved(totalSteps));
        m.put("clip", ClipChoice.parse(clip).resolved());
        return m;
    }

    Budget budget() {
        return maxSteps > 0 ? Budget.ofSteps(maxSteps) : Budget.ofEpochs(epochs);
    }

    TrainConfig trainConfig() {
        return new TrainConfig(batch, seed, budget(), evalEvery, diagEvery, checkpointEvery);
    }

    /**
     * The activation the network computes: the transformed one ({@code --transform}) as a
     * formula, or {@code --activation} itself for {@code none}. Theory-derived inits use it too.
     */
    String networkActivation() {
        return transform.equals("none") || transform.startsWith("scale") ? activation : TheoryTransforms.resolve(transform, activation, depth, residual).formula();
    }

    ModelSpec modelSpec(int inputSize, int classes) {
        Choices.Init i = Choices.init(init, networkActivation(), depth);
        Choices.Residual r = Choices.residual(residual);
        ModelSpec spec = ModelSpec.mlp(inputSize, depth, width, networkActivation(), classes)
                .withKind(Choices.layer(layer))
                .withNorm(Choices.norm(norm))
                .withShortcut(r.shortcut(), r.skipWeight())
                .withInit(i.engineName(), i.sigmaW2(), i.sigmaB2())
                .withSeed(seed);
        double a0 = TheoryTransforms.initialScale(transform, networkActivation(), i);
        return Double.isNaN(a0) ? spec
                : spec.withLearnableScale(a0).withScaleRegularization(TheoryTransforms.scaleRegularization(transform));
    }

    /** The options as YAML-ready values: numbers as numbers, absent ones as null. */
    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("data", data);
        m.put("data-dir", dataDir);
        m.put("preprocess", preprocess);
        m.put("depth", depth);
        m.put("width", width);
        m.put("activation", activation);
        m.put("layer", layer);
        m.put("remedy", remedy);
        m.put("init", init);
        m.put("transform", transform);
        m.put("norm", norm);
        m.put("residual", residual);
        m.put("optimizer", optimizer);
        m.put("lr", lr);
        m.put("clip", clip);
        m.put("schedule", schedule);
        m.put("batch", batch);
        m.put("epochs", epochs > 0 ? epochs : null);
        m.put("max-steps", maxSteps > 0 ? maxSteps : null);
        m.put("seed", seed);
        m.put("threads", threads);
        m.put("eval-every", evalEvery);
        m.put("diag-every", diagEvery);
        m.put("checkpoint-every", checkpointEvery);
        m.put("out", out);
        return m;
    }

    /** The options as the raw text {@link #resolve} takes (absent ones left out). */
    Map<String, String> toGiven() {
        Map<String, String> m = new LinkedHashMap<>();
        toMap().forEach((k, v) -> {
            if (v != null) m.put(k, v instanceof Double d ? Double.toString(d) : v.toString());
        });
        return m;
    }
}
