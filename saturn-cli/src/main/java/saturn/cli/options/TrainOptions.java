package saturn.cli.options;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import saturn.engine.data.DataSpec;
import saturn.engine.data.Preprocessing;
import saturn.engine.layer.RbfNorm;
import saturn.engine.model.LayerKind;
import saturn.engine.model.Normalization;
import saturn.engine.remedy.InitSpec;
import saturn.engine.remedy.Residual;
import saturn.engine.remedy.TransformSpec;
import saturn.engine.run.ClipSpec;
import saturn.engine.run.LayerRates;
import saturn.engine.run.OptimizerSpec;
import saturn.engine.run.RecurrentSpec;
import saturn.engine.run.RunPlan;
import saturn.engine.run.RunSpec;
import saturn.engine.run.ScheduleSpec;
import saturn.engine.train.Budget;
import saturn.theory.Activation;

/**
 * Every option of {@code saturn train}, resolved: given values (config file, then command
 * line, parsed by {@link OptionText}) over the defaults, checked by the engine's
 * {@link RunPlan}. The same names, without dashes, are the keys of the YAML config and of the
 * {@code options} section of a run's {@code config.yaml}.
 *
 * @param plan the run, its remedy applied
 * @param out  the run directory, null until chosen
 */
public record TrainOptions(RunPlan plan, String out) {

    /** The option names, in the order of {@code --help} and {@code config.yaml}. */
    public static final List<String> KEYS = List.of("data", "data-dir", "preprocess", "depth", "width", "activation", "layer",
            "sequence", "gate", "gate-bias", "remedy", "init", "transform", "norm", "rbf-norm", "residual", "optimizer", "lr", "lr-layers", "control", "clip", "schedule", "batch", "epochs",
            "max-steps", "seed",
            "threads", "eval-every", "diag-every", "checkpoint-every", "out");
    /** Options a resumed run may change: its budget. */
    public static final List<String> BUDGET = List.of("epochs", "max-steps");

    private static final Activation GAUSS = Activation.parse("gauss");

    /** Resolves given values (keys of {@link #KEYS}, parsed) over the defaults. */
    public static TrainOptions resolve(Map<String, Object> given) {
        for (String k : given.keySet()) {
            if (!KEYS.contains(k)) throw new BadInputException("unknown option '" + k + "' (known: " + String.join(", ", KEYS) + ")");
        }
        Map<String, Object> g = new LinkedHashMap<>(given);
        g.values().removeIf(v -> v == null);
        DataSpec data = (DataSpec) required(g, "data");
        int depth = (Integer) required(g, "depth");
        int width = (Integer) required(g, "width");
        LayerKind layer = (LayerKind) g.getOrDefault("layer", LayerKind.DENSE);
        // RBF units are Gaussian bumps of the distance: --activation is optional for them (and names their unit)
        if (layer == LayerKind.RBF) g.putIfAbsent("activation", GAUSS);
        Activation activation = (Activation) required(g, "activation");
        if (g.containsKey("epochs") && g.containsKey("max-steps")) {
            throw new BadInputException("give --epochs or --max-steps, not both");
        }
        Budget budget = g.containsKey("max-steps") ? Budget.ofSteps((Long) g.get("max-steps"))
                : Budget.ofEpochs((Integer) g.getOrDefault("epochs", RunSpec.DEFAULT_EPOCHS));
        RecurrentSpec recurrent = null;
        if (layer.recurrent()) {
            recurrent = (RecurrentSpec) g.getOrDefault("sequence", RecurrentSpec.DEFAULT);
            if (g.containsKey("gate")) recurrent = recurrent.withGate((Activation) g.get("gate"));
            if (g.containsKey("gate-bias")) recurrent = recurrent.withGateBias((Double) g.get("gate-bias"));
        } else {
            for (String k : List.of("sequence", "gate", "gate-bias")) {
                if (g.containsKey(k)) throw new BadInputException("--" + k + " applies to --layer rnn, gru or lstm");
            }
        }
        if (layer != LayerKind.RBF && g.containsKey("rbf-norm")) {
            throw new BadInputException("--rbf-norm normalizes the distances of RBF layers: use it with --layer rbf");
        }
        Object dir = g.get("data-dir");
        RunSpec spec = new RunSpec(data, dir == null ? null : Path.of((String) dir),
                (Preprocessing) g.getOrDefault("preprocess", Preprocessing.STANDARDIZE), depth, width, activation, layer,
                (Boolean) g.getOrDefault("remedy", false), (InitSpec) g.get("init"), (TransformSpec) g.get("transform"),
                (Normalization) g.getOrDefault("norm", Normalization.NONE), (Residual) g.getOrDefault("residual", Residual.NONE),
                (OptimizerSpec) g.getOrDefault("optimizer", OptimizerSpec.of("adam")), (Double) g.getOrDefault("lr", Double.NaN),
                (ClipSpec) g.getOrDefault("clip", ClipSpec.NONE), (ScheduleSpec) g.getOrDefault("schedule", ScheduleSpec.CONSTANT),
                (Integer) g.getOrDefault("batch", RunSpec.DEFAULT_BATCH), budget, (Long) g.getOrDefault("seed", 1L),
                (Integer) g.getOrDefault("threads", Runtime.getRuntime().availableProcessors()),
                (Long) g.getOrDefault("eval-every", 0L), (Long) g.getOrDefault("diag-every", RunSpec.DEFAULT_DIAG_EVERY),
                (Long) g.getOrDefault("checkpoint-every", 0L), recurrent, (RbfNorm) g.getOrDefault("rbf-norm", RbfNorm.NONE),
                (LayerRates) g.getOrDefault("lr-layers", LayerRates.NONE),
                (saturn.engine.control.ControlSpec) g.getOrDefault("control", saturn.engine.control.ControlSpec.NONE));
        return new TrainOptions(RunPlan.of(spec), (String) g.get("out"));
    }

