package saturn.theory.recurrent;

import saturn.theory.gauss.Derivatives;
import saturn.theory.gauss.GaussianSample;

/**
 * Moments of a gate or cell non-linearity f at a Gaussian pre-activation
 * {@code u = μ + √v y}, y ~ N(0, 1), all on one quadrature rule ({@link GaussianSample}, split
 * at the kinks of f). A φ that jumps has a point mass in f', so its {@code E[f'²]} terms are
 * +∞ whenever v > 0.
 *
 * @param mean          {@code E[f(u)]}
 * @param secondMoment  {@code E[f(u)²]}
 * @param slopeSquare   {@code E[f'(u)²]}
 * @param slopeSquareY2 {@code E[f'(u)² y²]}
 */
record PreactivationMoments(double mean, double secondMoment, double slopeSquare, double slopeSquareY2) {

    static PreactivationMoments of(Derivatives f, double mean, double variance) {
        GaussianSample s = GaussianSample.of(f, 1, Math.sqrt(variance), mean);
        double m = s.expect(0, 0, "E[f(u)]");
        double m2 = s.expectProduct(0, 0, 0, "E[f(u)^2]");
        if (f.hasJumps() && variance > 0) {
            return new PreactivationMoments(m, m2, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY);
        }
        return new PreactivationMoments(m, m2, s.expectProduct(1, 1, 0, "E[f'(u)^2]"),
                s.expectProduct(1, 1, 2, "E[f'(u)^2 y^2]"));
    }

    /** {@code E[(1 − f)²]}. */
    double complementSecondMoment() {
        return 1 - 2 * mean + secondMoment;
    }

    /** {@code E[f (1 − f)]}. */
    double complementProduct() {
        return mean - secondMoment;
    }
}
