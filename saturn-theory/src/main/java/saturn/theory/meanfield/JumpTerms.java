package saturn.theory.meanfield;

import saturn.theory.gauss.Derivatives;
import saturn.theory.gauss.DivergentExpectationException;
import saturn.theory.gauss.GaussianExpectation;

/**
 * The part of {@code E[φ'(u1) φ'(u2)]} that the point masses of a jumping φ carry. With
 * {@code φ' = g' + Σ_k J_k δ(x − x_k)} (g' the symbolic derivative of the continuous part)
 * and the pair (u1, u2) of variance q and correlation c:
 * <pre>
 *   2 Σ_k J_k N(x_k; 0, q) E[g'(c x_k + √(q(1−c²)) z)]      (one delta, u2 given u1 = x_k)
 *   + Σ_{j,k} J_j J_k p_{q,c}(x_j, x_k)                       (two deltas: the pair's density)
 * </pre>
 * Finite for |c| < 1; infinite at |c| = 1, where the pair's density is singular.
 */
final class JumpTerms {

    private JumpTerms() {
    }

    static double of(Derivatives phi, double q, double c) {
        double[] x = phi.kinks();
        double[] jump = phi.jumps();
        if (!phi.hasJumps()) {
            return 0;
        }
        double r2 = 1 - c * c;
        if (!(r2 > 0) || q == 0) {
            return Double.POSITIVE_INFINITY;
        }
        double b = Math.sqrt(q * r2);
        double sum = 0;
        for (int k = 0; k < x.length; k++) {
            if (jump[k] == 0) {
                continue;
            }
            double a = c * x[k];
            double[] kinksInZ = phi.kinksInZ(b, a);
            double conditional;
            try {
                conditional = GaussianExpectation.of((z, out, n) -> {
                    double[] u = new double[n];
                    for (int i = 0; i < n; i++) {
                        u[i] = a + b * z[i];
                    }
                    phi.d1().values(u, out, n);
                }, kinksInZ);
            } catch (DivergentExpectationException e) {
                throw e.forExpectation("E[phi'(u2) | u1 = " + (float) x[k] + "]").forActivation(phi.name());
            }
            sum += 2 * jump[k] * normalDensity(x[k], q) * conditional;
            for (int j = 0; j < x.length; j++) {
                if (jump[j] != 0) {
                    double quad = x[j] * x[j] - 2 * c * x[j] * x[k] + x[k] * x[k];
                    sum += jump[j] * jump[k] * Math.exp(-quad / (2 * q * r2)) / (2 * Math.PI * q * Math.sqrt(r2));
                }
            }
        }
        return sum;
    }

    private static double normalDensity(double x, double q) {
        return Math.exp(-x * x / (2 * q)) / Math.sqrt(2 * Math.PI * q);
    }
}
