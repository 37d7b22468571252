package saturn.cli.analyze;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import saturn.cli.run.Json;
import saturn.engine.data.DataSpec;
import saturn.engine.remedy.Prescription;
import saturn.engine.run.RunPlan;
import saturn.engine.run.RunSpec;
import saturn.theory.Activation;
import saturn.theory.analysis.Analysis;
import saturn.theory.jacobian.JacobianSpectrum;
import saturn.theory.meanfield.CriticalPoint;
import saturn.theory.meanfield.MeanFieldPoint;
import saturn.theory.meanfield.Phase;

/**
 * What {@code saturn analyze} advises for one activation at the analysed depth: the
 * {@code saturn train} flags that {@code --remedy auto} resolves to for a dense chain of that
 * depth (taken from the same {@link RunPlan} that {@code train} builds), why, and warnings
 * where the analysis at the given σ_w², σ_b² shows trouble.
 *
 * @param depth        the depth analysed, which the remedy is for
 * @param command      a {@code saturn train} command line that trains this activation with the remedy
 * @param prescription what {@code --remedy auto} chose; null when it could not decide (see {@code failure})
 * @param failure      why there is no prescription; null when there is one
 * @param warnings     the problems the numbers show, each a kind and one sentence
 */
record Advice(int depth, String command, Prescription prescription, String failure, List<Warning> warnings) {

    /** A problem the analysis shows at the given point. */
    record Warning(String kind, String message) {
    }

    /** Below this q* the signal has, for practical purposes, died out. */
    static final double DEGENERATE_Q = 1e-6;
    /**
     * A relative variance of the Jacobian's squared singular values above this (a standard
     * deviation over three times the mean) is far from isometric. Gaussian weights always give
     * at least the depth L (free probability: L·μ2/μ1²), so shallow networks stay below it.
     */
    static final double SPREAD = 10;
    /** The width and data the printed command names; the decision depends on neither. */
    static final int WIDTH = 256;
    static final String DATA = "fashion-mnist";

    static Advice of(Activation activation, Analysis a) {
        int depth = a.options().depth();
        String command = "saturn train --data " + DATA + " --depth " + depth + " --width " + WIDTH + " --activation "
                + quoted(activation.name()) + " --remedy auto";
        Prescription p = null;
        String failure = null;
        try {
            RunSpec spec = RunSpec.of(DataSpec.parse(DATA), depth, WIDTH, activation).withAutoRemedy();
            p = RunPlan.of(spec).prescription();
        } catch (IllegalArgumentException e) {
            failure = e.getMessage();
        }
        return new Advice(depth, command, p, failure, warnings(activation, a));
    }

    /** The flags {@code --remedy auto} stands for here: {@code --init orthogonal --transform tat:0.3}. */
    String flags() {
        if (prescription == null) return "";
        String t = prescription.transform().id();
        return "--init " + prescription.init().id() + (t.equals("none") ? "" : " --transform " + t);
    }

    private static List<Warning> warnings(Activation activation, Analysis a) {
        List<Warning> w = new ArrayList<>();
        MeanFieldPoint p = a.meanField();
        String at = "at σw² = " + AnalysisReport.num(p.sigmaW2()) + ", σb² = " + AnalysisReport.num(p.sigmaB2());
        if (p.qStar() < DEGENERATE_Q) {
            String chi = p.phase() == Phase.CRITICAL
                    ? "; χ1 = 1 there describes that degenerate point, not a useful edge of chaos" : "";
            w.add(new Warning("signal_dies", "q* = " + AnalysisReport.num(p.qStar()) + " " + at + ": the forward signal "
                    + "fades to 0 with depth, so the deep layers see inputs near 0 (where a smooth φ is close to its "
                    + "tangent line: the deep network is nearly linear)" + chi + "."));
        }
        if (p.phase() == Phase.UNBOUNDED) {
            w.add(new Warning("signal_explodes", "q* = ∞ " + at + ": the forward signal grows without bound."));
        }
        JacobianSpectrum j = a.jacobian();
        double mean = j.gaussian().mean();
        double relative = j.gaussian().variance() / (mean * mean);
        if (Double.isFinite(relative) && relative > SPREAD) {
            double orthogonal = j.orthogonal().variance() / (mean * mean);
            w.add(new Warning("gaussian_spread", String.format(Locale.ROOT, "with Gaussian weights (xavier, he, "
                    + "gaussian:…) the squared singular values of the input-output Jacobian at depth %d spread with "
                    + "relative variance %s around their mean (orthogonal weights: %s): far from isometric, some "
                    + "directions get far more gradient than others; use orthogonal weights.", j.depth(),
                    AnalysisReport.num(relative), AnalysisReport.num(orthogonal))));
        }
        if (!a.critical().isPresent()) {
            String reason = a.critical().reason();
            w.add(new Warning("no_critical_point", reason.startsWith("no critical point") ? reason
                    : "no critical point: " + reason));
        } else {
            CriticalPoint c = a.critical().value();
            if (c.qStar() < DEGENERATE_Q) {
                w.add(new Warning("critical_point_degenerate", "the critical point for σb² = "
                        + AnalysisReport.num(c.sigmaB2()) + " (σw² = " + AnalysisReport.num(c.sigmaW2()) + ") has q* = "
                        + AnalysisReport.num(c.qStar()) + ": a signal that has died out, not a trainable edge of "
                        + "chaos; a larger σb² (or --q-star, e.g. 1/depth) moves it to a real one."));
            }
        }
        return w;
    }

    /** The activation as one shell word: single-quoted unless it is a plain name. */
    static String quoted(String s) {
        return s.matches("[A-Za-z0-9_.+-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }

    void print(java.io.PrintWriter out) {
        out.println("  advice            " + command);
        if (prescription == null) {
            out.println("                    --remedy auto cannot decide here: " + failure);
        } else {
            out.println("                    that is " + flags() + ", Adam lr "
                    + String.format(Locale.ROOT, "%.3g", prescription.learningRate())
                    + " (without --lr: 1e-3 scaled down for depth " + depth + ")");
            out.println("                    why: " + prescription.reason());
        }
        for (Warning w : warnings) out.println("  warning           " + w.message());
    }

    ObjectNode json() {
        ObjectNode o = Json.object();
        o.put("command", command);
        if (prescription != null) {
            ObjectNode f = o.putObject("train_options");
            f.put("remedy", "auto");
            f.put("init", prescription.init().id());
            f.put("transform", prescription.transform().id());
            Json.putFinite(f, "lr", prescription.learningRate());
            o.put("reason", prescription.reason());
            o.put("lr_rule", prescription.learningRateRule());
        } else {
            o.putNull("train_options");
            o.put("reason", failure);
        }
        ArrayNode ws = o.putArray("warnings");
        for (Warning w : warnings) ws.addObject().put("kind", w.kind()).put("message", w.message());
        return o;
    }
}
