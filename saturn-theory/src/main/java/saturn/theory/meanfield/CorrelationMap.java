package saturn.theory.meanfield;

import saturn.theory.gauss.Derivatives;
import saturn.theory.gauss.DivergentExpectationException;
import saturn.theory.gauss.GaussianExpectation;
import saturn.theory.gauss.HermiteSeries;
import saturn.theory.gauss.Integrand;
import saturn.theory.gauss.PairIntegrand;

/**
 * The c-map and its slope at one q, for every c: Hermite (Mehler) series of φ and φ' at
 * scale √q, computed once, give {@code E[φ(u1)φ(u2)] = Σ c^k a_k²} and
 * {@code E[φ'(u1)φ'(u2)] = Σ c^k b_k²} as polynomials in c. Where the series' truncation
 * bound exceeds {@link #TOLERANCE} (relative to E[φ²], resp. E[φ'²]) — c near ±1 with a
 * kinked φ — the point is computed by the 2-D quadrature instead, the map in the form
 * {@code 1 − σ_w² E[(φ(u1) − φ(u2))²]/(2 qMap(q))}, which does not cancel near c = 1.
 */
final class CorrelationMap {

    static final double TOLERANCE = 1e-11;

    private final Derivatives phi;
    private final double sigmaW2;
    private final double sigmaB2;
    private final double q;
    private final double qNext;
    private final HermiteSeries f;
    private final HermiteSeries d;

    CorrelationMap(Derivatives phi, double sigmaW2, double sigmaB2, double q, double qNext) {
        this.phi = phi;
        this.sigmaW2 = sigmaW2;
        this.sigmaB2 = sigmaB2;
        this.q = q;
        this.qNext = qNext;
        HermiteSeries[] s;
        try {
            s = HermiteSeries.of(new Integrand[] {phi.phi(), phi.d1()}, Math.sqrt(q), phi.kinks(),
                    HermiteSeries.MAX_ORDER);
        } catch (DivergentExpectationException e) {
            throw e.forExpectation("E[phi(sqrt(q) z)^2]").forActivation(phi.name());
        }
        this.f = s[0];
        this.d = s[1];
    }

    /**
     * {c-map(c), c-map slope(c)}: {@code (σ_w² E[φφ] + σ_b²)/qMap(q)} and {@code σ_w² E[φ'φ']},
     * the latter with the point masses of a jumping φ ({@link JumpTerms}).
     */
    double[] at(double c) {
        boolean seriesOk = f.truncationBound(f, c) <= TOLERANCE * Math.max(f.secondMoment(), Double.MIN_NORMAL)
                && d.truncationBound(d, c) <= TOLERANCE * Math.max(d.secondMoment(), Double.MIN_NORMAL);
        if (seriesOk) {
            return new double[] {(sigmaW2 * f.kernel(f, c) + sigmaB2) / qNext,
                sigmaW2 * (d.kernel(d, c) + JumpTerms.of(phi, q, c))};
        }
        // 1 - C = sigma_w2 (E[phi(u1)^2] - E[phi(u1) phi(u2)]) / qMap(q) = sigma_w2 E[(phi(u1) - phi(u2))^2] / (2 qMap(q)):
        // the difference is taken pointwise, so C stays accurate as c -> 1.
        PairIntegrand[] h = {difference(phi.phi()), PairIntegrand.product(phi.d1(), phi.d1())};
        double[] e;
        try {
            e = GaussianExpectation.pair(h, phi.kinks(), phi.kinks(), q, c);
        } catch (DivergentExpectationException ex) {
            throw ex.forExpectation("E[phi(u1) phi(u2)]").forActivation(phi.name());
        }
        return new double[] {1 - sigmaW2 * e[0] / (2 * qNext), sigmaW2 * (e[1] + JumpTerms.of(phi, q, c))};
    }

    /** {@code (f(u1) − f(u2))²}. */
    private static PairIntegrand difference(Integrand f) {
        return (u1, u2, out, n) -> {
            double[] fu = new double[1];
            f.values(new double[] {u1}, fu, 1);
            f.values(u2, out, n);
            for (int i = 0; i < n; i++) {
                double d = fu[0] - out[i];
                out[i] = d * d;
            }
        };
    }
}
