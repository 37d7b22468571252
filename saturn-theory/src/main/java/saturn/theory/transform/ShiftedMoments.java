package saturn.theory.transform;

import saturn.theory.gauss.Derivatives;
import saturn.theory.gauss.DivergentExpectationException;
import saturn.theory.gauss.GaussianSample;

/**
 * The Gaussian expectations, at {@code u = αz + β}, from which every local map of the
 * transform {@code φ̂(x) = γ(φ(αx+β)+δ)} follows in closed form. The moments of φ are taken
 * about a centre c (0, or φ(β) for the transform solver): for a small α, φ(u) stays within
 * O(α) of φ(β), and E[(φ+δ)²] expanded from raw moments, {@code E[φ²] + 2δE[φ] + δ²}, would
 * cancel all but ~α² of its size (at depth 10⁵, five of sixteen digits left); about φ(β) it
 * is a sum of small terms.
 *
 * @param center c
 * @param m0     {@code E[φ(u) − c]}
 * @param m2     {@code E[(φ(u) − c)²]}
 * @param p      {@code E[(φ(u) − c) φ'(u) z]}
 * @param p1     {@code E[φ'(u) z]}
 * @param d2     {@code E[φ'(u)²]}
 * @param e2     {@code E[φ''(u)²]}
 */
public record ShiftedMoments(double alpha, double beta, double center, double m0, double m2, double p, double p1,
                             double d2, double e2) {

    /** All six expectations on one quadrature rule adapted to φ, φ', φ'' at αz + β, about 0. */
    public static ShiftedMoments of(Derivatives phi, double alpha, double beta) {
        return withGradient(phi, alpha, beta, 0)[0];
    }

    /** As {@link #of(Derivatives, double, double)}, about {@code center}. */
    public static ShiftedMoments of(Derivatives phi, double alpha, double beta, double center) {
        return withGradient(phi, alpha, beta, center)[0];
    }

    /** {@link #withGradient(Derivatives, double, double, double)} about 0. */
    public static ShiftedMoments[] withGradient(Derivatives phi, double alpha, double beta) {
        return withGradient(phi, alpha, beta, 0);
    }

    /**
     * The six expectations about {@code center} and their derivatives in α and β (at a fixed
     * centre), on one rule: {@code [B, ∂B/∂α, ∂B/∂β]}, the derivative records holding
     * (α, β) = (1, 0) and (0, 1) and centre 0.
     *
     * <p>The derivatives differentiate the Gaussian density, not φ, so they hold for kinked
     * φ too (where φ' jumps and φ'' has point masses the samples would miss): with
     * {@code u = αz + β}, {@code E[h(u) z^k] = ∫ h(u) ((u−β)/α)^k N(u; β, α²) du} gives
     * <pre>
     *   ∂/∂β E[h z^k] = E[h (z^{k+1} − k z^{k−1})] / α
     *   ∂/∂α E[h z^k] = E[h (z^{k+2} − (k+1) z^k)] / α
     * </pre>
     *
     * @throws DivergentExpectationException when the expectations do not exist
     */
    public static ShiftedMoments[] withGradient(Derivatives phi, double alpha, double beta, double center) {
        GaussianSample s = GaussianSample.of(phi, 2, alpha, beta);
        double[] z = s.z();
        double[] w = s.rule().weights();
        double[] f = s.derivative(0);
        double[] f1 = s.derivative(1);
        double[] f2 = s.derivative(2);
        // Sums over h in {phi, phi^2, phi phi', phi', phi'^2, phi''^2} of w h z^j, j = 0..3.
        double[][] sums = new double[6][4];
        double[] h = new double[6];
        for (int i = 0; i < z.length; i++) {
            double a = f[i] - center;
            double b = f1[i];
            double c = f2[i];
            h[0] = a;
            h[1] = a * a;
            h[2] = a * b;
            h[3] = b;
            h[4] = b * b;
            h[5] = c * c;
            double zi = z[i];
            double wz0 = w[i];
            double wz1 = wz0 * zi;
            double wz2 = wz1 * zi;
            double wz3 = wz2 * zi;
            for (int k = 0; k < 6; k++) {
                double hk = h[k];
                double[] sk = sums[k];
                sk[0] += wz0 * hk;
                sk[1] += wz1 * hk;
                sk[2] += wz2 * hk;
                sk[3] += wz3 * hk;
            }
        }
        for (double[] sk : sums) {
            for (double v : sk) {
                if (!Double.isFinite(v)) {
                    throw new DivergentExpectationException("E[phi(a z + b)^2]", phi.name(),
                            "the integrand is not finite on the Gaussian's support");
                }
            }
        }
        // (h index, power of z) for m0, m2, p, p1, d2, e2
        int[][] terms = {{0, 0}, {1, 0}, {2, 1}, {3, 1}, {4, 0}, {5, 0}};
        double[] value = new double[6];
        double[] dA = new double[6];
        double[] dB = new double[6];
        for (int t = 0; t < 6; t++) {
            double[] sk = sums[terms[t][0]];
            int k = terms[t][1];
            value[t] = sk[k];
            dB[t] = (sk[k + 1] - (k == 0 ? 0 : k * sk[k - 1])) / alpha;
            dA[t] = (sk[k + 2] - (k + 1) * sk[k]) / alpha;
        }
        return new ShiftedMoments[] {
            new ShiftedMoments(alpha, beta, center, value[0], value[1], value[2], value[3], value[4], value[5]),
            new ShiftedMoments(1, 0, 0, dA[0], dA[1], dA[2], dA[3], dA[4], dA[5]),
            new ShiftedMoments(0, 1, 0, dB[0], dB[1], dB[2], dB[3], dB[4], dB[5]),
        };
    }

    /** {@code this + h·direction}, componentwise (for directional derivatives of closed forms). */
    public ShiftedMoments plus(ShiftedMoments direction, double h) {
        return new ShiftedMoments(alpha + h * direction.alpha, beta + h * direction.beta,
                center + h * direction.center, m0 + h * direction.m0,
                m2 + h * direction.m2, p + h * direction.p, p1 + h * direction.p1, d2 + h * direction.d2,
                e2 + h * direction.e2);
    }

    /** {@code E[φ(u)]}. */
    public double mean() {
        return center + m0;
    }

    /** {@code E[(φ(u)+δ)²]}, the inverse square of the gain γ. */
    public double secondMomentShifted(double delta) {
        return secondMomentAbout(delta + center);
    }

    /** {@code E[(φ(u) − c + o)²]}: {@link #secondMomentShifted} for {@code δ = o − c}, without forming δ. */
    public double secondMomentAbout(double offset) {
        return m2 + 2 * offset * m0 + offset * offset;
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
        double o = delta + center;
        double q1 = g2 * secondMomentAbout(o);
        double a2 = alpha * alpha;
        return new LocalMaps(q1, g2 * alpha * (p + o * p1), g2 * (m0 + o) * (m0 + o) / q1,
                g2 * a2 * d2 / q1, g2 * a2 * a2 * e2 / q1);
    }
}
