package saturn.cli.sweep;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import me.tongfei.progressbar.InteractiveConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import saturn.engine.train.TrainListener;

/**
 * One progress bar for a whole sweep on the terminal: each trial counts for 1000 units,
 * filled as its steps go by, so parallel trials advance one bar; the message names the last
 * trial that moved, with its vanishing factor. Silent without a console.
 */
final class SweepProgress implements AutoCloseable {

    private static final long UNITS = 1000;

    private final ProgressBar bar;
    private final Map<String, Long> done = new ConcurrentHashMap<>();

    private SweepProgress(ProgressBar bar) {
        this.bar = bar;
    }

    static SweepProgress open(int trials) {
        if (System.console() == null) return new SweepProgress(null);
        return new SweepProgress(new ProgressBarBuilder().setTaskName("sweep").setInitialMax(trials * UNITS)
                .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK).hideEta().setUnit(" trials", UNITS)
                .setConsumer(new InteractiveConsoleProgressBarConsumer(System.out))
                .startsFrom(0, Duration.ZERO).build());
    }

    /** The listener of one trial. */
    TrainListener trial(String name) {
        if (bar == null) return TrainListener.none();
        return (line, total, vf) -> {
            done.put(name, Math.min(UNITS, line.step() * UNITS / Math.max(1, total)));
            String shown = name.length() > 24 ? name.substring(0, 23) + "…" : name;
            refresh(String.format(Locale.ROOT, " %s vanish %.1e", shown, vf));
        };
    }

    /** A trial has ended (finished, skipped or failed): its share is full. */
    void ended(String name) {
        if (bar == null) return;
        done.put(name, UNITS);
        refresh("");
    }

    private synchronized void refresh(String message) {
        bar.stepTo(done.values().stream().mapToLong(Long::longValue).sum());
        if (!message.isEmpty()) bar.setExtraMessage(message);
    }

    @Override
    public void close() {
        if (bar != null) bar.close();
    }
}
