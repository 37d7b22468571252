package saturn.cli.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import saturn.cli.html.Heatmap;
import saturn.cli.html.Html;
import saturn.cli.html.LineChart;
import saturn.cli.html.Svg;
import saturn.engine.io.AtomicFiles;
import saturn.theory.Activation;
import saturn.theory.meanfield.MeanField;
import saturn.theory.meanfield.MeanFieldPoint;

/**
 * The HTML report of one run ({@code report.html} in its directory): loss and accuracy,
 * gradient flow and saturation per layer and step, measured backward gain against the
 * theory's χ1, the activation, the configuration and the backends. Self-contained.
 */
public final class RunReport {

    public static final String FILE = "report.html";
    /** Heatmaps keep at most this many step columns (evenly spaced, first and last included). */
    private static final int MAX_COLUMNS = 150;
    private static final int W = 530;
    private static final int H = 310;

    private RunReport() {
    }

    public static Path write(Path runDir) throws IOException {
        return write(RunData.read(runDir), runDir.resolve(FILE));
    }

    public static Path write(RunData run, Path file) throws IOException {
        byte[] bytes = html(run).getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, o -> o.write(bytes));
        return file;
    }

    static String html(RunData run) {
        Html page = new Html("Saturn run: " + title(run));
        summary(run, page);
        curves(run, page);
        layerHeatmaps(run, page);
        rbfHeatmaps(run, page);
        timeHeatmap(run, page);
        backwardGain(run, page);
        control(run, page);
        activation(run, page);
        configuration(run, page);
        return page.finish();
    }

    static String title(RunData run) {
        return run.option("activation") + ", depth " + run.option("depth") + " × width " + run.option("width")
                + ", init " + run.option("init") + (is(run, "transform", "none") ? "" : ", transform " + run.option("transform"))
                + (is(run, "norm", "none") ? "" : ", norm " + run.option("norm"))
                + ", " + run.option("optimizer") + " lr " + run.option("lr");
    }

    private static boolean is(RunData run, String key, String value) {
        String v = run.option(key);
        return v == null || v.equals(value);
    }

    private static void summary(RunData run, Html page) {
        page.section("summary", "Summary");
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("run directory", run.dir().toString()));
        rows.add(List.of("status", run.status()));
        rows.add(List.of("steps", run.summary() == null ? (run.trainLines().isEmpty() ? "0"
                : run.trainLines().getLast().path("step").asText()) : run.summary().path("steps").asText()));
        rows.add(List.of("test accuracy (final / best)", percent(run.finalAccuracy()) + " / " + percent(run.bestAccuracy())));
        rows.add(List.of(recurrent(run) ? "vanishing factor over time ‖∂L/∂h₁‖/‖∂L/∂h_T‖ (first diagnosis → last)"
                : "vanishing factor δ₁/δ_L (first diagnosis → last)",
                Svg.number(run.firstVanishingFactor()) + " → " + Svg.number(run.lastVanishingFactor())));
        rows.add(List.of("wall time", String.format(Locale.ROOT, "%.1f s", run.wallSeconds())));
        rows.add(List.of("data", run.derived().path("data_source").asText("?")));
        if (run.summary() != null && run.summary().has("divergence")) {
            rows.add(List.of("divergence", run.summary().path("divergence").asText()));
        }
        page.table(List.of("", ""), rows);
    }

    static String percent(double a) {
        return Double.isFinite(a) ? String.format(Locale.ROOT, "%.2f%%", 100 * a) : "n/a";
    }

    private static void curves(RunData run, Html page) {
        page.section("curves", "Loss and accuracy");
        double[] steps = column(run.trainLines(), "step");
        double[] evalSteps = column(run.evalLines(), "step");
        LineChart.Style train = LineChart.Style.of(0).faint();
        LineChart.Style test = LineChart.Style.of(1).bold().marked();
        LineChart loss = new LineChart("Loss", "step", "cross-entropy").logY()
                .add("train (each batch)", steps, column(run.trainLines(), "loss"), train)
                .add("test set", evalSteps, column(run.evalLines(), "test_loss"), test);
        LineChart acc = new LineChart("Accuracy", "step", "accuracy").yRange(0, 1)
                .add("train (each batch)", steps, column(run.trainLines(), "accuracy"), train)
                .add("test set", evalSteps, column(run.evalLines(), "test_accuracy"), test);
        double chance = chance(run);
        if (Double.isFinite(chance)) acc.reference("chance " + Svg.number(chance), chance);
        page.charts(loss.svg(W, H), acc.svg(W, H));
    }

    /** 1/classes, the accuracy of a guess; NaN when the run does not record its classes. */
    public static double chance(RunData run) {
        int classes = run.derived().path("classes").asInt(0);
        return classes > 1 ? 1.0 / classes : Double.NaN;
    }

    private static void layerHeatmaps(RunData run, Html page) {
        List<JsonNode> diag = thin(run.diagnostics());
        page.section("gradient-flow", "Gradient flow");
        page.note("log10 of delta_rms, the RMS of ∂L/∂h of each hidden layer (the backward signal), per diagnosed step. "
                + "A vertical gradient of colour is vanishing (dark at the bottom, the first layers) or exploding gradients.");
        if (diag.isEmpty()) {
            page.paragraph("No diagnostics were logged.");
        } else {
            page.charts(layerMap(diag, "delta_rms", true, "Gradient flow: log10 delta_rms", "log10 delta_rms").svg(W * 2, 380));
        }
        page.section("saturation", "Saturation");
        page.note("Share of each hidden layer's units where |φ'(h)| < 0.05·max|φ'| (flat regions: a sigmoid's tails, "
                + "the top of a Gaussian bump), per diagnosed step.");
        if (!diag.isEmpty()) {
            page.charts(layerMap(diag, "saturation", false, "Saturated share of units", "saturated share")
                    .range(0, 1).svg(W * 2, 380));
        }
    }

    /**
     * RBF layers: the mean of the Gaussian's argument d/(2s²m) of each layer, and the shares of
     * its outputs pinned near 0 and near 1, per diagnosed step.
     */
    private static void rbfHeatmaps(RunData run, Html page) {
        List<JsonNode> diag = thin(run.diagnostics());
        if (diag.isEmpty() || !diag.getFirst().path("layers").path(0).has("rbf_arg_mean")) return;
        page.section("rbf-units", "RBF units");
        page.note("Per RBF layer and diagnosed step: the mean of the Gaussian's argument a = d/(2 s² m) (y = exp(−a); "
                + "m is the --rbf-norm reference scale, 1 without one), and the shares of outputs below 1e-3 (far from every "
                + "input) and above 0.999 (wider than the distances' spread); both pass almost no gradient.");
        page.charts(layerMap(diag, "rbf_arg_mean", true, "Mean argument: log10 mean d/(2s²m)", "log10 argument").svg(W * 2, 380));
        page.charts(layerMap(diag, "rbf_near_zero", false, "Share of outputs near 0 (< 1e-3)", "share").range(0, 1).svg(W, 380),
                layerMap(diag, "rbf_near_one", false, "Share of outputs near 1 (> 0.999)", "share").range(0, 1).svg(W, 380));
    }

    /** Whether the run's layers are recurrent (their diagnostics carry gradient norms over time). */
    static boolean recurrent(RunData run) {
        List<JsonNode> diag = run.diagnostics();
        return !diag.isEmpty() && diag.getFirst().path("layers").path(0).has("grad_norms_over_time");
    }

    /** Time steps a heatmap over time keeps at most (evenly spaced, first and last included). */
    private static final int MAX_TIME_ROWS = 112;

    /**
     * Recurrent layers: log10 of ‖∂L/∂h_t‖ / ‖∂L/∂h_T‖ of the first layer, time step t against
     * training step: how far back in time the gradient reaches, and how that changes in training.
     */
    private static void timeHeatmap(RunData run, Html page) {
        if (!recurrent(run)) return;
        List<JsonNode> diag = thin(run.diagnostics());
        page.section("gradient-over-time", "Gradient over time");
        page.note("log10 of ‖∂L/∂h_t‖ / ‖∂L/∂h_T‖ for the first recurrent layer: the gradient reaching time step t "
                + "relative to the one at the last step, per diagnosed training step. Dark rows at the bottom (the first "
                + "time steps) are gradients vanishing over time; bright ones, gradients exploding.");
        int steps = diag.getFirst().path("layers").path(0).path("grad_norms_over_time").size();
        int rows = Math.min(steps, MAX_TIME_ROWS);
        double[] ts = new double[rows];
        for (int r = 0; r < rows; r++) ts[r] = 1 + Math.round(r * (steps - 1.0) / Math.max(1, rows - 1));
        double[] xs = new double[diag.size()];
        double[][] v = new double[rows][diag.size()];
        for (int c = 0; c < diag.size(); c++) {
            xs[c] = diag.get(c).path("step").asDouble();
            JsonNode norms = diag.get(c).path("layers").path(0).path("grad_norms_over_time");
            double last = RunData.number(norms.path(steps - 1));
            for (int r = 0; r < rows; r++) {
                double x = RunData.number(norms.path((int) ts[r] - 1)) / last;
                v[r][c] = x > 0 && Double.isFinite(x) ? Math.log10(x) : Double.NaN;
            }
        }
        page.charts(new Heatmap("Gradient over time: log10 ‖∂L/∂h_t‖/‖∂L/∂h_T‖", "step", "time step t",
                "log10 ratio", xs, ts, v).svg(W * 2, 380));
    }

    /** log10 delta_rms of each hidden layer (rows) at each diagnosed step (columns), at most {@value #MAX_COLUMNS} columns. */
    public static Heatmap gradientMap(RunData run, String title) {
        List<JsonNode> diag = thin(run.diagnostics());
        return diag.isEmpty() ? null : layerMap(diag, "delta_rms", true, title, "log10 delta_rms");
    }

    private static Heatmap layerMap(List<JsonNode> diag, String field, boolean log10, String title, String label) {
        int layers = diag.getFirst().path("layers").size();
        double[] steps = new double[diag.size()];
        double[] rows = new double[layers];
        double[][] v = new double[layers][diag.size()];
        for (int l = 0; l < layers; l++) rows[l] = l + 1;
        for (int c = 0; c < diag.size(); c++) {
            steps[c] = diag.get(c).path("step").asDouble();
            JsonNode ls = diag.get(c).path("layers");
            for (int l = 0; l < layers; l++) {
                double x = RunData.number(ls.path(l).get(field));
                // 0 is a backward signal that underflowed: -∞, the darkest colour (NaN, grey, is a missing value)
                v[l][c] = log10 ? (x > 0 ? Math.log10(x) : x == 0 ? Double.NEGATIVE_INFINITY : Double.NaN) : x;
            }
        }
        return new Heatmap(title, "step", "hidden layer", label, steps, rows, v);
    }

    /** At most {@link #MAX_COLUMNS} lines, evenly spaced, first and last kept. */
    private static List<JsonNode> thin(List<JsonNode> lines) {
        if (lines.size() <= MAX_COLUMNS) return lines;
        List<JsonNode> out = new ArrayList<>();
        for (int i = 0; i < MAX_COLUMNS; i++) out.add(lines.get((int) Math.round(i * (lines.size() - 1.0) / (MAX_COLUMNS - 1))));
        return out;
    }

    private static void backwardGain(RunData run, Html page) {
        page.section("chi", "Backward gain per layer against the theory");
        page.note("chi_emp = (delta_rms_l / delta_rms_{l+1})², the measured per-layer gain of the squared backward signal, "
                + "against the mean-field χ1 = σw² E[φ'(√q* z)²] of the network's activation at the run's σw², σb². "
                + "Their product over the layers is the squared vanishing factor.");
        List<JsonNode> diag = run.diagnostics();
        Theory theory = theory(run);
        if (diag.isEmpty()) {
            page.paragraph("No diagnostics were logged.");
            return;
        }
        LineChart chart = new LineChart("Backward gain chi_emp per layer", "hidden layer", "chi_emp").logY();
        JsonNode first = diag.getFirst();
        JsonNode last = diag.getLast();
        chart.add("step " + first.path("step").asText(), layerAxis(first), layerValues(first, "chi_emp"),
                LineChart.Style.of(0).marked());
        if (diag.size() > 1) {
            chart.add("step " + last.path("step").asText(), layerAxis(last), layerValues(last, "chi_emp"),
                    LineChart.Style.of(1).marked());
        }
        if (theory.point() != null) chart.reference("theory χ1 = " + Svg.number(theory.point().chi1()), theory.point().chi1());
        page.charts(chart.svg(W * 2 - 200, H));
        page.note(theory.text());
        layerRates(run, page);
    }

    /**
     * {@code --control}: the vanishing factor at every diagnosed step against the band [0.1, 10],
     * and what the controller set per layer and step (gains, learning-rate factors, distance from
     * isometry), with the reasons of its last actions.
     */
    private static void control(RunData run, Html page) {
        List<JsonNode> all = run.diagnostics();
        List<JsonNode> lines = all.stream().filter(d -> d.has("control")).toList();
        if (lines.isEmpty()) return;
        page.section("control", "Gain controller");
        page.note("--control " + run.option("control") + ": after every diagnosed step the controller reads each layer's "
                + "backward gain chi_emp and gradient-to-weight ratio and acts (" + run.derived().path("control_rule").asText() + ").");
        double[] steps = new double[all.size()];
        double[] vf = new double[all.size()];
        for (int i = 0; i < all.size(); i++) {
            steps[i] = all.get(i).path("step").asDouble();
            vf[i] = RunData.number(all.get(i).get("vanishing_factor"));
        }
        page.charts(new LineChart("Vanishing factor at each diagnosed step", "step", "vanishing factor").logY()
                .add("vanishing factor", steps, vf, LineChart.Style.of(0).marked())
                .reference("0.1", 0.1).reference("10", 10).svg(W * 2 - 200, H));
        List<JsonNode> thinned = thin(lines);
        List<String> maps = new ArrayList<>();
        if (thinned.getFirst().path("control").has("gain")) {
            maps.add(controlMap(thinned, "gain", "a", "Output gain a per layer: log10 a", "log10 a").svg(W, 380));
        }
        if (thinned.getFirst().path("control").has("lr")) {
            maps.add(controlMap(thinned, "lr", "factor", "Learning-rate factor per layer: log10", "log10 factor").svg(W, 380));
        }
        if (!maps.isEmpty()) page.charts(maps.toArray(String[]::new));
        if (thinned.getFirst().path("control").has("iso")) {
            double[] x = new double[lines.size()];
            double[] mean = new double[lines.size()];
            for (int i = 0; i < lines.size(); i++) {
                x[i] = lines.get(i).path("step").asDouble();
                JsonNode ms = lines.get(i).path("control").path("iso").path("matrices");
                double sum = 0;
                for (JsonNode m : ms) sum += RunData.number(m.get("deviation"));
                mean[i] = ms.isEmpty() ? Double.NaN : sum / ms.size();
            }
            page.charts(new LineChart("Mean distance from isometry ‖G − cI‖/(c√k)", "step", "relative distance").logY()
                    .add("mean over matrices", x, mean, LineChart.Style.of(0).marked()).svg(W * 2 - 200, H));
        }
        JsonNode last = lines.getLast();
        List<List<String>> rows = new ArrayList<>();
        for (String action : List.of("gain", "lr")) {
            for (JsonNode e : last.path("control").path(action)) {
                if (rows.size() >= 12) break;
                rows.add(List.of(action, Integer.toString(e.path("layer").asInt() + 1), e.path("why").asText()));
            }
        }
        if (!rows.isEmpty()) {
            page.paragraph("Actions after step " + last.path("step").asText() + " (first layers; every step's are in diagnostics.jsonl):");
            page.table(List.of("action", "hidden layer", "why"), rows);
        }
    }

    /** One value per layer and diagnosed step from the controller's {@code action} entries, as log10. */
    private static Heatmap controlMap(List<JsonNode> lines, String action, String field, String title, String label) {
        int layers = 0;
        for (JsonNode d : lines) for (JsonNode e : d.path("control").path(action)) layers = Math.max(layers, e.path("layer").asInt() + 1);
        double[] steps = new double[lines.size()];
        double[] rows = new double[layers];
        double[][] v = new double[layers][lines.size()];
        for (int l = 0; l < layers; l++) {
            rows[l] = l + 1;
            java.util.Arrays.fill(v[l], Double.NaN);
        }
        for (int c = 0; c < lines.size(); c++) {
            steps[c] = lines.get(c).path("step").asDouble();
            for (JsonNode e : lines.get(c).path("control").path(action)) {
                double x = RunData.number(e.get(field));
                v[e.path("layer").asInt()][c] = x > 0 ? Math.log10(x) : Double.NaN;
            }
        }
        return new Heatmap(title, "step", "hidden layer", label, steps, rows, v);
    }

    /** {@code --lr-layers}: the learning-rate factor of each hidden layer. */
    private static void layerRates(RunData run, Html page) {
        JsonNode factors = run.derived().path("lr_layer_factors");
        if (!factors.isArray() || factors.isEmpty()) return;
        double[] x = new double[factors.size()];
        double[] y = new double[factors.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = i + 1;
            y[i] = factors.get(i).asDouble();
        }
        page.charts(new LineChart("Learning-rate factor per hidden layer (--lr-layers)", "hidden layer", "factor").logY()
                .add("factor", x, y, LineChart.Style.of(0).marked()).svg(W * 2 - 200, H));
    }

    private static double[] layerAxis(JsonNode line) {
        double[] x = new double[line.path("layers").size()];
        for (int i = 0; i < x.length; i++) x[i] = i + 1;
        return x;
    }

    private static double[] layerValues(JsonNode line, String field) {
        JsonNode ls = line.path("layers");
        double[] y = new double[ls.size()];
        for (int i = 0; i < y.length; i++) y[i] = RunData.number(ls.path(i).get(field));
        return y;
    }

    /** The mean-field point of the run's network, or null with the reason in {@code text}. */
    record Theory(MeanFieldPoint point, String text) {
    }

    /**
     * The network activation (the transformed φ̂, or a0·φ for {@code scale}) at the σ_w², σ_b²
     * that {@code config.yaml} records. The theory describes a plain chain at initialization;
     * normalization, shortcuts, RBF layers and LSUV's rescaling fall outside it.
     */
    static Theory theory(RunData run) {
        JsonNode d = run.derived();
        if ("rbf".equals(run.option("layer"))) return new Theory(null, "RBF layers: the mean-field χ1 of a dense chain does not apply.");
        double sw2 = RunData.number(d.get("sigma_w2"));
        double sb2 = RunData.number(d.get("sigma_b2"));
        if (!Double.isFinite(sw2) || !Double.isFinite(sb2)) return new Theory(null, "config.yaml records no sigma_w2/sigma_b2.");
        try {
            Activation phi = networkActivation(run);
            MeanFieldPoint p = new MeanField(saturn.theory.gauss.Derivatives.of(phi), sw2, sb2).point();
            StringBuilder t = new StringBuilder(String.format(Locale.ROOT,
                    "Theory for φ = %s at σw² = %s, σb² = %s: q* = %s, χ1 = %s, ξc = %s, trainable depth 6ξc ≈ %s; "
                            + "predicted vanishing factor χ1^((L-1)/2) = %s.",
                    phi.formula(), Svg.number(sw2), Svg.number(sb2), Svg.number(p.qStar()), Svg.number(p.chi1()),
                    Svg.number(p.xiC()), Svg.number(p.trainableDepth()),
                    Svg.number(Math.pow(p.chi1(), (run.options().path("depth").asInt() - 1) / 2.0))));
            if (p.qStar() < 1e-6 && p.phase() == saturn.theory.meanfield.Phase.CRITICAL) {
                t.append(" q* = 0: the forward signal dies out with depth, so χ1 = 1 here is the degenerate point where the "
                        + "deep layers act on inputs near 0, not a useful edge of chaos.");
            }
            if (!is(run, "norm", "none") || !is(run, "residual", "none")) {
                t.append(" This network has normalization or shortcuts, which the plain-chain theory leaves out.");
            }
            if ("lsuv".equals(run.option("init"))) t.append(" LSUV rescaled the weights after initialization.");
            return new Theory(p, t.toString());
        } catch (RuntimeException e) {
            return new Theory(null, "No mean-field point: " + e.getMessage());
        }
    }

    static Activation networkActivation(RunData run) {
        JsonNode d = run.derived();
        Activation phi = Activation.parse(d.has("transform_formula") ? d.get("transform_formula").asText()
                : String.valueOf(run.option("activation")));
        return d.has("scale_initial") ? phi.scaled(d.get("scale_initial").asDouble()) : phi;
    }

    private static void activation(RunData run, Html page) {
        page.section("activation", "Activation");
        Activation phi;
        Activation net;
        try {
            phi = Activation.parse(String.valueOf(run.option("activation")));
            net = networkActivation(run);
        } catch (IllegalArgumentException e) {
            page.paragraph("The activation of " + ConfigFile.RUN_CONFIG + " cannot be read: " + e.getMessage());
            return;
        }
        int n = 161;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = -4 + 8.0 * i / (n - 1);
        LineChart chart = new LineChart("Activation on [-4, 4]", "x", "value")
                .add("φ(x) = " + phi.formula(), x, eval(phi, x), LineChart.Style.of(0))
                .add("φ'", x, eval(phi.derivative(), x), LineChart.Style.of(0).dash(LineChart.Dash.DASHED));
        boolean transformed = !net.formula().equals(phi.formula());
        if (transformed) {
            chart.add("network φ̂", x, eval(net, x), LineChart.Style.of(1))
                    .add("φ̂'", x, eval(net.derivative(), x), LineChart.Style.of(1).dash(LineChart.Dash.DASHED));
        }
        page.charts(chart.svg(W + 120, H + 30));
        page.paragraph("φ(x) = " + phi.formula() + ";  φ'(x) = " + phi.derivative().formula());
        if (transformed) page.paragraph("The network computes φ̂(x) = " + net.formula());
    }

    private static double[] eval(Activation a, double[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) y[i] = a.value(x[i]);
        return y;
    }

    private static void configuration(RunData run, Html page) {
        page.section("configuration", "Configuration");
        page.table(List.of("option", "value"), entries(run.options(), false));
        page.section("derived", "Derived constants");
        page.note("Numbers rounded to four significant digits; config.yaml in the run directory has every digit.");
        List<List<String>> derived = entries(run.derived(), true);
        derived.removeIf(r -> r.getFirst().equals("backends") || r.getFirst().equals("java"));
        page.table(List.of("quantity", "value"), derived);
        page.section("backends", "Compute backends");
        page.table(List.of("", ""), List.of(
                List.of("backends", run.derived().path("backends").asText("?")),
                List.of("java", run.derived().path("java").asText("?"))));
    }

    private static List<List<String>> entries(JsonNode object, boolean round) {
        List<List<String>> rows = new ArrayList<>();
        for (var it = object.fields(); it.hasNext(); ) {
            var e = it.next();
            JsonNode v = e.getValue();
            String text = v.isNull() ? "" : v.isContainerNode() ? containerText(v) : round && v.isFloatingPointNumber()
                    ? Svg.number(v.asDouble()) : v.asText();
            rows.add(new ArrayList<>(List.of(e.getKey(), text)));
        }
        return rows;
    }

    private static String containerText(JsonNode v) {
        if (!v.isArray()) return v.toString();
        List<String> parts = new ArrayList<>();
        v.forEach(e -> parts.add(e.asText()));
        return String.join("; ", parts);
    }

    public static double[] column(List<JsonNode> lines, String field) {
        double[] out = new double[lines.size()];
        for (int i = 0; i < out.length; i++) out[i] = RunData.number(lines.get(i).get(field));
        return out;
    }
}
