package saturn.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import saturn.engine.Backends;
import saturn.engine.data.Preprocessed;
import saturn.engine.data.Split;
import saturn.engine.model.Model;
import saturn.engine.train.TrainResult;
import saturn.theory.Activation;

/** The content of a run's {@code config.yaml} and {@code summary.json}. */
final class RunFiles {

    static final String SUMMARY = "summary.json";

    private RunFiles() {
    }

    /** {@code options} (what resuming rebuilds the run from) and {@code derived} (what followed from them). */
    static Map<String, Object> config(TrainOptions o, Split raw, Preprocessed pre, Model model, int batchesPerEpoch,
                                      long totalSteps) {
        Map<String, Object> derived = new LinkedHashMap<>();
        Choices.Init init = Choices.init(o.init(), o.networkActivation(), o.depth());
        Activation act = Activation.parse(o.activation());
        derived.put("activation_formula", act.formula());
        derived.put("max_abs_derivative", act.maxAbsDerivative());
        if (o.remedy().equals("auto")) {
            AutoRemedy.Choice c = AutoRemedy.choose(o.activation(), o.depth(), o.layer(), o.residual());
            derived.put("remedy_choice", "--init " + c.init() + " --transform " + c.transform());
            derived.put("remedy_reason", c.reason());
            derived.put("remedy_lr_rule", "without --lr: " + Choices.defaultLr(o.optimizer())
                    + " * max(0.02, min(1, (depth/2)^-0.9)) = " + AutoRemedy.learningRate(o.optimizer(), o.depth()));
        }
        TheoryTransforms.describe(TheoryTransforms.resolve(o.transform(), o.activation(), o.depth(), o.residual()), derived);
        double a0 = TheoryTransforms.initialScale(o.transform(), o.networkActivation(), init);
        if (!Double.isNaN(a0)) {
            derived.put("transform_kind", "scale");
            derived.put("scale_initial", a0);
            boolean given = o.transform().contains(":") && !o.transform().substring(o.transform().indexOf(':') + 1).startsWith("reg=");
            derived.put("scale_rule", given ? "learnable a*phi per dense layer, a0 given"
                    : "learnable a*phi per dense layer, a0 = sqrt(critical sigma_w2 at this sigma_b2 / sigma_w2), so chi1 = 1");
            derived.put("scale_regularization", TheoryTransforms.scaleRegularization(o.transform()));
        }
        derived.put("init_engine", init.engineName());
        derived.put("init_rule", init.note());
        derived.put("sigma_w2", init.sigmaW2());
        derived.put("sigma_b2", init.sigmaB2());
        if (!Double.isNaN(init.qStar())) derived.put("q_star", init.qStar());
        Choices.Residual r = Choices.residual(o.residual());
        derived.put("shortcut", r.shortcut().name().toLowerCase(java.util.Locale.ROOT));
        if (r.shortcut() == saturn.engine.model.Shortcut.NORMALIZED) derived.put("skip_weight", r.skipWeight());
        derived.put("optimizer_rule", OptimizerChoice.parse(o.optimizer()).rule());
        derived.put("loss", "softmax cross-entropy");
        derived.put("parameter_count", model.parameterCount());
        derived.put("modules", List.of(model.summary().strip().split("\n")));
        derived.put("data_source", raw.source());
        derived.put("train_rows", pre.split().train().n());
        derived.put("test_rows", pre.split().test().n());
        derived.put("features", pre.split().train().features());
        derived.put("classes", pre.split().train().classes());
        derived.put("preprocessing", pre.stats().summary());
        derived.put("batches_per_epoch", batchesPerEpoch);
        derived.put("total_steps", totalSteps);
        derived.put("backends", Backends.describe());
        derived.put("java", System.getProperty("java.version"));
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("options", o.toMap());
        root.put("derived", derived);
        root.put("optimizer", o.optimizerSection(totalSteps));
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
