package saturn.theory.transform;

import saturn.theory.gauss.Derivatives;
import saturn.theory.gauss.DivergentExpectationException;
import saturn.theory.gauss.GaussianSample;

/**
 * The Gaussian expectations, at {@code u = αz + β}, from which every local map of the
 * transform {@code φ̂(x) = γ(φ(αx+β)+δ)} follows in closed form:
 *
 * @param m0 {@code E[φ(u)]}
 * @param m2 {@code E[φ(u)²]}
 * @param p  {@code E[φ(u) φ'(u) z]}
 * @param p1 {@code E[φ'(u) z]}
 * @param d2 {@code E[φ'(u)²]}
 * @param e2 {@code E[φ''(u)²]}
 */
public record ShiftedMoments(double alpha, double beta, double m0, double m2, double p, double p1, double d2,
                             double e2) {

    /** All six expectations on one quadrature rule adapted to φ, φ', φ'' at αz + β. */
    public static ShiftedMoments of(Derivatives phi, double alpha, double beta) {
        return withGradient(phi, alpha, beta)[0];
    }

    /**
     * The six expectations and their derivatives in α and β, on one rule:
     * {@code [B, ∂B/∂α, ∂B/∂β]}, the derivative records holding (α, β) = (1, 0) and (0, 1).
     * Uses {@code ∂/∂β E[g(u)] = E[g'(u)]}, {@code ∂/∂α E[g(u)] = E[g'(u) z]}, and for
     * {@code E[φ''²]} Stein's lemma {@code E[h'(u)] = E[h(u) z]/α},
     * {@code E[h'(u) z] = (E[h(u) z²] − E[h(u)])/α}, so no third derivative is needed.
     *
     * @throws DivergentExpectationException when the expectations do not exist
     */
    public static ShiftedMoments[] withGradient(Derivatives phi, double alpha, double beta) {
        GaussianSample s = GaussianSample.of(phi, 2, alpha, beta);
        double[] z = s.z();
        double[] w = s.rule().weights();
        double[] f = s.derivative(0);
        double[] f1 = s.derivative(1);
        double[] f2 = s.derivative(2);
        double m0 = 0, m2 = 0, p = 0, p1 = 0, d2 = 0, e2 = 0;
        double m0b = 0, m2b = 0, pb = 0, pa = 0, p1b = 0, p1a = 0, d2b = 0, d2a = 0, e2z = 0, e2zz = 0;
        for (int i = 0; i < z.length; i++) {
            double wi = w[i];
            double zi = z[i];
            double a = f[i];
            double b = f1[i];
            double c = f2[i];
            double wz = wi * zi;
            double wzz = wz * zi;
            double q = b * b + a * c;
            m0 += wi * a;
            m2 += wi * a * a;
            p += wz * a * b;
            p1 += wz * b;
            d2 += wi * b * b;
            e2 += wi * c * c;
            m0b += wi * b;
            m2b += wi * a * b;
            pb += wz * q;
            pa += wzz * q;
            p1b += wz * c;
            p1a += wzz * c;
            d2b += wi * b * c;
            d2a += wz * b * c;
            e2z += wz * c * c;
            e2zz += wzz * c * c;
        }
        double[] all = {m0, m2, p, p1, d2, e2, m0b, m2b, pb, pa, p1b, p1a, d2b, d2a, e2z, e2zz};
        for (double v : all) {
            if (!Double.isFinite(v)) {
                throw new DivergentExpectationException("E[phi(a z + b)^2]", phi.name(),
                        "the integrand is not finite on the Gaussian's support");
            }
        }
        ShiftedMoments value = new ShiftedMoments(alpha, beta, m0, m2, p, p1, d2, e2);
        ShiftedMoments dAlpha = new ShiftedMoments(1, 0, p1, 2 * p, pa, p1a, 2 * d2a, (e2zz - e2) / alpha);
        ShiftedMoments dBeta = new ShiftedMoments(0, 1, m0b, 2 * m2b, pb, p1b, 2 * d2b, e2z / alpha);
        return new ShiftedMoments[] {value, dAlpha, dBeta};
    }

    /** {@code this + h·direction}, componentwise (for directional derivatives of closed forms). */
    public ShiftedMoments plus(ShiftedMoments direction, double h) {
        return new ShiftedMoments(alpha + h * direction.alpha, beta + h * direction.beta, m0 + h * direction.m0,
                m2 + h * direction.m2, p + h * direction.p, p1 + h * direction.p1, d2 + h * direction.d2,
                e2 + h * direction.e2);
    }

    /** {@code E[(φ(u)+δ)²]}, the inverse square of the gain γ. */
    public double secondMomentShifted(double delta) {
        return m2 + 2 * delta * m0 + delta * delta;
    }

    /** The local maps of {@code γ(φ(αx+β)+δ)} with {@code γ = 1/√E[(φ+δ)²]} (so Q(1) = 1). */
    public LocalMaps localMaps(double delta) {
        double s = secondMomentShifted(delta);
        double gamma = 1 / Math.sqrt(s);
        return maps(delta, gamma);
    }

    /** The local maps of {@code γ(φ(αx+β)+δ)} for any γ. */
    public LocalMaps maps(double delta, double gamma) {
        double g2 = gamma * gamma;
        double q1 = g2 * secondMomentShifted(delta);
        double a2 = alpha * alpha;
        return new LocalMaps(q1, g2 * alpha * (p + delta * p1), g2 * (m0 + delta) * (m0 + delta) / q1,
                g2 * a2 * d2 / q1, g2 * a2 * a2 * e2 / q1);
    }
}
