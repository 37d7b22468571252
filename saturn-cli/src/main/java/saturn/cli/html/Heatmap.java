package saturn.cli.html;

import java.util.ArrayList;
import java.util.List;

/**
 * A heatmap drawn as inline SVG: columns and rows are ordered category values (steps,
 * layers, σ_w², depths), row 0 at the bottom, colour by viridis over [min, max] with a colour
 * bar; values beyond the range, infinite ones included, take the colour of its end, NaN is grey.
 * Curves can be laid over it in the axes' own units: a value between two columns (rows)
 * is placed by linear interpolation between their centres — in log scale for a log axis —
 * so a continuous curve such as the theory's trainable depth 6ξc crosses the cells where it should.
 */
public final class Heatmap {

    private static final int LEFT = 70;
    private static final int RIGHT = 110;
    private static final int TOP = 28;
    private static final int BOTTOM = 42;

    private record Curve(String name, double[] x, double[] y) {
    }

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final String valueLabel;
    private final double[] cols;
    private final double[] rows;
    private final double[][] values;
    private final List<Curve> curves = new ArrayList<>();
    private final List<Mark> marks = new ArrayList<>();

    private record Mark(String label, double value) {
    }
    private boolean logRows;
    private boolean annotate;
    private double min = Double.NaN;
    private double max = Double.NaN;

