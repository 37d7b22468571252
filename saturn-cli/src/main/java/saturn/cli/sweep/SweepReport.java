package saturn.cli.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
 * The HTML report of a sweep folder ({@code report.html}): the comparison table, test
 * accuracy and vanishing factor of every trial over the steps, and — when the grid spans
 * σ_w² through {@code init: gaussian:SW2,SB2} and depth — the trainability heatmap with the
 * theory's trainable depth 6ξ_c over it (Schoenholz et al. 2017, figure 5).
 */
public final class SweepReport {

    private static final int MAX_CURVES = 16;

    private SweepReport() {
    }

    public static Path write(Path root, Path file) throws IOException {
        byte[] bytes = html(root).getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, o -> o.write(bytes));
        return file;
    }

    static String html(Path root) throws IOException {
        JsonNode index = SweepResults.index(root);
        List<SweepResults.Row> rows = SweepResults.read(root);
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
        for (SweepResults.Row r : rows) {
            List<String> c = new ArrayList<>(List.of(r.name()));
            c.addAll(SweepResults.cells(r, axes));
            cells.add(c);
        }
        page.table(header, cells);
        page.note("Accuracy on the test set; steps to target: the first evaluation at or above the target accuracy; "
                + "vanishing factor: delta_rms of the first hidden layer over the last, at the first diagnosed step "
                + "(the network as initialized) and the last. Each trial's own report is report.html in its folder.");
        for (SweepResults.Row r : rows) {
            if (!r.reason().isEmpty()) page.note(r.name() + ": " + r.status() + ", " + r.reason());
        }

        curves(rows, page);
        trainability(rows, axes, page);

        page.section("backends", "Compute backends");
        String backends = rows.stream().filter(r -> r.run() != null).map(r -> r.run().derived().path("backends").asText(""))
                .distinct().reduce((a, b) -> a + "; " + b).orElse("(no run)");
        page.paragraph(backends);
        return page.finish();
    }

    private static void curves(List<SweepResults.Row> rows, Html page) {
        List<SweepResults.Row> runs = rows.stream().filter(r -> r.run() != null).toList();
        if (runs.isEmpty()) return;
        page.section("curves", "Test accuracy and vanishing factor over training");
        if (runs.size() > MAX_CURVES) page.note("The first " + MAX_CURVES + " trials are drawn.");
        LineChart acc = new LineChart("Test accuracy", "step", "test accuracy");
        LineChart vf = new LineChart("Vanishing factor δ₁/δ_L", "step", "vanishing factor").logY();
        for (SweepResults.Row r : runs.subList(0, Math.min(runs.size(), MAX_CURVES))) {
            acc.add(r.name(), RunReport.column(r.run().evalLines(), "step"), RunReport.column(r.run().evalLines(), "test_accuracy"));
            vf.add(r.name(), RunReport.column(r.run().diagnostics(), "step"),
                    RunReport.column(r.run().diagnostics(), "vanishing_factor"));
        }
        page.charts(acc.svg(600, 340), vf.svg(600, 340));
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
                "test accuracy", cols, rws, acc).logRows().annotate();
        JsonNode options = runs.getFirst().run().options();
        String activation = options.path("activation").asText();
        String transform = options.path("transform").asText("none");
        boolean sameActivation = runs.stream().allMatch(r -> r.run().options().path("activation").asText().equals(activation));
        StringBuilder note = new StringBuilder("Colour: final test accuracy (diverged runs count as 0; grey: no result). "
                + "Depth on a log scale.");
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
