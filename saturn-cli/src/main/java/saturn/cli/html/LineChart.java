package saturn.cli.html;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleUnaryOperator;

/**
 * A line chart drawn as inline SVG: named series over a shared x axis, a linear or logarithmic
 * y axis (optionally on a fixed range), labelled horizontal reference lines, and a legend
 * under the plot with every label in full. Each series has a {@link Style}: a colour and a
 * dash, so that one factor of a comparison can take the colour and another the dash; the
 * legend then lists the factors' values ({@link #legend}) rather than every series.
 * Non-finite points break a line (and, on a log axis, so do values ≤ 0; a series with no
 * positive value at all is named under the legend as not drawn).
 */
public final class LineChart {

    private static final int LEFT = 64;
    private static final int RIGHT = 18;
    private static final int TOP = 28;
    private static final int AXIS = 40;
    private static final int LEGEND_ROW = 16;
    /** Width of one character of the 11 px sans-serif legend, for laying out its columns. */
    private static final double CHAR = 6.3;

    /** How dashed a line is. */
    public enum Dash {
        SOLID(""), DASHED("7,4"), DOTTED("2,3"), DASH_DOT("9,3,2,3"), LONG_DASH("14,4");

        final String pattern;

        Dash(String pattern) {
            this.pattern = pattern;
        }

        /** The i-th dash, cycling. */
        public static Dash of(int i) {
            return values()[Math.floorMod(i, values().length)];
        }
    }

    /**
     * How a series is drawn.
     *
     * @param colour  a CSS colour
     * @param width   stroke width in px
     * @param opacity 0–1
     * @param markers a dot at every point (sparse series such as evaluations)
     */
    public record Style(String colour, Dash dash, double width, double opacity, boolean markers) {

        /** A solid 1.6 px line in the i-th palette colour. */
        public static Style of(int colour) {
            return new Style(Svg.lineColour(colour), Dash.SOLID, 1.6, 1, false);
        }

        public Style dash(Dash d) {
            return new Style(colour, d, width, opacity, markers);
        }

        public Style marked() {
            return new Style(colour, dash, width, opacity, true);
        }

        /** Thin and pale: a noisy series drawn behind the one that matters. */
        public Style faint() {
            return new Style(colour, dash, 1, 0.45, markers);
        }

        public Style bold() {
            return new Style(colour, dash, 2.4, opacity, markers);
        }
    }

    /** One legend line: a sample of the style and its label. */
    public record Entry(String label, Style style) {
    }

    private record Series(String name, double[] x, double[] y, Style style) {
    }

    private record Reference(String name, double y) {
    }

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> series = new ArrayList<>();
    private final List<Reference> references = new ArrayList<>();
    private List<Entry> legend;
    private boolean logY;
    private double yMin = Double.NaN;
    private double yMax = Double.NaN;

