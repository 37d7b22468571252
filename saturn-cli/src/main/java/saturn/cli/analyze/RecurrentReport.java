package saturn.cli.analyze;

import static saturn.cli.analyze.AnalysisReport.num;

import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import saturn.cli.options.BadInputException;
import saturn.cli.options.OptionText;
import saturn.cli.run.Json;
import saturn.theory.Activation;
import saturn.theory.analysis.Outcome;
import saturn.theory.meanfield.Phase;
import saturn.theory.recurrent.ElmanMeanField;
import saturn.theory.recurrent.ElmanPoint;
import saturn.theory.recurrent.HorizonTransform;
import saturn.theory.recurrent.MemoryBias;

/** {@code saturn analyze --recurrent}: the text report, one per activation, each ending in a verdict. */
final class RecurrentReport {

    private RecurrentReport() {
    }

    /** Runs the recurrent analysis with the command's options; returns the exit code. */
    static int run(AnalyzeCommand c, RecurrentOptions r) {
        r.validate();
        refuse(c, "--q-star", "critical σw² comes from σu², σb² and --input-variance");
        refuse(c, "--phase-diagram", "it is drawn for deep stacks only");
        refuse(c, "--depth", "use --horizon");
        if (!(c.sigmaW2 >= 0) || Double.isInfinite(c.sigmaW2)) {
            throw new BadInputException("--sigma-w2 must be a finite number >= 0, got " + c.sigmaW2);
        }
        if (!(c.sigmaB2 >= 0) || Double.isInfinite(c.sigmaB2)) {
            throw new BadInputException("--sigma-b2 must be a finite number >= 0, got " + c.sigmaB2);
        }
        if (!(c.zeta > 1) || Double.isInfinite(c.zeta)) throw new BadInputException("--zeta must be a finite number > 1, got " + c.zeta);
        if (!(c.tau > 0) || Double.isInfinite(c.tau)) throw new BadInputException("--tau must be a finite number > 0, got " + c.tau);
        Activation gate = r.cell == RecurrentOptions.Cell.RNN ? null : OptionText.formula(r.gate);
        List<Activation> parsed = new ArrayList<>();
        for (String a : c.activations) parsed.add(OptionText.formula(a));
        RecurrentAnalysis.Settings s = new RecurrentAnalysis.Settings(c.sigmaW2, r.sigmaU2, c.sigmaB2, r.inputVariance,
                r.inputCorrelation, r.horizon, r.inputShare(c.tau), c.zeta, c.tau);
        List<RecurrentAnalysis> results = parsed.parallelStream().map(a -> RecurrentAnalysis.of(a, gate, r.cell, s)).toList();

        PrintWriter out = c.spec.commandLine().getOut();
        if (c.json) {
            if (results.size() == 1) {
                out.println(Json.writePretty(RecurrentJson.of(results.get(0))));
            } else {
                ArrayNode array = Json.MAPPER.createArrayNode();
                for (RecurrentAnalysis a : results) array.add(RecurrentJson.of(a));
                out.println(Json.writePretty(array));
            }
        } else {
            for (int i = 0; i < results.size(); i++) {
                if (i > 0) out.println();
                print(out, results.get(i));
            }
        }
        out.flush();
        return 0;
    }

    private static void refuse(AnalyzeCommand c, String option, String why) {
        if (c.spec.commandLine().getParseResult().hasMatchedOption(option)) {
            throw new BadInputException(option + " does not apply to --recurrent: " + why);
        }
    }

    static void print(PrintWriter out, RecurrentAnalysis a) {
        if (a.cell() == RecurrentOptions.Cell.RNN) {
            printRnn(out, a);
        } else {
            printGated(out, a);
        }
    }

    private static void printRnn(PrintWriter out, RecurrentAnalysis a) {
        RecurrentAnalysis.Settings s = a.settings();
        ElmanPoint p = a.rnn();
        out.printf("recurrent %s: h_t = φ(W h_{t−1} + U x_t + b) over T = %d steps%n", a.activation().formula(), s.horizon());
        out.printf("  mean field        σw² = %s, σu² = %s, σb² = %s, input variance %s:  q* = %s  χ = %s  phase %s%n",
                num(s.sigmaW2()), num(s.sigmaU2()), num(s.sigmaB2()), num(s.inputVariance()), num(p.qStar()), num(p.chi()),
                p.phase().label());
        out.printf("  gradient          timescale −1/ln χ = %s steps; %s%n", num(p.gradientTimescale()), overHorizon(p.chi(), s.horizon()));
        out.printf("  correlation       inputs with correlation ρ = %s:  c* = %s  slope %s  memory −1/ln|slope| = %s steps%n",
                num(p.inputCorrelation()), num(p.cStar()), num(p.cSlope()), num(p.correlationTimescale()));
        Outcome<ElmanMeanField> c = a.critical();
        if (c.isPresent()) {
            out.printf("  critical line     σw² = %s (q* = %s) at σu² = %s, σb² = %s, input variance %s%n",
                    num(c.value().sigmaW2()), num(c.value().fixedPointQ()), num(s.sigmaU2()), num(s.sigmaB2()),
                    num(s.inputVariance()));
        } else {
            out.printf("  critical line     none: %s%n", c.reason());
        }
        out.printf("  transforms        φ̂(x) = γ(φ(αx+β)+δ) over T = %d steps with input share v = %s "
                + "(σw² = 1−v, σu² = v/qx, σb² = 0)%n", s.horizon(), num(s.inputShare()));
        transform(out, "DKS ζ=" + num(s.zeta()), a.dks());
        transform(out, "TAT τ=" + num(s.tau()), a.tat());
        out.println("  verdict           " + rnnVerdict(a));
    }

