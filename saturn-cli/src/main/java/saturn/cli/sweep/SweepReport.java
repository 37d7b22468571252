package saturn.cli.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import saturn.cli.html.Heatmap;
import saturn.cli.html.Html;
import saturn.cli.html.LineChart;
import saturn.cli.html.Svg;
import saturn.cli.run.Json;
import saturn.cli.run.RunReport;
import saturn.engine.io.AtomicFiles;
import saturn.theory.Activation;
import saturn.theory.gauss.Derivatives;
import saturn.theory.meanfield.MeanField;

/**
 * The HTML report of a sweep folder ({@code report.html}): the comparison table (each trial
 * linked to its own report), test accuracy and vanishing factor of every trial over the steps
 * (one axis of the grid in colour, another in dash), each trial's gradient flow per layer and
 * step on one colour scale, and — when the grid spans
 * σ_w² through {@code init: gaussian:SW2,SB2} and depth — the trainability heatmap with the
 * theory's trainable depth 6ξ_c over it (Schoenholz et al. 2017, figure 5).
 */
public final class SweepReport {

    private static final int MAX_CURVES = 16;
    private static final int MAX_GRADIENT_MAPS = 24;
    /** The shared colour scale of the trials' gradient maps spans this many decades. */
    private static final double DECADES = 12;

    private SweepReport() {
    }

    public static Path write(Path root, Path file) throws IOException {
        return write(root, file, false);
    }

