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
 * @param variance {@code E[(φ(u) − m0)²]}, summed centred in a second pass: {@code m2 − m0²}
 *                 cancels the digits that the mean holds (12 of 16 for {@code tanh(x) + 1e6})
 * @param centredP {@code E[(φ(u) − m0) φ'(u) z]}, the same for {@code p − m0 p1}
 */
public record ShiftedMoments(double alpha, double beta, double m0, double m2, double p, double p1, double d2,
                             double e2, double variance, double centredP) {

    /** All six expectations on one quadrature rule adapted to φ, φ', φ'' at αz + β. */
    public static ShiftedMoments of(Derivatives phi, double alpha, double beta) {
        return withGradient(phi, alpha, beta)[0];
    }

    /**
     * The six expectations and their derivatives in α and β, on one rule:
     * {@code [B, ∂B/∂α, ∂B/∂β]}, the derivative records holding (α, β) = (1, 0) and (0, 1).
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
    public static ShiftedMoments[] withGradient(Derivatives phi, double alpha, double beta) {
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
            double a = f[i];
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
        // Second pass, centred on the mean: sums of w (phi - m0)^2 z^j and w (phi - m0) phi' z^j,
        // j = 0..3, for the variance and the centred p with their derivatives.
        double mean = sums[0][0];
        double[][] centred = new double[2][4];
        for (int i = 0; i < z.length; i++) {
            double d = f[i] - mean;
            double zi = z[i];
            double wz = w[i];
            double[] h2 = {d * d, d * f1[i]};
            for (int j = 0; j < 4; j++) {
                centred[0][j] += wz * h2[0];
                centred[1][j] += wz * h2[1];
                wz *= zi;
            }
        }
        for (double[][] all : new double[][][] {sums, centred}) {
            for (double[] sk : all) {
                for (double v : sk) {
                    if (!Double.isFinite(v)) {
                        throw new DivergentExpectationException("E[phi(a z + b)^2]", phi.name(),
                                "the integrand is not finite on the Gaussian's support");
                    }
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
        // The centred terms' derivatives: the Gaussian-density rule above on (phi - c)^2 and
        // (phi - c) phi' z at c = m0, plus the move of the centre itself, -dm0 * E[phi' z] for the
        // centred p (for the variance that term is -2 dm0 E[phi - m0] = 0).
        double[] cv = centred[0];
        double[] cp = centred[1];
        double variance = cv[0];
        double centredP = cp[1];
        double varianceA = (cv[2] - cv[0]) / alpha;
        double varianceB = cv[1] / alpha;
        double centredPA = (cp[3] - 2 * cp[1]) / alpha - dA[0] * value[3];
        double centredPB = (cp[2] - cp[0]) / alpha - dB[0] * value[3];
        return new ShiftedMoments[] {
            new ShiftedMoments(alpha, beta, value[0], value[1], value[2], value[3], value[4], value[5], variance,
                    centredP),
            new ShiftedMoments(1, 0, dA[0], dA[1], dA[2], dA[3], dA[4], dA[5], varianceA, centredPA),
            new ShiftedMoments(0, 1, dB[0], dB[1], dB[2], dB[3], dB[4], dB[5], varianceB, centredPB),
        };
    }

    /** {@code this + h·direction}, componentwise (for directional derivatives of closed forms). */
    public ShiftedMoments plus(ShiftedMoments direction, double h) {
        return new ShiftedMoments(alpha + h * direction.alpha, beta + h * direction.beta, m0 + h * direction.m0,
                m2 + h * direction.m2, p + h * direction.p, p1 + h * direction.p1, d2 + h * direction.d2,
                e2 + h * direction.e2, variance + h * direction.variance, centredP + h * direction.centredP);
    }

    /**
     * {@code E[(φ(u)+δ)²]}, the inverse square of the gain γ, as {@code Var φ + (m0 + δ)²}: a sum
     * of two terms ≥ 0, free of cancellation for any δ (δ = −m0 gives the variance itself).
     */
    public double secondMomentShifted(double delta) {
        double shift = m0 + delta;
        return variance + shift * shift;
    }

    /** {@code E[(φ(u)+δ) φ'(u) z]}, as {@code E[(φ − m0) φ' z] + (m0 + δ) E[φ' z]}. */
    public double pShifted(double delta) {
        return centredP + (m0 + delta) * p1;
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
        return new LocalMaps(q1, g2 * alpha * pShifted(delta), g2 * (m0 + delta) * (m0 + delta) / q1,
                g2 * a2 * d2 / q1, g2 * a2 * a2 * e2 / q1);
    }
}
