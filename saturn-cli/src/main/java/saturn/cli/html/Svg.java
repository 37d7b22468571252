package saturn.cli.html;

import java.util.Locale;

/** Small pieces shared by the hand-written SVG charts: escaping, number format, colours, ticks. */
public final class Svg {

    /** Distinguishable line colours (Tableau 10). */
    private static final String[] LINES = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948",
            "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"};

    /** Viridis, 9 stops, interpolated linearly. */
    private static final int[][] VIRIDIS = {{68, 1, 84}, {71, 44, 122}, {59, 81, 139}, {44, 113, 142}, {33, 144, 141},
            {39, 173, 129}, {92, 200, 99}, {170, 220, 50}, {253, 231, 37}};

    /** How many line colours there are before they repeat. */
    public static final int LINE_COLOURS = LINES.length;

    private Svg() {
    }

    public static String escape(String s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** A coordinate with two decimals. */
    static String f(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    /** A tick or legend number: short, no trailing zeros. */
    public static String number(double v) {
        if (Double.isNaN(v)) return "n/a";
        if (Double.isInfinite(v)) return v > 0 ? "∞" : "-∞";
        double a = Math.abs(v);
        if (a != 0 && (a < 1e-3 || a >= 1e5)) {
            // 2.94e-7, 1e-4, 3.5e+6: three significant digits, no padding zeros
            String[] parts = String.format(Locale.ROOT, "%.2e", v).split("e");
            String mantissa = parts[0].replaceAll("0+$", "").replaceAll("\\.$", "");
            int exponent = Integer.parseInt(parts[1]);
            return mantissa + "e" + (exponent > 0 ? "+" : "") + exponent;
        }
        String s = String.format(Locale.ROOT, "%.4g", v);
        if (s.contains(".") && !s.contains("e")) s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        return s;
    }

    public static String lineColour(int i) {
        return LINES[Math.floorMod(i, LINES.length)];
    }

    /** Viridis at t in [0, 1] (clamped); grey for NaN. */
    public static String viridis(double t) {
        if (Double.isNaN(t)) return "#cccccc";
        double u = Math.max(0, Math.min(1, t)) * (VIRIDIS.length - 1);
        int i = Math.min((int) u, VIRIDIS.length - 2);
        double w = u - i;
        int[] a = VIRIDIS[i];
        int[] b = VIRIDIS[i + 1];
        return String.format(Locale.ROOT, "#%02x%02x%02x", Math.round(a[0] + w * (b[0] - a[0])),
                Math.round(a[1] + w * (b[1] - a[1])), Math.round(a[2] + w * (b[2] - a[2])));
    }

    /** About {@code n} round tick values covering [lo, hi]. */
    static double[] ticks(double lo, double hi, int n) {
        if (!(hi > lo)) return new double[] {lo};
        double raw = (hi - lo) / Math.max(1, n);
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = raw / mag < 1.5 ? mag : raw / mag < 3.5 ? 2 * mag : raw / mag < 7.5 ? 5 * mag : 10 * mag;
        double first = Math.ceil(lo / step - 1e-9) * step;
        int count = (int) Math.floor((hi - first) / step + 1e-9) + 1;
        double[] t = new double[Math.max(count, 0)];
        for (int i = 0; i < t.length; i++) t[i] = first + i * step;
        return t;
    }

    static String text(double x, double y, String anchor, String s, String extra) {
        return "<text x=\"" + f(x) + "\" y=\"" + f(y) + "\" text-anchor=\"" + anchor + "\"" + extra + ">" + escape(s) + "</text>";
    }

    /**
     * The opening tag for SVG inline in HTML5, which needs no namespace (so the report holds no
     * URL at all); a stand-alone .svg file would need {@code xmlns} added.
     */
    /**
     * A chart of this package as a stand-alone {@code .svg} file: the same markup with the SVG
     * namespace that a file outside HTML needs, after an XML declaration.
     */
    public static String standalone(String svg) {
        if (!svg.startsWith("<svg ")) throw new IllegalArgumentException("not an svg element");
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" "
                + svg.substring("<svg ".length()) + "\n";
    }

    static String open(int width, int height, String title) {
        return "<svg width=\"" + width + "\" height=\"" + height + "\" viewBox=\"0 0 "
                + width + " " + height + "\" font-family=\"sans-serif\" font-size=\"11\" role=\"img\"><title>"
                + escape(title) + "</title><rect width=\"100%\" height=\"100%\" fill=\"white\"/>";
    }
}
