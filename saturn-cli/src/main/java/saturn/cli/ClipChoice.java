package saturn.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import saturn.engine.model.Model;
import saturn.engine.optim.GradientTransformation;
import saturn.engine.optim.Optimizers;

/**
 * {@code --clip none | norm[:X] | agc[:λ]}: global-norm clipping at X (1.0), or NFNets'
 * unit-wise adaptive clipping with λ (0.01), applied to the gradients before the optimizer.
 *
 * @param kind  {@code none}, {@code norm} or {@code agc}
 * @param value the threshold X or λ (NaN for none)
 */
record ClipChoice(String kind, double value) {

    static final List<String> CHOICES = List.of("none", "norm[:X]", "agc[:LAMBDA]");

    static ClipChoice parse(String text) {
        String v = text.strip().toLowerCase(Locale.ROOT);
        String head = v.contains(":") ? v.substring(0, v.indexOf(':')) : v;
        String arg = v.contains(":") ? v.substring(v.indexOf(':') + 1) : null;
        return switch (head) {
            case "none" -> {
                if (arg != null) throw Choices.unknown(text, "--clip", CHOICES);
                yield new ClipChoice("none", Double.NaN);
            }
            case "norm" -> new ClipChoice("norm", arg == null ? 1.0 : Choices.positive(arg, "--clip norm X"));
            case "agc" -> new ClipChoice("agc", arg == null ? 0.01 : Choices.positive(arg, "--clip agc lambda"));
            default -> throw Choices.unknown(text, "--clip", CHOICES);
        };
    }

    /** {@code optimizer} itself for none (same state layout as before clipping existed), else {@code chain(clip, optimizer)}. */
    GradientTransformation wrap(GradientTransformation optimizer, Model model) {
        return switch (kind) {
            case "norm" -> Optimizers.chain(Optimizers.clipByGlobalNorm(value), optimizer);
            case "agc" -> Optimizers.chain(Optimizers.adaptiveClip(value, Optimizers.unitSizes(model.trainableParameters())),
                    optimizer);
            default -> optimizer;
        };
    }

    Map<String, Object> resolved() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind);
        switch (kind) {
            case "norm" -> {
                m.put("max_norm", value);
                m.put("rule", "g *= min(1, max_norm/|g|), |g| over all parameters");
            }
            case "agc" -> {
                m.put("lambda", value);
                m.put("rule", "per output row (weights into one unit; a vector is one unit): g_i *= min(1, lambda "
                        + "max(|w_i|, 1e-3)/|g_i|)");
            }
            default -> m.put("rule", "no clipping");
        }
        return m;
    }
}