    /** Resolves option texts ({@link OptionText#parseAll}). */
    public static TrainOptions resolveText(Map<String, String> given) {
        return resolve(OptionText.parseAll(given));
    }

    private static Object required(Map<String, Object> g, String key) {
        Object v = g.get(key);
        if (v == null) throw new BadInputException("missing --" + key + " (give it on the command line or in the --config file)");
        return v;
    }

    public RunSpec spec() {
        return plan.spec();
    }

    public TrainOptions withOut(String dir) {
        return new TrainOptions(plan, dir);
    }

    public TrainOptions withPlan(RunPlan p) {
        return new TrainOptions(p, out);
    }

    /** The options as YAML-ready values: numbers as numbers, absent ones as null, the rest as option text. */
    public Map<String, Object> toMap() {
        RunSpec s = plan.spec();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("data", OptionText.show(s.data()));
        m.put("data-dir", s.dataDir() == null ? null : s.dataDir().toString());
        m.put("preprocess", OptionText.show(s.preprocess()));
        m.put("depth", s.depth());
        m.put("width", s.width());
        m.put("activation", OptionText.show(s.activation()));
        m.put("layer", OptionText.show(s.layer()));
        m.put("sequence", s.recurrent() == null ? null : OptionText.show(s.recurrent()));
        m.put("gate", s.recurrent() == null ? null : OptionText.show(s.recurrent().gate()));
        m.put("gate-bias", s.recurrent() == null ? null : s.recurrent().gateBias());
        m.put("remedy", OptionText.show(s.autoRemedy()));
        m.put("init", OptionText.show(s.init()));
        m.put("transform", OptionText.show(s.transform()));
        m.put("norm", OptionText.show(s.norm()));
        m.put("rbf-norm", s.layer() == LayerKind.RBF ? OptionText.show(s.rbfNorm()) : null);
        m.put("residual", OptionText.show(s.residual()));
        m.put("optimizer", OptionText.show(s.optimizer()));
        m.put("lr", s.lr());
        m.put("lr-layers", s.lrLayers().kind() == LayerRates.Kind.NONE ? null : OptionText.show(s.lrLayers()));
        m.put("control", s.control().enabled() ? OptionText.show(s.control()) : null);
        m.put("clip", OptionText.show(s.clip()));
        m.put("schedule", OptionText.show(s.schedule()));
        m.put("batch", s.batch());
        m.put("epochs", s.budget().maxSteps() > 0 ? null : s.budget().epochs());
        m.put("max-steps", s.budget().maxSteps() > 0 ? s.budget().maxSteps() : null);
        m.put("seed", s.seed());
        m.put("threads", s.threads());
        m.put("eval-every", s.evalEvery() > 0 ? s.evalEvery() : null);
        m.put("diag-every", s.diagEvery());
        m.put("checkpoint-every", s.checkpointEvery() > 0 ? s.checkpointEvery() : null);
        m.put("out", out);
        return m;
    }

    /** The options as the text {@link #resolveText} takes (absent ones left out). */
    public Map<String, String> toGiven() {
        Map<String, String> m = new LinkedHashMap<>();
        toMap().forEach((k, v) -> {
            if (v != null) m.put(k, v instanceof Double d ? Double.toString(d) : v.toString());
        });
        return m;
    }
}
