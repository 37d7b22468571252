package saturn.theory.jacobian;

import saturn.theory.gauss.Derivatives;
import saturn.theory.gauss.AdaptiveLegendre;
import saturn.theory.gauss.DivergentExpectationException;
import saturn.theory.gauss.Integrand;
import saturn.theory.gauss.SampledRule;

/**
 * Spectrum of the input–output Jacobian {@code J = Π_l D_l W_l} of a deep random network at
 * its fixed point q* (Pennington, Schoenholz, Ganguli 2017; docs/architecture.md §5).
 *
 * <p>With {@code μ_k = E[φ'(√q* z)^{2k}]} and {@code χ1 = σ_w² μ1}:
 * <ul>
 *   <li>mean squared singular value {@code χ1^L} (exact for any σ_w²);</li>
 *   <li>variance {@code mean² · L (μ2/μ1² − 1 − s1)}, with {@code s1 = 0} for orthogonal and
 *       {@code s1 = −1} for Gaussian weights.</li>
 * </ul>
 * The variance is the paper's free-probability result {@code L (μ2/μ1² − 1 − s1)} at
 * criticality (χ1 = 1, where mean = 1); off criticality each layer's factor
 * {@code σ_w² D²} is rescaled by χ1, which multiplies every squared singular value by
 * χ1^L and the variance by its square, leaving the relative spread unchanged (the
 * formula is then the leading order in L of the relative variance, which is what the
 * paper derives). μ2/μ1² is invariant under rescaling φ'.
 *
 * <p>For a φ that jumps, φ' has a point mass: μ1, μ2, χ1 and the mean are {@code +Infinity},
 * the variance NaN.
 *
 * @param depth  L, the number of layers
 * @param mu1    {@code E[φ'(√q* z)²]}
 * @param mu2    {@code E[φ'(√q* z)⁴]}
 * @param chi1   {@code σ_w² μ1}
 */
public record JacobianSpectrum(int depth, double sigmaW2, double qStar, double mu1, double mu2, double chi1,
                               SingularValueMoments orthogonal, SingularValueMoments gaussian) {

    /** Free-probability constant s1 of the weight ensemble. */
    public static final double S1_ORTHOGONAL = 0;
    public static final double S1_GAUSSIAN = -1;

    /**
     * The spectrum at depth L for weights of variance σ_w²/N at fixed point q*.
     * NaN everywhere when q* is not finite.
     */
    public static JacobianSpectrum of(Derivatives phi, double sigmaW2, double qStar, int depth) {
        if (depth < 0) {
            throw new IllegalArgumentException("depth must be >= 0, got " + depth);
        }
        if (!Double.isFinite(qStar)) {
            double nan = Double.NaN;
            SingularValueMoments none = new SingularValueMoments(nan, nan);
            return new JacobianSpectrum(depth, sigmaW2, qStar, nan, nan, nan, none, none);
        }
        if (phi.hasJumps() && qStar > 0 && sigmaW2 > 0) {
            // phi' has a point mass: every mu_k is infinite, and so is chi1.
            double inf = Double.POSITIVE_INFINITY;
            SingularValueMoments none = new SingularValueMoments(inf, Double.NaN);
            return new JacobianSpectrum(depth, sigmaW2, qStar, inf, inf, inf, none, none);
        }
        // A rule adapted to phi'^2 and phi'^4 together (phi'^4 may be much heavier-tailed than phi^2).
        Integrand d1 = phi.d1();
        Integrand d1Squared = (x, out, n) -> {
            d1.values(x, out, n);
            for (int i = 0; i < n; i++) {
                out[i] *= out[i];
            }
        };
        double scale = qStar == 0 ? 1e-150 : Math.sqrt(qStar);
        SampledRule s;
        try {
            s = AdaptiveLegendre.sample(new Integrand[] {d1, d1Squared}, scale, 0, true, phi.kinksInZ(scale, 0),
                    AdaptiveLegendre.TOLERANCE);
        } catch (DivergentExpectationException e) {
            throw e.forExpectation("E[phi'(sqrt(q*) z)^4]").forActivation(phi.name());
        }
        double[] d2 = s.values()[1];
        double[] d4 = new double[d2.length];
        for (int i = 0; i < d2.length; i++) {
            d4[i] = d2[i] * d2[i];
        }
        double mu1;
        double mu2;
        try {
            mu1 = s.rule().expect(d2, "E[phi'(sqrt(q*) z)^2]");
            mu2 = s.rule().expect(d4, "E[phi'(sqrt(q*) z)^4]");
        } catch (DivergentExpectationException e) {
            throw e.forActivation(phi.name());
        }
        double chi1 = sigmaW2 * mu1;
        double mean = Math.pow(chi1, depth);
        return new JacobianSpectrum(depth, sigmaW2, qStar, mu1, mu2, chi1,
                moments(mean, depth, mu1, mu2, S1_ORTHOGONAL), moments(mean, depth, mu1, mu2, S1_GAUSSIAN));
    }

    private static SingularValueMoments moments(double mean, int depth, double mu1, double mu2, double s1) {
        return new SingularValueMoments(mean, mean * mean * depth * (mu2 / (mu1 * mu1) - 1 - s1));
    }
}
