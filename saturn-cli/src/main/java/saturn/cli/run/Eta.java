package saturn.cli.run;

import java.util.Locale;
import java.util.OptionalDouble;

/**
 * The time a job has left, from its pace since the first unit of progress seen. Whatever came
 * before that first report — the JVM warming up, data loading, the initial evaluation and
 * checkpoint — is not counted, so the first estimate is not inflated by it.
 */
public final class Eta {

    private long firstDone = -1;
    private long firstNanos;

    /** Records that {@code done} units were finished at {@code nanos}; the first call starts the clock. */
    public synchronized void observe(long done, long nanos) {
        if (firstDone < 0) {
            firstDone = done;
            firstNanos = nanos;
        }
    }

    /** Seconds left at {@code done} of {@code total} units; empty until progress since the first report is known. */
    public synchronized OptionalDouble secondsLeft(long done, long total, long nanos) {
        if (firstDone < 0 || done <= firstDone || nanos <= firstNanos) return OptionalDouble.empty();
        double perUnit = (nanos - firstNanos) * 1e-9 / (done - firstDone);
        return OptionalDouble.of(perUnit * Math.max(0, total - done));
    }

    /** {@code ETA 45s}, {@code ETA 12m05s}, {@code ETA 2h07m}; {@code ETA ?} when unknown. */
    public static String format(OptionalDouble seconds) {
        if (seconds.isEmpty() || !Double.isFinite(seconds.getAsDouble())) return "ETA ?";
        long s = Math.round(seconds.getAsDouble());
        if (s < 60) return "ETA " + s + "s";
        if (s < 3600) return String.format(Locale.ROOT, "ETA %dm%02ds", s / 60, s % 60);
        return String.format(Locale.ROOT, "ETA %dh%02dm", s / 3600, (s % 3600) / 60);
    }
}
