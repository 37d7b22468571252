package saturn.theory.meanfield;

import saturn.theory.gauss.Derivatives;
import saturn.theory.gauss.GaussianSample;

/**
 * Moments of φ(z), z ~ N(0,1) (docs/architecture.md §5, "Moments and gains").
 *
 * @param mean         {@code m = E[φ(z)]}
 * @param secondMoment {@code E[φ(z)²]}
 * @param variance     {@code s² = Var φ(z)}
 * @param gamma        NF-style gain {@code γ = 1/s} (tanh 1.592537, sigmoid 4.801313);
 *                     {@code +Infinity} for a constant φ
 */
public record Moments(double mean, double secondMoment, double variance, double gamma) {

    public static Moments of(Derivatives phi) {
        GaussianSample s = GaussianSample.of(phi, 0, 1, 0);
        double m = s.expect(0, 0, "E[phi(z)]");
        double m2 = s.expectProduct(0, 0, 0, "E[phi(z)^2]");
        // E[(phi - m)^2] rather than E[phi^2] - m^2, which cancels when |m| >> s.
        double[] f = s.derivative(0);
        double[] centred = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            double d = f[i] - m;
            centred[i] = d * d;
        }
        double var = s.expect(centred, "Var phi(z)");
        return new Moments(m, m2, var, 1 / Math.sqrt(var));
    }

    /** Standard deviation {@code s} of φ(z). */
    public double std() {
        return Math.sqrt(variance);
    }

    /**
     * The σ_w² that makes {@code q = 1} a fixed point of the q-map for this σ_b²:
     * {@code 1 = σ_w² E[φ(z)²] + σ_b²}. NaN when {@code σ_b² ≥ 1} (no positive σ_w² works)
     * or {@code E[φ²] = 0}.
     */
    public double variancePreservingSigmaW2(double sigmaB2) {
        if (sigmaB2 >= 1 || !(secondMoment > 0)) {
            return Double.NaN;
        }
        return (1 - sigmaB2) / secondMoment;
    }
}