    /** With {@code finishedOnly}, the report of the trials finished so far ({@link SweepResults#read(Path, boolean)}). */
    static Path write(Path root, Path file, boolean finishedOnly) throws IOException {
        byte[] bytes = html(root, finishedOnly).getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, o -> o.write(bytes));
        return file;
    }

    static String html(Path root) throws IOException {
        return html(root, false);
    }

    static String html(Path root, boolean finishedOnly) throws IOException {
        JsonNode index = SweepResults.index(root);
        List<SweepResults.Row> rows = SweepResults.read(root, finishedOnly);
        double target = SweepResults.target(root);
        List<String> axes = SweepResults.axisNames(rows);
        Html page = new Html(index.path("title").asText("Saturn sweep") + " (" + rows.size() + " trials)");
        page.paragraph("Folder: " + root);
        String data = rows.stream().filter(r -> r.run() != null).map(r -> r.run().derived().path("data_source").asText(""))
                .distinct().reduce((a, b) -> a + "; " + b).orElse("");
        if (!data.isEmpty()) page.paragraph("Data: " + data);

        page.section("comparison", "Comparison");
        List<String> header = new ArrayList<>(List.of("trial"));
        header.addAll(SweepResults.header(axes, target));
        List<List<String>> cells = new ArrayList<>();
        List<String> links = new ArrayList<>();
        for (SweepResults.Row r : rows) {
            List<String> c = new ArrayList<>(List.of(r.name()));
            c.addAll(SweepResults.cells(r, axes));
            cells.add(c);
            String link = r.name() + "/" + RunReport.FILE;
            links.add(Files.isRegularFile(root.resolve(link)) && Html.isPlainRelative(link) ? link : null);
        }
        page.table(header, cells, links);
        page.note("Accuracy on the test set; steps to target: the first evaluation at or above the target accuracy; "
                + "vanishing factor: delta_rms of the first hidden layer over the last, at the first diagnosed step "
                + "(the network as initialized) and the last. A trial's name links to its own report.");
        for (SweepResults.Row r : rows) {
            if (!r.reason().isEmpty()) page.note(r.name() + ": " + r.status() + ", " + r.reason());
        }

        curves(rows, axes, page);
        gradients(rows, page);
        trainability(rows, axes, page);

        page.section("backends", "Compute backends");
        String backends = rows.stream().filter(r -> r.run() != null).map(r -> r.run().derived().path("backends").asText(""))
                .distinct().reduce((a, b) -> a + "; " + b).orElse("(no run)");
        page.paragraph(backends);
        return page.finish();
    }

    private static void curves(List<SweepResults.Row> rows, List<String> axes, Html page) {
        List<SweepResults.Row> runs = rows.stream().filter(r -> r.run() != null).toList();
        if (runs.isEmpty()) return;
        page.section("curves", "Test accuracy and vanishing factor over training");
        CurveStyles styles = CurveStyles.choose(runs, axes);
        List<SweepResults.Row> drawn = styles.colourAxis() != null ? runs : runs.subList(0, Math.min(runs.size(), MAX_CURVES));
        if (drawn.size() < runs.size()) page.note("The first " + MAX_CURVES + " trials are drawn.");
        LineChart acc = new LineChart("Test accuracy", "step", "test accuracy").yRange(0, 1);
        LineChart vf = new LineChart("Vanishing factor δ₁/δ_L", "step", "vanishing factor").logY()
                .reference("healthy: 1", 1);
        for (int i = 0; i < drawn.size(); i++) {
            SweepResults.Row r = drawn.get(i);
            String label = CurveStyles.label(r.axes());
            LineChart.Style style = styles.style(i);
            acc.add(label, RunReport.column(r.run().evalLines(), "step"), RunReport.column(r.run().evalLines(), "test_accuracy"),
                    style.marked());
            vf.add(label, RunReport.column(r.run().diagnostics(), "step"),
                    RunReport.column(r.run().diagnostics(), "vanishing_factor"), style);
        }
        double chance = drawn.stream().mapToDouble(r -> RunReport.chance(r.run())).filter(Double::isFinite).max()
                .orElse(Double.NaN);
        if (Double.isFinite(chance)) acc.reference("chance " + Svg.number(chance), chance);
        List<LineChart.Entry> legend = styles.legend();
        acc.legend(legend);
        vf.legend(legend);
        page.charts(acc.svg(540, 360), vf.svg(540, 360));
        page.note((styles.colourAxis() == null ? "Each trial has its own line." : "Colour: " + styles.colourAxis()
                + (styles.dashAxis() == null ? "." : "; dash: " + styles.dashAxis() + "."))
                + " Test accuracy at each evaluation (dots), on the full 0–1 scale with chance marked; vanishing factor "
                + "δ₁/δ_L at each diagnosed step, where 1 is healthy and 0 (a signal that underflowed) cannot be drawn.");
    }

    /**
     * Each trial's backward signal per hidden layer and step (log10 delta_rms), side by side on
     * one colour scale: the top is the largest value of any trial, the bottom {@value #DECADES}
     * decades below it, lower values (0 included) take the darkest colour.
     */
    private static void gradients(List<SweepResults.Row> rows, Html page) {
        List<SweepResults.Row> runs = rows.stream().filter(r -> r.run() != null && !r.run().diagnostics().isEmpty()).toList();
        if (runs.isEmpty()) return;
        page.section("gradient-flow", "Gradient flow of each trial");
        List<SweepResults.Row> drawn = runs.subList(0, Math.min(runs.size(), MAX_GRADIENT_MAPS));
        List<Heatmap> maps = new ArrayList<>();
        double hi = Double.NEGATIVE_INFINITY;
        for (SweepResults.Row r : drawn) {
            Heatmap m = RunReport.gradientMap(r.run(), title(r.axes()));
            maps.add(m);
            hi = Math.max(hi, m.max());
        }
        hi = Double.isFinite(hi) ? Math.ceil(hi) : 0;
        String[] svgs = new String[maps.size()];
        for (int i = 0; i < maps.size(); i++) svgs[i] = maps.get(i).range(hi - DECADES, hi).svg(340, 240);
        page.charts(svgs);
        page.note("log10 of delta_rms, the RMS of ∂L/∂h of each hidden layer (rows, the first at the bottom) at each "
                + "diagnosed step (columns), on one scale for all trials: from " + Svg.number(hi - DECADES) + " (or below: "
                + "a signal that vanished, 0 included) to " + Svg.number(hi) + ". A column that darkens towards the bottom "
                + "is a gradient vanishing on its way to the first layers."
                + (drawn.size() < runs.size() ? " The first " + MAX_GRADIENT_MAPS + " trials are drawn." : ""));
    }

    /** A heatmap's title: the axis values, with their names when that stays short. */
    private static String title(java.util.Map<String, String> axes) {
        String full = CurveStyles.label(axes);
        return full.length() <= 44 ? full : String.join(" · ", axes.values());
    }

    /** σ_w² of {@code gaussian:SW2[,SB2]}; NaN for another init. */
    static double[] gaussianInit(String init) {
        String v = init == null ? "" : init.strip().toLowerCase(Locale.ROOT);
        if (!v.startsWith("gaussian:")) return null;
        String[] p = v.substring("gaussian:".length()).split(",");
        try {
            return new double[] {Double.parseDouble(p[0]), p.length > 1 ? Double.parseDouble(p[1]) : 0.0};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static void trainability(List<SweepResults.Row> rows, List<String> axes, Html page) {
        if (!axes.contains("depth") || !axes.contains("init")) return;
        List<SweepResults.Row> runs = rows.stream().filter(r -> r.run() != null).toList();
        if (runs.isEmpty()) return;
        TreeSet<Double> sw2s = new TreeSet<>();
        TreeSet<Double> sb2s = new TreeSet<>();
        TreeSet<Double> depths = new TreeSet<>();
        for (SweepResults.Row r : runs) {
            double[] g = gaussianInit(r.axes().get("init"));
            if (g == null) return;
            sw2s.add(g[0]);
            sb2s.add(g[1]);
            depths.add(Double.parseDouble(r.axes().get("depth")));
        }
        page.section("trainability", "Trainability: σw² × depth");
        double[] cols = sw2s.stream().mapToDouble(Double::doubleValue).toArray();
        double[] rws = depths.stream().mapToDouble(Double::doubleValue).toArray();
        double[][] acc = new double[rws.length][cols.length];
        for (double[] a : acc) java.util.Arrays.fill(a, Double.NaN);
        boolean several = false;
        for (SweepResults.Row r : runs) {
            double[] g = gaussianInit(r.axes().get("init"));
            int c = java.util.Arrays.binarySearch(cols, g[0]);
            int d = java.util.Arrays.binarySearch(rws, Double.parseDouble(r.axes().get("depth")));
            double a = r.finalAccuracy();
            if (Double.isNaN(a) && "diverged".equals(r.status())) a = 0;
            if (!Double.isNaN(acc[d][c])) several = true;
            if (Double.isNaN(acc[d][c]) || a > acc[d][c]) acc[d][c] = a;
        }
        Heatmap map = new Heatmap("Final test accuracy; the theory's trainable depth 6ξc", "σw²", "depth",
                "test accuracy", cols, rws, acc).logRows().annotate().range(0, 1);
        double chance = runs.stream().mapToDouble(r -> RunReport.chance(r.run())).filter(Double::isFinite).max()
                .orElse(Double.NaN);
        if (Double.isFinite(chance)) map.mark("chance", chance);
        JsonNode options = runs.getFirst().run().options();
        String activation = options.path("activation").asText();
        String transform = options.path("transform").asText("none");
        boolean sameActivation = runs.stream().allMatch(r -> r.run().options().path("activation").asText().equals(activation));
        StringBuilder note = new StringBuilder("Colour: final test accuracy on the full 0–1 scale, chance marked on the "
                + "bar (diverged runs count as 0; grey: no result). Depth on a log scale.");
        if (several) note.append(" Several trials share a cell (other axes): the best one is shown.");
        if (sameActivation && transform.equals("none") && sb2s.size() == 1) {
            double sb2 = sb2s.first();
            int n = 241;
            double lo = cols[0];
            double hi = cols[cols.length - 1];
            if (cols.length > 1) {
                double half = (cols[1] - cols[0]) / 2;
                lo -= half;
                hi += (cols[cols.length - 1] - cols[cols.length - 2]) / 2;
            }
            double[] xs = new double[n];
            double[] ys = new double[n];
            Derivatives phi = Derivatives.of(Activation.parse(activation));
            for (int i = 0; i < n; i++) {
                xs[i] = Math.max(1e-6, lo + (hi - lo) * i / (n - 1));
                try {
                    ys[i] = new MeanField(phi, xs[i], sb2).point().trainableDepth();
                } catch (RuntimeException e) {
                    ys[i] = Double.NaN;
                }
            }
            map.curve("6ξc (" + activation + ", σb² = " + Svg.number(sb2) + ")", xs, ys);
            note.append(" Red: 6ξc from the mean-field theory of ").append(activation).append(" at σb² = ")
                    .append(Svg.number(sb2)).append("; it rises to infinity at the critical σw² (χ1 = 1), where the curve leaves the plot.");
        } else {
            note.append(" No 6ξc curve: it needs one activation without transform and one σb² across the grid.");
        }
        page.charts(map.svg(760, 460));
        page.note(note.toString());
    }
}
