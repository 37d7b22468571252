package saturn.engine.optim;

/** A learning-rate schedule: the rate as a function of the step (0 for the first update). */
@FunctionalInterface
public interface Schedule {

    double at(long step);

    static Schedule constant(double rate) {
        return step -> rate;
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
