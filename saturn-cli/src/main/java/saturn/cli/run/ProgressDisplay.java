package saturn.cli.run;

import java.util.Locale;
import me.tongfei.progressbar.InteractiveConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import saturn.engine.train.TrainLine;
import saturn.engine.train.TrainListener;

/**
 * The training progress bar on the terminal (steps, ETA, loss, accuracy, vanishing factor);
 * silent when the output is not a terminal ({@code System.console() == null}). Drawn on
 * stdout, which is the terminal whenever a console exists.
 */
final class ProgressDisplay implements TrainListener, AutoCloseable {

    private final ProgressBar bar;

    private ProgressDisplay(ProgressBar bar) {
        this.bar = bar;
    }

    static ProgressDisplay open(long startStep, long totalSteps) {
        if (System.console() == null) return new ProgressDisplay(null);
        ProgressBar bar = new ProgressBarBuilder().setTaskName("train").setInitialMax(totalSteps)
                .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK).setUnit(" steps", 1)
                // stdout, not stderr: the launcher filters stderr line by line, which would hold
                // back a bar that redraws itself with carriage returns
                .setConsumer(new InteractiveConsoleProgressBarConsumer(System.out))
                .startsFrom(startStep,
                        java.time.Duration.ZERO).showSpeed().build();
        return new ProgressDisplay(bar);
    }

    @Override
    public void onStep(TrainLine line, long totalSteps, double vanishingFactor) {
        if (bar == null) return;
        bar.stepTo(line.step());
        bar.setExtraMessage(String.format(Locale.ROOT, "  loss %.4f acc %.3f vanish %.2e", line.loss(), line.accuracy(),
                vanishingFactor));
    }

    @Override
    public void close() {
        if (bar != null) bar.close();
    }
}
