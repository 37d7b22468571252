package saturn.cli.sweep;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import me.tongfei.progressbar.InteractiveConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import saturn.cli.run.BarRenderer;
import saturn.cli.run.Eta;
import saturn.cli.run.ProgressLines;
import saturn.cli.run.Terminal;
import saturn.engine.train.TrainListener;

/**
 * The progress of a whole sweep: each trial counts for {@value #UNITS} units, filled as its
 * steps go by, so parallel trials advance one measure. On a terminal one bar, whose message
 * names the last trial that moved; otherwise a plain line on the sweep's log at a steady
 * interval ({@link ProgressLines}) with the trials done, the trial that moved, its step,
 * loss, accuracy and vanishing factor, and the sweep's ETA.
 */
final class SweepProgress implements AutoCloseable {

    private static final long UNITS = 1000;

    private final ProgressBar bar;
    private final ProgressLines lines;
    private final Eta eta;
    private final LongSupplier clock;
    private final int trials;
    private final Map<String, Long> done = new ConcurrentHashMap<>();
    private final Map<String, Boolean> ended = new ConcurrentHashMap<>();

    SweepProgress(ProgressBar bar, ProgressLines lines, Eta eta, LongSupplier clock, int trials) {
        this.bar = bar;
        this.lines = lines;
        this.eta = eta;
        this.clock = clock;
        this.trials = trials;
    }

    static SweepProgress open(int trials, PrintWriter log) {
        LongSupplier clock = System::nanoTime;
        Eta eta = new Eta();
        if (!Terminal.interactive()) return new SweepProgress(null, ProgressLines.every(log), eta, clock, trials);
        ProgressBar bar = new ProgressBarBuilder().setTaskName("sweep").setInitialMax(trials * UNITS)
                .setRenderer(new BarRenderer(eta, clock, UNITS, "trials"))
                .setConsumer(new InteractiveConsoleProgressBarConsumer(System.out))
                .startsFrom(0, Duration.ZERO).build();
        return new SweepProgress(bar, null, eta, clock, trials);
    }

    /** The listener of one trial. */
    TrainListener trial(String name) {
        if (bar == null && lines == null) return TrainListener.none();
        return (line, total, vf) -> {
            done.put(name, Math.min(UNITS, line.step() * UNITS / Math.max(1, total)));
            long units = units();
            long now = clock.getAsLong();
            eta.observe(units, now);
            if (bar != null) {
                String shown = name.length() > 24 ? name.substring(0, 23) + "…" : name;
                refresh(units, String.format(Locale.ROOT, "%s step %d vanish %.1e", shown, line.step(), vf));
            } else {
                lines.offer(() -> String.format(Locale.ROOT, "sweep: %d/%d trials done (%d%%), %s; %s at step %d/%d, "
                                + "loss %.4f, accuracy %.3f, vanishing factor %.2e", ended.size(), trials,
                        100 * units / (trials * UNITS), Eta.format(eta.secondsLeft(units, trials * UNITS, now)),
                        name, line.step(), total, line.loss(), line.accuracy(), vf));
            }
        };
    }

    /** A trial has ended (finished, skipped or failed): its share is full. */
    void ended(String name) {
        done.put(name, UNITS);
        ended.put(name, true);
        if (bar != null) refresh(units(), "");
    }

    private long units() {
        return done.values().stream().mapToLong(Long::longValue).sum();
    }

    private synchronized void refresh(long units, String message) {
        bar.stepTo(units);
        if (!message.isEmpty()) bar.setExtraMessage(message);
    }

    @Override
    public void close() {
        if (bar != null) bar.close();
    }
}