    public LineChart(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    public LineChart logY() {
        this.logY = true;
        return this;
    }

    /** A fixed y range (in data units), whatever the data: accuracies on [0, 1]. */
    public LineChart yRange(double lo, double hi) {
        this.yMin = lo;
        this.yMax = hi;
        return this;
    }

    /** A series in the next palette colour, solid. */
    public LineChart add(String name, double[] x, double[] y) {
        return add(name, x, y, Style.of(series.size()));
    }

    public LineChart add(String name, double[] x, double[] y, Style style) {
        series.add(new Series(name, x.clone(), y.clone(), style));
        return this;
    }

    /** A labelled horizontal line (a theory value, chance, a healthy factor of 1). */
    public LineChart reference(String name, double y) {
        references.add(new Reference(name, y));
        return this;
    }

    /** The legend's lines, replacing one line per series: the values of the factors behind colour and dash. */
    public LineChart legend(List<Entry> entries) {
        this.legend = List.copyOf(entries);
        return this;
    }

    private double ty(double y) {
        return logY ? (y > 0 ? Math.log10(y) : Double.NaN) : y;
    }

    /**
     * The chart: a plot area of {@code width} × {@code plotHeight} px (axes included), and under it
     * the legend, as many rows as it needs.
     */
    public String svg(int width, int plotHeight) {
        List<Entry> entries = legendEntries();
        List<String> notDrawn = new ArrayList<>();
        double x0 = Double.POSITIVE_INFINITY, x1 = Double.NEGATIVE_INFINITY;
        double y0 = Double.POSITIVE_INFINITY, y1 = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            boolean any = false;
            for (int i = 0; i < s.x.length; i++) {
                double y = ty(s.y[i]);
                if (!Double.isFinite(s.x[i]) || !Double.isFinite(y)) continue;
                any = true;
                x0 = Math.min(x0, s.x[i]);
                x1 = Math.max(x1, s.x[i]);
                y0 = Math.min(y0, y);
                y1 = Math.max(y1, y);
            }
            if (!any && s.x.length > 0) notDrawn.add(s.name);
        }
        for (Reference r : references) {
            double y = ty(r.y);
            if (Double.isFinite(y)) {
                y0 = Math.min(y0, y);
                y1 = Math.max(y1, y);
            }
        }
        boolean fixed = !Double.isNaN(yMin) && !Double.isNaN(yMax);
        if (fixed) {
            y0 = ty(yMin);
            y1 = ty(yMax);
        }
        int columns = Math.max(1, (int) ((width - LEFT - RIGHT) / longest(entries)));
        int rows = (entries.size() + columns - 1) / columns + (notDrawn.isEmpty() ? 0 : 1);
        int height = plotHeight + rows * LEGEND_ROW + (rows > 0 ? 8 : 0);
        StringBuilder b = new StringBuilder(Svg.open(width, height, title));
        b.append(Svg.text(width / 2.0, 16, "middle", title, " font-size=\"13\" font-weight=\"bold\""));
        if (!(x1 >= x0) || !(y1 >= y0)) {
            b.append(Svg.text(width / 2.0, plotHeight / 2.0, "middle", "no data", ""));
            return b.append("</svg>").toString();
        }
        if (x1 == x0) {
            x0 -= 0.5;
            x1 += 0.5;
        }
        if (y1 == y0) {
            y0 -= logY ? 0.5 : Math.max(Math.abs(y0) * 0.1, 0.5);
            y1 += logY ? 0.5 : Math.max(Math.abs(y1) * 0.1, 0.5);
        } else if (!fixed) {
            double pad = (y1 - y0) * 0.05;
            y0 -= pad;
            y1 += pad;
        }
        double pw = width - LEFT - RIGHT;
        double ph = plotHeight - TOP - AXIS;
        final double fx0 = x0, fx1 = x1, fy0 = y0, fy1 = y1;
        DoubleUnaryOperator px = x -> LEFT + (x - fx0) / (fx1 - fx0) * pw;
        DoubleUnaryOperator py = y -> TOP + (1 - (y - fy0) / (fy1 - fy0)) * ph;

        b.append("<rect x=\"").append(LEFT).append("\" y=\"").append(TOP).append("\" width=\"").append(Svg.f(pw))
                .append("\" height=\"").append(Svg.f(ph)).append("\" fill=\"none\" stroke=\"#888\"/>");
        for (double t : Svg.ticks(x0, x1, 6)) {
            double x = px.applyAsDouble(t);
            b.append("<line x1=\"").append(Svg.f(x)).append("\" y1=\"").append(Svg.f(TOP + ph)).append("\" x2=\"")
                    .append(Svg.f(x)).append("\" y2=\"").append(Svg.f(TOP + ph + 4)).append("\" stroke=\"#888\"/>");
            b.append(Svg.text(x, TOP + ph + 15, "middle", Svg.number(t), ""));
        }
        double[] yt = logY ? logTicks(y0, y1) : Svg.ticks(y0, y1, 5);
        for (double t : yt) {
            double y = py.applyAsDouble(t);
            b.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(Svg.f(y)).append("\" x2=\"")
                    .append(Svg.f(LEFT + pw)).append("\" y2=\"").append(Svg.f(y)).append("\" stroke=\"#eee\"/>");
            b.append(Svg.text(LEFT - 5, y + 4, "end", logY ? Svg.number(Math.pow(10, t)) : Svg.number(t), ""));
        }
        b.append(Svg.text(LEFT + pw / 2, TOP + ph + 32, "middle", xLabel, ""));
        b.append("<text transform=\"translate(13,").append(Svg.f(TOP + ph / 2)).append(") rotate(-90)\" text-anchor=\"middle\">")
                .append(Svg.escape(yLabel + (logY ? " (log)" : ""))).append("</text>");

        // the plot's own clip, so that a fixed range cuts lines at its edge
        String clip = "clip-" + Integer.toHexString(java.util.Objects.hash(title, width, plotHeight,
                series.stream().map(Series::name).toList()));
        b.append("<clipPath id=\"").append(clip).append("\"><rect x=\"").append(LEFT).append("\" y=\"").append(TOP)
                .append("\" width=\"").append(Svg.f(pw)).append("\" height=\"").append(Svg.f(ph)).append("\"/></clipPath>");
        b.append("<g clip-path=\"url(#").append(clip).append(")\">");
        for (Series s : series) {
            StringBuilder path = new StringBuilder();
            StringBuilder dots = new StringBuilder();
            boolean pen = false;
            for (int i = 0; i < s.x.length; i++) {
                double y = ty(s.y[i]);
                if (!Double.isFinite(s.x[i]) || !Double.isFinite(y)) {
                    pen = false;
                    continue;
                }
                double cx = px.applyAsDouble(s.x[i]);
                double cy = py.applyAsDouble(y);
                path.append(pen ? " L" : " M").append(Svg.f(cx)).append(',').append(Svg.f(cy));
                pen = true;
                if (s.style.markers()) {
                    dots.append("<circle cx=\"").append(Svg.f(cx)).append("\" cy=\"").append(Svg.f(cy))
                            .append("\" r=\"").append(Svg.f(s.style.width() + 1)).append("\" fill=\"")
                            .append(s.style.colour()).append("\"/>");
                }
            }
            b.append("<g><title>").append(Svg.escape(s.name)).append("</title>");
            if (!path.isEmpty()) b.append("<path d=\"").append(path.toString().strip()).append("\"").append(stroke(s.style)).append("/>");
            b.append(dots).append("</g>");
        }
        b.append("</g>");
        for (Reference r : references) {
            double y = ty(r.y);
            if (!Double.isFinite(y) || y < y0 || y > y1) continue;
            double yy = py.applyAsDouble(y);
            b.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(Svg.f(yy)).append("\" x2=\"").append(Svg.f(LEFT + pw))
                    .append("\" y2=\"").append(Svg.f(yy)).append("\" stroke=\"#222\" stroke-width=\"1.2\" stroke-dasharray=\"3,3\"/>");
            b.append(Svg.text(LEFT + 4, yy - 4, "start", r.name, " fill=\"#222\" font-style=\"italic\""));
        }

        double colWidth = pw / columns;
        for (int k = 0; k < entries.size(); k++) {
            double x = LEFT + (k % columns) * colWidth;
            double y = plotHeight + 4 + (k / columns) * LEGEND_ROW + LEGEND_ROW / 2.0;
            Entry e = entries.get(k);
            b.append("<line x1=\"").append(Svg.f(x)).append("\" y1=\"").append(Svg.f(y)).append("\" x2=\"").append(Svg.f(x + 26))
                    .append("\" y2=\"").append(Svg.f(y)).append("\"").append(stroke(e.style())).append("/>");
            b.append(Svg.text(x + 32, y + 4, "start", e.label(), ""));
        }
        if (!notDrawn.isEmpty()) {
            double y = plotHeight + 4 + (rows - 1) * LEGEND_ROW + LEGEND_ROW / 2.0 + 4;
            b.append(Svg.text(LEFT, y, "start", "not drawn (never above 0 on the log scale): " + String.join(", ", notDrawn),
                    " fill=\"#555\""));
        }
        return b.append("</svg>").toString();
    }