    /**
     * @param cols   the column values, increasing
     * @param rows   the row values, increasing (row 0 is drawn at the bottom)
     * @param values {@code values[row][col]}; NaN cells are grey
     */
    public Heatmap(String title, String xLabel, String yLabel, String valueLabel, double[] cols, double[] rows,
                   double[][] values) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.valueLabel = valueLabel;
        this.cols = cols.clone();
        this.rows = rows.clone();
        this.values = values;
    }

    public Heatmap logRows() {
        logRows = true;
        return this;
    }

    /** Writes each cell's value in it (small grids). */
    public Heatmap annotate() {
        annotate = true;
        return this;
    }

    /** The largest finite value; -∞ when there is none. */
    public double max() {
        double m = Double.NEGATIVE_INFINITY;
        for (double[] r : values) for (double v : r) if (Double.isFinite(v)) m = Math.max(m, v);
        return m;
    }

    public Heatmap range(double lo, double hi) {
        min = lo;
        max = hi;
        return this;
    }

    /** A value marked on the colour bar (chance accuracy), with its label. */
    public Heatmap mark(String label, double value) {
        marks.add(new Mark(label, value));
        return this;
    }

    public Heatmap curve(String name, double[] x, double[] y) {
        curves.add(new Curve(name, x.clone(), y.clone()));
        return this;
    }

    public String svg(int width, int height) {
        double lo = min, hi = max;
        if (Double.isNaN(lo) || Double.isNaN(hi)) {
            lo = Double.POSITIVE_INFINITY;
            hi = Double.NEGATIVE_INFINITY;
            for (double[] r : values) {
                for (double v : r) {
                    if (Double.isFinite(v)) {
                        lo = Math.min(lo, v);
                        hi = Math.max(hi, v);
                    }
                }
            }
            if (!(hi >= lo)) {
                lo = 0;
                hi = 1;
            }
        }
        if (hi == lo) hi = lo + 1;
        StringBuilder b = new StringBuilder(Svg.open(width, height, title));
        b.append(Svg.text(width / 2.0, 16, "middle", title, " font-size=\"13\" font-weight=\"bold\""));
        double pw = width - LEFT - RIGHT;
        double ph = height - TOP - BOTTOM;
        int nc = cols.length;
        int nr = rows.length;
        double cw = pw / Math.max(nc, 1);
        double rh = ph / Math.max(nr, 1);
        for (int r = 0; r < nr; r++) {
            for (int c = 0; c < nc; c++) {
                double v = values[r][c];
                // beyond the range (±∞ included: a signal that underflowed to 0 has log10 = -∞) takes the end colour
                double t = Math.max(0, Math.min(1, (v - lo) / (hi - lo)));
                double x = LEFT + c * cw;
                double y = TOP + (nr - 1 - r) * rh;
                b.append("<rect x=\"").append(Svg.f(x)).append("\" y=\"").append(Svg.f(y)).append("\" width=\"")
                        .append(Svg.f(cw + 0.3)).append("\" height=\"").append(Svg.f(rh + 0.3)).append("\" fill=\"")
                        .append(Svg.viridis(Double.isNaN(v) ? Double.NaN : t)).append("\"><title>")
                        .append(Svg.escape(xLabel + " " + Svg.number(cols[c]) + ", " + yLabel + " " + Svg.number(rows[r])
                                + ": " + Svg.number(v))).append("</title></rect>");
                if (annotate) {
                    b.append(Svg.text(x + cw / 2, y + rh / 2 + 4, "middle", Svg.number(v),
                            " fill=\"" + (t > 0.6 ? "#000" : "#fff") + "\" font-size=\"10\""));
                }
            }
        }
        b.append("<rect x=\"").append(LEFT).append("\" y=\"").append(TOP).append("\" width=\"").append(Svg.f(pw))
                .append("\" height=\"").append(Svg.f(ph)).append("\" fill=\"none\" stroke=\"#888\"/>");
        int everyC = Math.max(1, (int) Math.ceil(nc / (pw / 45)));
        for (int c = 0; c < nc; c += everyC) {
            b.append(Svg.text(LEFT + (c + 0.5) * cw, TOP + ph + 14, "middle", Svg.number(cols[c]), ""));
        }
        int everyR = Math.max(1, (int) Math.ceil(nr / (ph / 14)));
        for (int r = 0; r < nr; r += everyR) {
            b.append(Svg.text(LEFT - 5, TOP + (nr - 0.5 - r) * rh + 4, "end", Svg.number(rows[r]), ""));
        }
        b.append(Svg.text(LEFT + pw / 2, height - 8, "middle", xLabel, ""));
        b.append("<text transform=\"translate(13,").append(Svg.f(TOP + ph / 2)).append(") rotate(-90)\" text-anchor=\"middle\">")
                .append(Svg.escape(yLabel)).append("</text>");

        // colour bar
        double bx = LEFT + pw + 14;
        int steps = 40;
        for (int i = 0; i < steps; i++) {
            double y = TOP + ph - (i + 1) * ph / steps;
            b.append("<rect x=\"").append(Svg.f(bx)).append("\" y=\"").append(Svg.f(y)).append("\" width=\"12\" height=\"")
                    .append(Svg.f(ph / steps + 0.3)).append("\" fill=\"").append(Svg.viridis((i + 0.5) / steps)).append("\"/>");
        }
        b.append(Svg.text(bx + 16, TOP + 8, "start", Svg.number(hi), ""));
        b.append(Svg.text(bx + 16, TOP + ph, "start", Svg.number(lo), ""));
        for (Mark m : marks) {
            double t = (m.value - lo) / (hi - lo);
            if (!(t >= 0 && t <= 1)) continue;
            double y = TOP + ph - t * ph;
            b.append("<line x1=\"").append(Svg.f(bx - 3)).append("\" y1=\"").append(Svg.f(y)).append("\" x2=\"")
                    .append(Svg.f(bx + 15)).append("\" y2=\"").append(Svg.f(y)).append("\" stroke=\"#000\" stroke-width=\"1.5\"/>");
            b.append(Svg.text(bx + 16, y + 4, "start", m.label, " font-style=\"italic\""));
        }
        b.append("<text transform=\"translate(").append(Svg.f(bx + (marks.isEmpty() ? 40 : 72))).append(',').append(Svg.f(TOP + ph / 2))
                .append(") rotate(-90)\" text-anchor=\"middle\">").append(Svg.escape(valueLabel)).append("</text>");

        for (int k = 0; k < curves.size(); k++) {
            Curve cv = curves.get(k);
            String colour = k == 0 ? "#ff2d2d" : Svg.lineColour(k + 2);
            StringBuilder path = new StringBuilder();
            boolean pen = false;
            for (int i = 0; i < cv.x.length; i++) {
                double gx = position(cols, cv.x[i], false);
                double gy = position(rows, cv.y[i], logRows);
                // keep the curve inside the plot: points beyond the outer half cells are not drawn
                if (!Double.isFinite(gx) || !Double.isFinite(gy) || gx < -0.5 || gx > nc - 0.5 || gy < -0.5 || gy > nr - 0.5) {
                    pen = false;
                    continue;
                }
                double x = LEFT + (gx + 0.5) * cw;
                double y = TOP + (nr - 0.5 - gy) * rh;
                path.append(pen ? " L" : " M").append(Svg.f(x)).append(',').append(Svg.f(y));
                pen = true;
            }
            if (!path.isEmpty()) {
                b.append("<path d=\"").append(path.toString().strip()).append("\" fill=\"none\" stroke=\"").append(colour)
                        .append("\" stroke-width=\"2.5\"/>");
            }
            b.append(Svg.text(LEFT + 6, TOP + 14 + 14 * k, "start", "— " + cv.name,
                    " fill=\"" + colour + "\" font-weight=\"bold\""));
        }
        return b.append("</svg>").toString();
    }

    /**
     * Where {@code v} falls on an axis of cell centres {@code 0..n-1} at the given values:
     * linear (or log) interpolation between neighbouring centres, extrapolated from the end pairs.
     */
    static double position(double[] axis, double v, boolean log) {
        int n = axis.length;
        if (n == 0 || !Double.isFinite(v) || (log && v <= 0)) return Double.NaN;
        if (n == 1) return v == axis[0] ? 0 : Double.NaN;
        java.util.function.DoubleUnaryOperator t = log ? Math::log : a -> a;
        int i = 0;
        while (i < n - 2 && v > axis[i + 1]) i++;
        double a = t.applyAsDouble(axis[i]);
        double z = t.applyAsDouble(axis[i + 1]);
        return i + (t.applyAsDouble(v) - a) / (z - a);
    }
}
