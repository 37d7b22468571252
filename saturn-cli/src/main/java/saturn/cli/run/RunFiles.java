package saturn.cli.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import saturn.cli.options.TrainOptions;
import saturn.engine.run.TrainingRun;
import saturn.engine.train.TrainResult;

/** The content of a run's {@code config.yaml} and {@code summary.json}. */
public final class RunFiles {

    public static final String SUMMARY = "summary.json";
    /** The derived entry listing each stretch of a budget-dependent schedule, with its step. */
    static final String STRETCHED = "schedule_stretched";

    private RunFiles() {
    }

    /**
     * {@code options} (what resuming rebuilds the run from), {@code derived} (what followed from
     * them, {@link TrainingRun#derived()}, with {@code schedule_stretched} when a resumed run
     * stretched its schedule) and {@code optimizer} (its resolved hyperparameters).
     */
    static Map<String, Object> config(TrainOptions o, TrainingRun run, java.util.List<String> stretched) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("options", o.toMap());
        Map<String, Object> derived = run.derived();
        if (!stretched.isEmpty()) derived.put(STRETCHED, stretched);
        root.put("derived", derived);
        root.put("optimizer", run.plan().optimizerSection(run.totalSteps()));
        return root;
    }

    static ObjectNode summary(TrainResult r, String dataSource, String backends) {
        ObjectNode s = Json.object();
        s.put("status", r.status().name().toLowerCase(java.util.Locale.ROOT));
        s.put("steps", r.position().step());
        s.put("total_steps", r.totalSteps());
        s.put("epochs", r.position().epoch() + (r.position().batch() > 0 ? 1 : 0));
        Json.putFinite(s, "test_accuracy", r.finalEvaluation() == null ? Double.NaN : r.finalEvaluation().accuracy());
        Json.putFinite(s, "test_loss", r.finalEvaluation() == null ? Double.NaN : r.finalEvaluation().loss());
        Json.putFinite(s, "best_test_accuracy", r.bestTestAccuracy());
        Json.putFinite(s, "wall_seconds", r.position().wallSeconds());
        Json.putFinite(s, "vanishing_factor", r.position().vanishingFactor());
        s.put("checkpoint", "checkpoints/step-" + r.position().step() + ".safetensors");
        if (r.divergence() != null) {
            s.put("diverged_at_step", r.divergence().step());
            s.put("divergence", r.divergence().message());
        }
        s.put("data_source", dataSource);
        s.put("backends", backends);
        return s;
    }
}