    private static void transform(PrintWriter out, String label, Outcome<HorizonTransform> t) {
        if (!t.isPresent()) {
            out.printf("    %-15s none: %s%n", label, t.reason());
            return;
        }
        HorizonTransform h = t.value();
        out.printf("    %-15s α = %s  β = %s  δ = %s  γ = %s  (step slope %s, T-step slope %s, curvature %s; "
                        + "variance settles over %s steps)%n",
                label, num(h.transform().alpha()), num(h.transform().beta()), num(h.transform().delta()),
                num(h.transform().gamma()), num(h.stepSlope()), num(h.networkSlope()), num(h.networkCurvature()),
                num(h.varianceTimescale()));
    }

    static String rnnVerdict(RecurrentAnalysis a) {
        ElmanPoint p = a.rnn();
        String critical = a.critical().isPresent()
                ? "critical σw² is " + num(a.critical().value().sigmaW2())
                : "no critical σw²: " + a.critical().reason();
        if (p.phase() == Phase.UNBOUNDED) {
            return "unbounded: the state grows without limit at σw² = " + num(p.sigmaW2()) + "; " + critical + ".";
        }
        return String.format(Locale.ROOT, "%s phase (χ = %s): %s; %s.", p.phase().label(), num(p.chi()),
                overHorizon(p.chi(), a.settings().horizon()), critical);
    }

    private static String overHorizon(double chi, int horizon) {
        double factor = Math.pow(chi, horizon);
        if (Double.isNaN(factor)) return "undefined over " + horizon + " steps";
        if (chi < 1 - Phase.CRITICAL_TOLERANCE) {
            return "over " + horizon + " steps the squared gradient norm shrinks by a factor " + power(chi, horizon);
        }
        if (chi > 1 + Phase.CRITICAL_TOLERANCE) {
            return "over " + horizon + " steps the squared gradient norm grows by a factor " + power(chi, horizon);
        }
        return "over " + horizon + " steps the squared gradient norm is kept (χ^T = " + num(factor) + ")";
    }

    /** {@code chi^T}, as a power of ten where a double would underflow or overflow. */
    static String power(double chi, int horizon) {
        double log10 = horizon * Math.log10(chi);
        if (!(Math.abs(log10) >= 300) || Double.isInfinite(log10)) return num(Math.pow(chi, horizon));
        return String.format(Locale.ROOT, "10^%d", Math.round(log10));
    }

    private static void printGated(PrintWriter out, RecurrentAnalysis a) {
        RecurrentAnalysis.Settings s = a.settings();
        String cell = a.cell().label();
        boolean lstm = a.cell() == RecurrentOptions.Cell.LSTM;
        String bias = lstm ? "μ_f" : "μ_z";
        out.printf("recurrent %s, gates %s, cell %s, over T = %d steps%n", cell, a.gate().formula(), a.activation().formula(),
                s.horizon());
        out.printf("  init              every block: recurrent σ² = %s, input ν² = %s, bias variance %s, bias mean 0; "
                + "input variance %s%n", num(s.sigmaW2()), num(s.sigmaU2()), num(s.sigmaB2()), num(s.inputVariance()));
        out.println("  mean field        " + gated(a.gated(), lstm));
        Outcome<MemoryBias> b = a.memoryBias();
        String gate = lstm ? "forget-gate bias" : "update-gate bias";
        if (b.isPresent()) {
            MemoryBias m = b.value();
            out.printf("  %-17s timescale ≥ T from %s = %s; χ = 1 at %s; gradients grow by more than e over T above %s%n",
                    gate, bias, num(m.lower()), Double.isNaN(m.critical()) ? "none (χ stays below 1)" : num(m.critical()),
                    num(m.upper()));
            if (a.atRecommended() != null) {
                out.printf("  recommended       %s = %s:  %s%n", bias, num(m.recommended()), gated(a.atRecommended(), lstm));
            }
        } else {
            out.printf("  %-17s none: %s%n", gate, b.reason());
        }
        Outcome<Double> scale = a.recurrentScale();
        if (scale.isPresent()) {
            out.printf("  recurrent scale   χ = 1 at the given biases with the recurrent variances ×%s (σ² = %s)%n",
                    num(scale.value()), num(scale.value() * s.sigmaW2()));
        } else {
            out.printf("  recurrent scale   none: %s%n", scale.reason());
        }
        out.println("  verdict           " + gatedVerdict(a));
    }

    private static String gated(RecurrentAnalysis.Gated g, boolean lstm) {
        return String.format(Locale.ROOT, "q_h = %s%s  %s = %s  χ = %s  timescale %s steps", num(g.qHidden()),
                lstm ? "  q_c = " + num(g.qCell()) : "", lstm ? "E[f²]" : "E[z²]", num(g.memoryGain()), num(g.chi()),
                num(g.timescale()));
    }

    static String gatedVerdict(RecurrentAnalysis a) {
        RecurrentAnalysis.Gated g = a.gated();
        String now = String.format(Locale.ROOT, "at bias 0 χ = %s: %s", num(g.chi()), overHorizon(g.chi(), a.settings().horizon()));
        if (!a.memoryBias().isPresent()) return now + "; no " + a.memoryBias().reason();
        String gate = a.cell() == RecurrentOptions.Cell.LSTM ? "forget" : "update";
        return String.format(Locale.ROOT, "%s; set the %s-gate bias to %s for a timescale of at least %d steps.", now, gate,
                num(a.memoryBias().value().recommended()), a.settings().horizon());
    }
}
