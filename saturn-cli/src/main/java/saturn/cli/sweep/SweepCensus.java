package saturn.cli.sweep;

import java.util.List;
import java.util.Locale;

/**
 * How far a sweep folder is: trials finished (a final marker: completed, diverged or
 * bad-option), failed (a marker a later run retries), running (claimed by a process or their
 * run directory locked by its writer; a claim left by a process that died counts until it is
 * taken over) and pending (not started, or started and left unfinished).
 */
public record SweepCensus(int finished, int failed, int running, int pending) {

    /** Counts the rows of {@link SweepResults#read(java.nio.file.Path, boolean)} with {@code finishedOnly}. */
    static SweepCensus of(List<SweepResults.Row> rows) {
        int finished = 0;
        int failed = 0;
        int running = 0;
        int pending = 0;
        for (SweepResults.Row r : rows) {
            switch (r.status()) {
                case "running" -> running++;
                case "failed" -> failed++;
                case "unfinished", "not started" -> pending++;
                default -> finished++;
            }
        }
        return new SweepCensus(finished, failed, running, pending);
    }

    public int total() {
        return finished + failed + running + pending;
    }

    /** {@code 8 trials: 5 finished, 1 running, 2 pending} (and the failed ones when there are). */
    public String line() {
        return String.format(Locale.ROOT, "%d trials: %d finished, %s%d running, %d pending", total(), finished,
                failed == 0 ? "" : failed + " failed (a later run retries them), ", running, pending);
    }
}
