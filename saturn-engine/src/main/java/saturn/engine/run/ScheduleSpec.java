package saturn.engine.run;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import saturn.engine.optim.Schedule;

/**
 * The learning-rate schedule: constant, cosine (to 0 at the run's total steps, known once the
 * data set is loaded), warm-up then cosine (warm-up 5% of the run unless given), or step decay
 * (times {@code factor}, 0.1, every {@code every} steps, a third of the run unless given).
 * A schedule laid over the run's total ({@link #dependsOnBudget}) changes when the budget
 * does: extending such a run stretches it, and the learning rate jumps where the run stands.
 *
 * @param warmup 0 when not given (resolved from the total)
 * @param every  0 when not given
 * @param factor NaN unless {@code step}
 */
public record ScheduleSpec(Kind kind, long warmup, long every, double factor) {

    public enum Kind {
        CONSTANT, COSINE, WARMUP_COSINE, STEP;

        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public static final ScheduleSpec CONSTANT = new ScheduleSpec(Kind.CONSTANT, 0, 0, Double.NaN);
    public static final ScheduleSpec COSINE = new ScheduleSpec(Kind.COSINE, 0, 0, Double.NaN);

    public ScheduleSpec {
        java.util.Objects.requireNonNull(kind, "kind");
        if (warmup < 0 || every < 0) throw new IllegalArgumentException("--schedule steps must be >= 1");
        if (kind == Kind.STEP && !(factor > 0)) throw new IllegalArgumentException("--schedule step FACTOR must be positive, got " + factor);
    }

    /** Warm-up of {@code warmup} steps (0: 5% of the run), then cosine. */
    public static ScheduleSpec warmupCosine(long warmup) {
        return new ScheduleSpec(Kind.WARMUP_COSINE, warmup, 0, Double.NaN);
    }

    /** Times {@code factor} every {@code every} steps (0: a third of the run). */
    public static ScheduleSpec step(long every, double factor) {
        return new ScheduleSpec(Kind.STEP, 0, every, factor);
    }

    public long warmupSteps(long total) {
        return warmup > 0 ? warmup : Math.max(1, total / 20);
    }

    public long everySteps(long total) {
        return every > 0 ? every : Math.max(1, total / 3);
    }

    /**
     * True when the schedule is laid over the run's total steps (cosine, warm-up then cosine,
     * step decay every third of the run): another budget makes it another schedule.
     */
    public boolean dependsOnBudget() {
        return switch (kind) {
            case CONSTANT -> false;
            case COSINE, WARMUP_COSINE -> true;
            case STEP -> every == 0;
        };
    }

    /** The schedule from {@code peak} over a run of {@code total} steps. */
    public Schedule build(double peak, long total) {
        return switch (kind) {
            case COSINE -> Schedule.cosine(peak, total);
            case WARMUP_COSINE -> Schedule.warmupCosine(peak, warmupSteps(total), total);
            case STEP -> Schedule.stepDecay(peak, everySteps(total), factor);
            case CONSTANT -> Schedule.constant(peak);
        };
    }

    /** The option value: {@code constant}, {@code cosine}, {@code warmup-cosine[:W]}, {@code step[:EVERY,FACTOR]}. */
    public String id() {
        return switch (kind) {
            case CONSTANT, COSINE -> kind.id();
            case WARMUP_COSINE -> warmup > 0 ? kind.id() + ":" + warmup : kind.id();
            case STEP -> every > 0 ? kind.id() + ":" + every + "," + factor : factor == 0.1 ? kind.id() : kind.id() + ":0," + factor;
        };
    }

    @Override
    public String toString() {
        return id();
    }

    /** The schedule's section of {@code config.yaml}, for a run of {@code total} steps. */
    public Map<String, Object> resolved(long total) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind.id());
        switch (kind) {
            case COSINE -> {
                m.put("total_steps", total);
                m.put("rule", "lr(t) = lr/2 (1 + cos(pi t/total)), 0 after total");
            }
            case WARMUP_COSINE -> {
                m.put("warmup_steps", warmupSteps(total));
                m.put("total_steps", total);
                m.put("rule", "lr (t+1)/warmup during warm-up, then cosine from lr to 0 at total");
            }
            case STEP -> {
                m.put("every", everySteps(total));
                m.put("factor", factor);
                m.put("rule", "lr(t) = lr factor^floor(t/every)");
            }
            case CONSTANT -> m.put("rule", "lr(t) = lr");
        }
        return m;
    }
}
