package saturn.engine.run;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import saturn.engine.model.Model;
import saturn.engine.optim.GradientTransformation;
import saturn.engine.optim.Optimizers;

/**
 * Gradient clipping before the optimizer: none, global-norm clipping at X (1.0), or NFNets'
 * unit-wise adaptive clipping with λ (0.01).
 *
 * @param value the threshold X or λ (NaN for none)
 */
public record ClipSpec(Kind kind, double value) {

    public enum Kind {
        NONE, NORM, AGC;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static final ClipSpec NONE = new ClipSpec(Kind.NONE, Double.NaN);

    public ClipSpec {
        java.util.Objects.requireNonNull(kind, "kind");
        if (kind != Kind.NONE && !(value > 0)) {
            throw new IllegalArgumentException("--clip " + kind.id() + " threshold must be positive, got " + value);
        }
    }

    public static ClipSpec norm(double maxNorm) {
        return new ClipSpec(Kind.NORM, maxNorm);
    }

    public static ClipSpec agc(double lambda) {
        return new ClipSpec(Kind.AGC, lambda);
    }

    /** The option value: {@code none}, {@code norm}, {@code agc:0.05}; a default threshold is left out. */
    public String id() {
        boolean standard = kind == Kind.NONE || (kind == Kind.NORM && value == 1.0) || (kind == Kind.AGC && value == 0.01);
        return standard ? kind.id() : kind.id() + ":" + value;
    }

    @Override
    public String toString() {
        return id();
    }

    /** {@code optimizer} itself for none (the optimizer state has no clipping slot), else {@code chain(clip, optimizer)}. */
    public GradientTransformation wrap(GradientTransformation optimizer, Model model) {
        return switch (kind) {
            case NORM -> Optimizers.chain(Optimizers.clipByGlobalNorm(value), optimizer);
            case AGC -> Optimizers.chain(Optimizers.adaptiveClip(value, Optimizers.unitSizes(model.trainableParameters())),
                    optimizer);
            case NONE -> optimizer;
        };
    }

    /** The clipping's section of {@code config.yaml}. */
    public Map<String, Object> resolved() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind.id());
        switch (kind) {
            case NORM -> {
                m.put("max_norm", value);
                m.put("rule", "g *= min(1, max_norm/|g|), |g| over all parameters");
            }
            case AGC -> {
                m.put("lambda", value);
                m.put("rule", "per output row (weights into one unit; a vector is one unit): g_i *= min(1, lambda "
                        + "max(|w_i|, 1e-3)/|g_i|)");
            }
            case NONE -> m.put("rule", "no clipping");
        }
        return m;
    }
}