    private List<Entry> legendEntries() {
        if (legend != null) return legend;
        List<Entry> e = new ArrayList<>();
        for (Series s : series) e.add(new Entry(s.name, s.style));
        return e;
    }

    private static double longest(List<Entry> entries) {
        int chars = 1;
        for (Entry e : entries) chars = Math.max(chars, e.label().length());
        return 32 + chars * CHAR + 14;
    }

    private static String stroke(Style s) {
        return " fill=\"none\" stroke=\"" + s.colour() + "\" stroke-width=\"" + Svg.f(s.width()) + "\""
                + (s.opacity() < 1 ? " stroke-opacity=\"" + Svg.f(s.opacity()) + "\"" : "")
                + (s.dash() == Dash.SOLID ? "" : " stroke-dasharray=\"" + s.dash().pattern + "\"");
    }

    /** Ticks at integer powers of ten (in log10 units), thinned to at most 7. */
    private static double[] logTicks(double lo, double hi) {
        int a = (int) Math.ceil(lo);
        int z = (int) Math.floor(hi);
        if (z - a < 2) {   // within about two decades: 1, 2, 5 times the powers of ten
            List<Double> t = new ArrayList<>();
            for (int e = (int) Math.floor(lo); e <= (int) Math.ceil(hi); e++) {
                for (double m : new double[] {1, 2, 5}) {
                    double v = e + Math.log10(m);
                    if (v >= lo && v <= hi) t.add(v);
                }
            }
            if (t.size() >= 2) return t.stream().mapToDouble(Double::doubleValue).toArray();
            // less than a factor of ~2.5: round values, placed on the log axis
            double[] linear = Svg.ticks(Math.pow(10, lo), Math.pow(10, hi), 4);
            double[] out = new double[linear.length];
            for (int i = 0; i < out.length; i++) out[i] = Math.log10(linear[i]);
            return out;
        }
        int step = Math.max(1, (z - a + 1 + 6) / 7);
        int n = (z - a) / step + 1;
        double[] t = new double[n];
        for (int i = 0; i < n; i++) t[i] = a + i * step;
        return t;
    }
}
