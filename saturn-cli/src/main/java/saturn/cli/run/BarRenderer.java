package saturn.cli.run;

import java.util.Locale;
import java.util.function.LongSupplier;
import me.tongfei.progressbar.ProgressBarRenderer;
import me.tongfei.progressbar.ProgressState;

/**
 * Draws a terminal progress line that keeps its bar readable at any width:
 * {@code train  45% ▕█████▍    ▏ 450/1000 steps  ETA 1m23s  loss 0.41 …}. The bar takes what
 * the counts and the ETA leave, between {@value #MIN_BAR} and {@value #MAX_BAR} cells; when the
 * line is too narrow for both, the details after the ETA go first, never the bar. No colour.
 */
public final class BarRenderer implements ProgressBarRenderer {

    static final int MIN_BAR = 10;
    static final int MAX_BAR = 40;
    private static final char[] EIGHTHS = {' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'};

    private final Eta eta;
    private final LongSupplier clock;
    private final long unitsPerItem;
    private final String unit;

    /**
     * @param unitsPerItem how many of the bar's units make one counted item (1 for steps; a sweep counts
     *                     each trial as many units so that partial trials move the bar)
     * @param unit         what the items are called ("steps", "trials")
     */
    public BarRenderer(Eta eta, LongSupplier clock, long unitsPerItem, String unit) {
        this.eta = eta;
        this.clock = clock;
        this.unitsPerItem = unitsPerItem;
        this.unit = unit;
    }

    @Override
    public String render(ProgressState state, int maxLength) {
        long done = state.getCurrent();
        long total = state.getMax();
        String counts = unitsPerItem == 1 ? done + "/" + total + " " + unit
                : String.format(Locale.ROOT, "%.1f/%d %s", done / (double) unitsPerItem, total / unitsPerItem, unit);
        String message = state.getExtraMessage();
        return line(state.getTaskName(), total > 0 ? done / (double) total : 0, counts,
                Eta.format(eta.secondsLeft(done, total, clock.getAsLong())), message == null ? "" : message.strip(), maxLength);
    }

    /** One line of at most {@code width} characters when it can be (the bar keeps at least {@value #MIN_BAR} cells). */
    static String line(String task, double fraction, String counts, String eta, String details, int width) {
        double f = Math.max(0, Math.min(1, fraction));
        String head = String.format(Locale.ROOT, "%s %3d%% ", task, (int) Math.floor(100 * f));
        String tail = " " + counts + "  " + eta;
        int room = width - head.length() - tail.length() - 2;   // the bar's two end marks
        String extra = details.isEmpty() ? "" : "  " + details;
        if (room - extra.length() >= MIN_BAR) {
            room -= extra.length();
        } else {
            extra = "";
        }
        int cells = Math.max(MIN_BAR, Math.min(MAX_BAR, room));
        return head + "▕" + bar(f, cells) + "▏" + tail + extra;
    }

    static String bar(double fraction, int cells) {
        int eighths = (int) Math.floor(fraction * cells * 8);
        StringBuilder b = new StringBuilder(cells);
        for (int i = 0; i < cells; i++) {
            int filled = Math.max(0, Math.min(8, eighths - 8 * i));
            b.append(filled == 8 ? '█' : EIGHTHS[filled]);
        }
        return b.toString();
    }
}
