package saturn.cli.html;

import java.util.ArrayList;
import java.util.List;

/**
 * A line chart drawn as inline SVG: several named series over a shared x axis, a linear or
 * logarithmic y axis, optional horizontal reference lines. Non-finite points break a line
 * (and, on a log axis, so do values ≤ 0).
 */
public final class LineChart {

    private static final int LEFT = 62;
    private static final int RIGHT = 150;
    private static final int TOP = 28;
    private static final int BOTTOM = 40;

    private record Series(String name, double[] x, double[] y, boolean dashed, boolean markers) {
    }

    private record Reference(String name, double y) {
    }

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> series = new ArrayList<>();
    private final List<Reference> references = new ArrayList<>();
    private boolean logY;

    public LineChart(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    public LineChart logY() {
        this.logY = true;
        return this;
    }

    public LineChart add(String name, double[] x, double[] y) {
        series.add(new Series(name, x.clone(), y.clone(), false, false));
        return this;
    }

    public LineChart addDashed(String name, double[] x, double[] y) {
        series.add(new Series(name, x.clone(), y.clone(), true, false));
        return this;
    }

    /** A series drawn with a marker at each point (few, sparse points such as per-layer values). */
    public LineChart addMarked(String name, double[] x, double[] y) {
        series.add(new Series(name, x.clone(), y.clone(), false, true));
        return this;
    }

    public LineChart reference(String name, double y) {
        references.add(new Reference(name, y));
        return this;
    }

    private double ty(double y) {
        return logY ? (y > 0 ? Math.log10(y) : Double.NaN) : y;
    }

    public String svg(int width, int height) {
        double x0 = Double.POSITIVE_INFINITY, x1 = Double.NEGATIVE_INFINITY;
        double y0 = Double.POSITIVE_INFINITY, y1 = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (int i = 0; i < s.x.length; i++) {
                double y = ty(s.y[i]);
                if (!Double.isFinite(s.x[i]) || !Double.isFinite(y)) continue;
                x0 = Math.min(x0, s.x[i]);
                x1 = Math.max(x1, s.x[i]);
                y0 = Math.min(y0, y);
                y1 = Math.max(y1, y);
            }
        }
        for (Reference r : references) {
            double y = ty(r.y);
            if (Double.isFinite(y)) {
                y0 = Math.min(y0, y);
                y1 = Math.max(y1, y);
            }
        }
        StringBuilder b = new StringBuilder(Svg.open(width, height, title));
        b.append(Svg.text(width / 2.0, 16, "middle", title, " font-size=\"13\" font-weight=\"bold\""));
        if (!(x1 >= x0) || !(y1 >= y0)) {
            b.append(Svg.text(width / 2.0, height / 2.0, "middle", "no data", ""));
            return b.append("</svg>").toString();
        }
        if (x1 == x0) {
            x0 -= 0.5;
            x1 += 0.5;
        }
        if (y1 == y0) {
            y0 -= logY ? 0.5 : Math.max(Math.abs(y0) * 0.1, 0.5);
            y1 += logY ? 0.5 : Math.max(Math.abs(y1) * 0.1, 0.5);
        } else {
            double pad = (y1 - y0) * 0.05;
            y0 -= pad;
            y1 += pad;
        }
        double pw = width - LEFT - RIGHT;
        double ph = height - TOP - BOTTOM;
        final double fx0 = x0, fx1 = x1, fy0 = y0, fy1 = y1;
        java.util.function.DoubleUnaryOperator px = x -> LEFT + (x - fx0) / (fx1 - fx0) * pw;
        java.util.function.DoubleUnaryOperator py = y -> TOP + (1 - (y - fy0) / (fy1 - fy0)) * ph;

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
        b.append(Svg.text(LEFT + pw / 2, height - 6, "middle", xLabel, ""));
        b.append("<text transform=\"translate(13,").append(Svg.f(TOP + ph / 2)).append(") rotate(-90)\" text-anchor=\"middle\">")
                .append(Svg.escape(yLabel + (logY ? " (log)" : ""))).append("</text>");

        int legend = 0;
        for (Reference r : references) {
            double y = ty(r.y);
            if (!Double.isFinite(y)) continue;
            double yy = py.applyAsDouble(y);
            b.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(Svg.f(yy)).append("\" x2=\"").append(Svg.f(LEFT + pw))
                    .append("\" y2=\"").append(Svg.f(yy)).append("\" stroke=\"#222\" stroke-dasharray=\"2,3\"/>");
            legend(b, width, legend++, "#222", true, r.name + " = " + Svg.number(r.y));
        }
        for (int k = 0; k < series.size(); k++) {
            Series s = series.get(k);
            String colour = Svg.lineColour(k);
            // past the palette, colours repeat: the second round is dashed
            boolean dashed = s.dashed || k >= Svg.LINE_COLOURS;
            StringBuilder path = new StringBuilder();
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
                if (s.markers) {
                    b.append("<circle cx=\"").append(Svg.f(cx)).append("\" cy=\"").append(Svg.f(cy))
                            .append("\" r=\"2.5\" fill=\"").append(colour).append("\"/>");
                }
            }
            if (!path.isEmpty()) {
                b.append("<path d=\"").append(path.toString().strip()).append("\" fill=\"none\" stroke=\"").append(colour)
                        .append("\" stroke-width=\"1.5\"").append(dashed ? " stroke-dasharray=\"5,3\"" : "").append("/>");
            }
            legend(b, width, legend++, colour, dashed, s.name);
        }
        return b.append("</svg>").toString();
    }

    private static void legend(StringBuilder b, int width, int row, String colour, boolean dashed, String name) {
        double x = width - RIGHT + 10;
        double y = TOP + 10 + row * 15;
        b.append("<line x1=\"").append(Svg.f(x)).append("\" y1=\"").append(Svg.f(y)).append("\" x2=\"").append(Svg.f(x + 18))
                .append("\" y2=\"").append(Svg.f(y)).append("\" stroke=\"").append(colour).append("\" stroke-width=\"2\"")
                .append(dashed ? " stroke-dasharray=\"4,2\"" : "").append("/>");
        String label = name.length() > 22 ? name.substring(0, 21) + "…" : name;
        b.append(Svg.text(x + 22, y + 4, "start", label, ""));
    }

    /** Ticks at integer powers of ten (in log10 units), thinned to at most 7. */
    private static double[] logTicks(double lo, double hi) {
        int a = (int) Math.ceil(lo);
        int z = (int) Math.floor(hi);
        if (z - a < 2) {   // within about two decades: 1, 2, 5 times the powers of ten
            java.util.List<Double> t = new java.util.ArrayList<>();
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
