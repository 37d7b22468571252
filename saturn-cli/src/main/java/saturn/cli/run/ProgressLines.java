package saturn.cli.run;

import java.io.PrintWriter;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Progress for output that is not a terminal (a pipe, a log file, {@code nohup}, CI): one
 * plain line at a steady interval, with no carriage returns or escape codes. The interval is
 * {@value #DEFAULT_SECONDS} s, or the system property {@value #PROPERTY} (seconds).
 */
public final class ProgressLines {

    public static final String PROPERTY = "saturn.progress.seconds";
    public static final double DEFAULT_SECONDS = 10;

    private final PrintWriter out;
    private final LongSupplier clock;
    private final long intervalNanos;
    private long last;

    /**
     * @param clock           nanoseconds, as {@link System#nanoTime()}
     * @param intervalSeconds the least time between two lines; the first comes one interval after this call
     */
    public ProgressLines(PrintWriter out, LongSupplier clock, double intervalSeconds) {
        this.out = out;
        this.clock = clock;
        this.intervalNanos = (long) (intervalSeconds * 1e9);
        this.last = clock.getAsLong();
    }

    /** Lines on {@code out} at the configured interval, timed by the system clock. */
    public static ProgressLines every(PrintWriter out) {
        return new ProgressLines(out, System::nanoTime, interval());
    }

    /** The interval from {@value #PROPERTY}, else {@value #DEFAULT_SECONDS} s. */
    public static double interval() {
        String v = System.getProperty(PROPERTY);
        if (v == null) return DEFAULT_SECONDS;
        try {
            double s = Double.parseDouble(v);
            return s >= 0 && Double.isFinite(s) ? s : DEFAULT_SECONDS;
        } catch (NumberFormatException e) {
            return DEFAULT_SECONDS;
        }
    }

    /** Prints the line when an interval has passed since the last one; the text is built only then. */
    public synchronized boolean offer(Supplier<String> line) {
        long now = clock.getAsLong();
        if (now - last < intervalNanos) return false;
        last = now;
        out.println(line.get());
        out.flush();
        return true;
    }

    public long now() {
        return clock.getAsLong();
    }
}
