package saturn.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import saturn.engine.optim.Schedule;

/**
 * {@code --schedule constant | cosine | warmup-cosine[:WARMUP_STEPS] | step[:EVERY[,FACTOR]]}.
 * Cosine decays to 0 at the run's total steps (known once the data set is loaded); warm-up
 * defaults to 5% of them; step decay multiplies the rate by FACTOR (0.1) every EVERY steps
 * (a third of the run). Extending a finished run with {@code --resume} recomputes the total,
 * so the extended run follows the longer schedule from where it stands.
 *
 * @param warmup 0 when not given (resolved from the total)
 * @param every  0 when not given
 */
record ScheduleChoice(String kind, long warmup, long every, double factor) {

    static final List<String> CHOICES = List.of("constant", "cosine", "warmup-cosine[:WARMUP_STEPS]", "step[:EVERY,FACTOR]");

    static ScheduleChoice parse(String text) {
        String v = text.strip().toLowerCase(Locale.ROOT);
        String head = v.contains(":") ? v.substring(0, v.indexOf(':')) : v;
        String arg = v.contains(":") ? v.substring(v.indexOf(':') + 1) : null;
        switch (head) {
            case "constant", "cosine" -> {
                if (arg != null) throw Choices.unknown(text, "--schedule", CHOICES);
                return new ScheduleChoice(head, 0, 0, Double.NaN);
            }
            case "warmup-cosine" -> {
                return new ScheduleChoice(head, arg == null ? 0 : steps(arg, "--schedule warmup-cosine WARMUP_STEPS"), 0,
                        Double.NaN);
            }
            case "step" -> {
                if (arg == null) return new ScheduleChoice(head, 0, 0, 0.1);
                String[] parts = arg.split(",", -1);
                if (parts.length > 2) throw Choices.unknown(text, "--schedule", CHOICES);
                long every = steps(parts[0], "--schedule step EVERY");
                double factor = parts.length == 2 ? Choices.positive(parts[1], "--schedule step FACTOR") : 0.1;
                return new ScheduleChoice(head, 0, every, factor);
            }
            default -> throw Choices.unknown(text, "--schedule", CHOICES);
        }
    }

    private static long steps(String text, String what) {
        try {
            long n = Long.parseLong(text.strip());
            if (n < 1) throw new BadInputException(what + " must be >= 1, got " + n);
            return n;
        } catch (NumberFormatException e) {
            throw new BadInputException(what + ": '" + text + "' is not an integer");
        }
    }

    long warmupSteps(long total) {
        return warmup > 0 ? warmup : Math.max(1, total / 20);
    }

    long everySteps(long total) {
        return every > 0 ? every : Math.max(1, total / 3);
    }

    Schedule build(double peak, long total) {
        return switch (kind) {
            case "cosine" -> Schedule.cosine(peak, total);
            case "warmup-cosine" -> Schedule.warmupCosine(peak, warmupSteps(total), total);
            case "step" -> Schedule.stepDecay(peak, everySteps(total), factor);
            default -> Schedule.constant(peak);
        };
    }

    Map<String, Object> resolved(long total) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind);
        switch (kind) {
            case "cosine" -> {
                m.put("total_steps", total);
                m.put("rule", "lr(t) = lr/2 (1 + cos(pi t/total)), 0 after total");
            }
            case "warmup-cosine" -> {
                m.put("warmup_steps", warmupSteps(total));
                m.put("total_steps", total);
                m.put("rule", "lr (t+1)/warmup during warm-up, then cosine from lr to 0 at total");
            }
            case "step" -> {
                m.put("every", everySteps(total));
                m.put("factor", factor);
                m.put("rule", "lr(t) = lr factor^floor(t/every)");
            }
            default -> m.put("rule", "lr(t) = lr");
        }
        return m;
    }
}
