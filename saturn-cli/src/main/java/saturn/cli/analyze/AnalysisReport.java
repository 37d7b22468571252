package saturn.cli.analyze;

import java.io.PrintWriter;
import java.util.Locale;
import saturn.theory.Activation;
import saturn.theory.analysis.Analysis;
import saturn.theory.analysis.Outcome;
import saturn.theory.jacobian.JacobianSpectrum;
import saturn.theory.meanfield.CriticalPoint;
import saturn.theory.meanfield.MeanFieldPoint;
import saturn.theory.meanfield.Moments;
import saturn.theory.meanfield.Phase;
import saturn.theory.transform.ActivationTransform;

/** The human-readable form of an {@link Analysis}: a short report ending in a one-line verdict. */
final class AnalysisReport {

    private AnalysisReport() {
    }

    static void print(PrintWriter out, Activation act, Analysis a) {
        MeanFieldPoint p = a.meanField();
        int depth = a.options().depth();
        String title = act.name().equals(act.formula()) ? act.formula() : act.name() + "(x) = " + act.formula();
        out.println(title);
        out.printf("  derivative        φ'(x) = %s%n", act.derivative().formula());
        out.printf("  shape             %s, sup|φ'| = %s%n",
                act.isSmooth() ? "smooth" : "kinks at x = " + kinks(act.kinks()), num(act.maxAbsDerivative()));

        Moments m = a.moments();
        out.printf("  moments, z~N(0,1) E[φ] = %s   E[φ²] = %s   Var φ = %s   gain γ = 1/std = %s%n",
                num(m.mean()), num(m.secondMoment()), num(m.variance()), num(m.gamma()));

        out.printf("  mean field        σw² = %s, σb² = %s:  q* = %s  c* = %s  χ1 = %s%n",
                num(p.sigmaW2()), num(p.sigmaB2()), num(p.qStar()), num(p.cStar()), num(p.chi1()));
        out.printf("                    ξq = %s  ξc = %s  phase %s, trainable depth 6ξc ≈ %s layers%n",
                num(p.xiQ()), num(p.xiC()), p.phase().label() + (degenerate(p) ? " (degenerate: q* = 0)" : ""),
                num(p.trainableDepth()));
        out.printf("                    variance-preserving σw² (q* = 1) for σb² = %s: %s%n",
                num(p.sigmaB2()), num(a.variancePreservingSigmaW2()));

        Outcome<CriticalPoint> c = a.critical();
        if (c.isPresent()) {
            out.printf("  critical line     σb² = %s  ->  σw² = %s  (q* = %s)%n",
                    num(c.value().sigmaB2()), num(c.value().sigmaW2()), num(c.value().qStar()));
        } else {
            out.printf("  critical line     none: %s%n", c.reason());
        }

        JacobianSpectrum j = a.jacobian();
        out.printf("  Jacobian, L = %-4d mean squared singular value χ1^L = %s; variance %s (orthogonal W), %s (Gaussian W)%n",
                depth, num(j.orthogonal().mean()), num(j.orthogonal().variance()), num(j.gaussian().variance()));
        if (a.criticalJacobian().isPresent()) {
            JacobianSpectrum cj = a.criticalJacobian().value();
            out.printf("                    at the critical point: mean %s; variance %s (orthogonal), %s (Gaussian)%n",
                    num(cj.orthogonal().mean()), num(cj.orthogonal().variance()), num(cj.gaussian().variance()));
        }

        out.printf("  transforms        φ̂(x) = γ(φ(αx+β)+δ), for a chain of %d layers%n", depth);
        transform(out, "DKS ζ=" + num(a.options().zeta()), a.dks());
        transform(out, "TAT τ=" + num(a.options().tau()), a.tat());
        transform(out, "normalized", a.normalized());

        out.println("  verdict           " + verdict(a));
        Advice.of(act, a).print(out);
    }

    /** χ1 = 1 because the signal has died out (q* = 0), where every φ looks linear: no real edge of chaos. */
    static boolean degenerate(MeanFieldPoint p) {
        return p.phase() == Phase.CRITICAL && p.qStar() < Advice.DEGENERATE_Q;
    }

    private static void transform(PrintWriter out, String label, Outcome<ActivationTransform> t) {
        if (!t.isPresent()) {
            out.printf("    %-15s none: %s%n", label, t.reason());
            return;
        }
        ActivationTransform v = t.value();
        out.printf("    %-15s α = %s  β = %s  δ = %s  γ = %s  (max slope %s)%n",
                label, num(v.alpha()), num(v.beta()), num(v.delta()), num(v.gamma()), num(v.maxSlope()));
    }

    /** One line: the phase, what happens to the gradient over L layers, and the critical σw². */
    static String verdict(Analysis a) {
        MeanFieldPoint p = a.meanField();
        int depth = a.options().depth();
        String critical = a.critical().isPresent()
                ? String.format(Locale.ROOT, "critical σw² for σb² = %s is %s", num(a.critical().value().sigmaB2()),
                        num(a.critical().value().sigmaW2()))
                : "no critical point: " + a.critical().reason();
        if (degenerate(p)) {
            return String.format(Locale.ROOT, "no useful edge of chaos (χ1 = 1 only because q* = 0): the signal dies out and "
                    + "the deep layers act near φ's tangent line at 0, so the network is close to linear; %s.", critical);
        }
        if (p.phase() == Phase.UNBOUNDED) {
            return "unbounded: the forward signal grows without limit at σw² = " + num(p.sigmaW2()) + "; " + critical + ".";
        }
        double factor = Math.pow(p.chi1(), depth);
        String change = switch (p.phase()) {
            case ORDERED -> String.format(Locale.ROOT, "gradients vanish: over %d layers the squared gradient norm shrinks by a factor %s",
                    depth, num(factor));
            case CHAOTIC -> String.format(Locale.ROOT, "gradients explode: over %d layers the squared gradient norm grows by a factor %s",
                    depth, num(factor));
            case CRITICAL -> String.format(Locale.ROOT, "edge of chaos: over %d layers the squared gradient norm is kept (χ1^L = %s)",
                    depth, num(factor));
            case UNBOUNDED -> throw new IllegalStateException();
        };
        return String.format(Locale.ROOT, "%s phase (χ1 = %s): %s; %s.", p.phase().label(), num(p.chi1()), change, critical);
    }

    /** Six significant digits; ∞ for infinities, "undefined" for NaN. */
    static String num(double v) {
        if (Double.isNaN(v)) return "undefined";
        if (v == Double.POSITIVE_INFINITY) return "∞";
        if (v == Double.NEGATIVE_INFINITY) return "-∞";
        if (v == 0) return "0";
        double abs = Math.abs(v);
        if (abs >= 1e-4 && abs < 1e7) {
            String s = new java.math.BigDecimal(v).round(new java.math.MathContext(6)).stripTrailingZeros().toPlainString();
            return s;
        }
        return String.format(Locale.ROOT, "%.5e", v).replaceAll("\\.?0+e", "e");
    }

    private static String kinks(double[] kinks) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < kinks.length; i++) {
            if (i > 0) sb.append(", ");
            sb.append(num(kinks[i]));
        }
        return sb.toString();
    }
}
