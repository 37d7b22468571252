package saturn.cli.sweep;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import saturn.cli.html.LineChart;
import saturn.cli.html.Svg;

/**
 * How the curves of a sweep's trials are told apart: one axis of the grid takes the colour and
 * another the dash, when the two together name every trial and have few enough values (up to
 * {@value Svg#LINE_COLOURS} colours and {@value #DASHES} dashes); the legend then lists the values
 * of the two axes. Otherwise every trial gets a colour (and, past the palette, a dash) and its
 * own legend line with all its axis values.
 *
 * @param colourAxis  null when each trial has its own style
 * @param dashAxis    null when the colour axis alone names every trial
 */
record CurveStyles(List<SweepResults.Row> rows, String colourAxis, List<String> colourValues, String dashAxis,
                   List<String> dashValues) {

    static final int DASHES = LineChart.Dash.values().length;
    private static final String NEUTRAL = "#555555";

    static CurveStyles choose(List<SweepResults.Row> rows, List<String> axes) {
        String bestColour = null;
        String bestDash = null;
        for (String a : axes) {
            int na = values(rows, a).size();
            if (na > Svg.LINE_COLOURS || !unique(rows, List.of(a))) continue;
            if (bestColour == null || na > values(rows, bestColour).size()) {
                bestColour = a;
                bestDash = null;
            }
        }
        if (bestColour == null) {
            for (String a : axes) {
                for (String b : axes) {
                    if (a.equals(b)) continue;
                    int na = values(rows, a).size();
                    int nb = values(rows, b).size();
                    if (na > Svg.LINE_COLOURS || nb > DASHES || !unique(rows, List.of(a, b))) continue;
                    if (bestColour == null || na > values(rows, bestColour).size()) {
                        bestColour = a;
                        bestDash = b;
                    }
                }
            }
        }
        return new CurveStyles(rows, bestColour, bestColour == null ? List.of() : values(rows, bestColour), bestDash,
                bestDash == null ? List.of() : values(rows, bestDash));
    }

    /** The style of the i-th trial's curves. */
    LineChart.Style style(int i) {
        SweepResults.Row r = rows.get(i);
        if (colourAxis == null) return LineChart.Style.of(i).dash(LineChart.Dash.of(i / Svg.LINE_COLOURS));
        LineChart.Style s = LineChart.Style.of(colourValues.indexOf(r.axes().get(colourAxis)));
        return dashAxis == null ? s : s.dash(LineChart.Dash.of(dashValues.indexOf(r.axes().get(dashAxis))));
    }

    /** The legend: the two axes' values, or one line per trial. */
    List<LineChart.Entry> legend() {
        List<LineChart.Entry> e = new ArrayList<>();
        if (colourAxis == null) {
            for (int i = 0; i < rows.size(); i++) e.add(new LineChart.Entry(label(rows.get(i).axes()), style(i)));
            return e;
        }
        for (int k = 0; k < colourValues.size(); k++) {
            e.add(new LineChart.Entry(colourAxis + " " + colourValues.get(k), LineChart.Style.of(k)));
        }
        for (int k = 0; k < dashValues.size(); k++) {
            e.add(new LineChart.Entry(dashAxis + " " + dashValues.get(k),
                    new LineChart.Style(NEUTRAL, LineChart.Dash.of(k), 1.6, 1, false)));
        }
        return e;
    }

    /** {@code depth 4, init gaussian:1,0.05}: every axis with its value. */
    static String label(Map<String, String> axes) {
        List<String> parts = new ArrayList<>();
        axes.forEach((k, v) -> parts.add(k + " " + v));
        return String.join(", ", parts);
    }

    private static List<String> values(List<SweepResults.Row> rows, String axis) {
        Set<String> v = new LinkedHashSet<>();
        for (SweepResults.Row r : rows) v.add(r.axes().getOrDefault(axis, ""));
        return new ArrayList<>(v);
    }

    private static boolean unique(List<SweepResults.Row> rows, List<String> axes) {
        Set<List<String>> seen = new HashSet<>();
        for (SweepResults.Row r : rows) {
            List<String> key = new ArrayList<>();
            for (String a : axes) key.add(r.axes().getOrDefault(a, ""));
            if (!seen.add(key)) return false;
        }
        return true;
    }
}
