package saturn.engine.optim;

/** A learning-rate schedule: the rate as a function of the step (0 for the first update). */
@FunctionalInterface
public interface Schedule {

    double at(long step);

    static Schedule constant(double rate) {
        return step -> rate;
    }

    /** Cosine decay from {@code peak} at step 0 to 0 at {@code total}: {@code η(t) = ½ η0 (1 + cos(π t/T))}, 0 after T. */
    static Schedule cosine(double peak, long total) {
        return warmupCosine(peak, 0, total);
    }

    /** Step decay: {@code η(t) = η0 · factor^⌊t/every⌋}. */
    static Schedule stepDecay(double peak, long every, double factor) {
        if (every <= 0) throw new IllegalArgumentException("step decay interval must be positive: " + every);
        return step -> peak * Math.pow(factor, step / every);
    }

    /** Linear warm-up from 0 over {@code warmup} steps, then cosine decay to 0 at {@code total}. */
    static Schedule warmupCosine(double peak, long warmup, long total) {
        return step -> {
            if (step < warmup) return peak * (step + 1) / warmup;
            if (step >= total) return 0.0;
            double progress = (double) (step - warmup) / Math.max(1, total - warmup);
            return 0.5 * peak * (1 + Math.cos(Math.PI * progress));
        };
    }
}
