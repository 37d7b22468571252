package saturn.cli.run;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;
import me.tongfei.progressbar.InteractiveConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import saturn.engine.train.TrainLine;
import saturn.engine.train.TrainListener;

/**
 * A run's progress: on a terminal a bar that redraws itself (steps, ETA, loss, accuracy,
 * vanishing factor) on stdout; otherwise a plain line on {@code log} at a steady interval
 * ({@link ProgressLines}), so that pipes, log files and CI show the run is alive. The ETA
 * counts from the first step ({@link Eta}).
 */
final class ProgressDisplay implements TrainListener, AutoCloseable {

    private final ProgressBar bar;
    private final ProgressLines lines;
    private final Eta eta;
    private final LongSupplier clock;

    ProgressDisplay(ProgressBar bar, ProgressLines lines, Eta eta, LongSupplier clock) {
        this.bar = bar;
        this.lines = lines;
        this.eta = eta;
        this.clock = clock;
    }

    static ProgressDisplay open(long startStep, long totalSteps, PrintWriter log) {
        Eta eta = new Eta();
        LongSupplier clock = System::nanoTime;
        if (!Terminal.interactive()) return new ProgressDisplay(null, ProgressLines.every(log), eta, clock);
        ProgressBar bar = new ProgressBarBuilder().setTaskName("train").setInitialMax(totalSteps)
                .setRenderer(new BarRenderer(eta, clock, 1, "steps"))
                // stdout, not stderr: the launcher filters stderr line by line, which would hold
                // back a bar that redraws itself with carriage returns
                .setConsumer(new InteractiveConsoleProgressBarConsumer(System.out))
                .startsFrom(startStep, java.time.Duration.ZERO).build();
        return new ProgressDisplay(bar, null, eta, clock);
    }

    @Override
    public void onStep(TrainLine line, long totalSteps, double vanishingFactor) {
        long now = clock.getAsLong();
        eta.observe(line.step(), now);
        if (bar != null) {
            bar.stepTo(line.step());
            bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f acc %.3f vanish %.2e", line.loss(), line.accuracy(),
                    vanishingFactor));
        } else {
            lines.offer(() -> String.format(Locale.ROOT, "train: step %d/%d (%d%%), loss %.4f, accuracy %.3f, "
                            + "vanishing factor %.2e, %s", line.step(), totalSteps, 100 * line.step() / Math.max(1, totalSteps),
                    line.loss(), line.accuracy(), vanishingFactor, Eta.format(eta.secondsLeft(line.step(), totalSteps, now))));
        }
    }

    @Override
    public void close() {
        if (bar != null) bar.close();
    }
}
