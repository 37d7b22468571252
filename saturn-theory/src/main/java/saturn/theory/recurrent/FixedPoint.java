package saturn.theory.recurrent;

import java.util.function.DoubleUnaryOperator;

/**
 * The fixed point of a one-dimensional moment map {@code Q ↦ ψ(Q)} on Q ≥ 0 that a
 * recurrence started from a zero state reaches when ψ is increasing: the smallest root of
 * {@code ψ(Q) − Q} above 0. Bracketed by probes {@code ψ(0)·2^k} (the first probe with
 * {@code ψ(Q) ≤ Q} closes the bracket), then Brent. A map that stays above the diagonal up
 * to {@value #Q_MAX} (or is not finite there) has no finite fixed point: +∞.
 */
final class FixedPoint {

    static final double Q_MAX = 1e12;

    private FixedPoint() {
    }

    static double fromZero(DoubleUnaryOperator psi) {
        double start = psi.applyAsDouble(0);
        if (!(start > 0)) {
            return Double.isNaN(start) ? Double.POSITIVE_INFINITY : 0;
        }
        DoubleUnaryOperator f = q -> {
            double v = psi.applyAsDouble(q);
            return Double.isFinite(v) ? v - q : Double.MAX_VALUE;
        };
        double lo = 0;
        for (double hi = start; hi <= Q_MAX; hi *= 2) {
            double v = f.applyAsDouble(hi);
            if (v <= 0) {
                if (v == 0) {
                    return hi;
                }
                return root(f, lo, hi, 1e-300);
            }
            lo = hi;
        }
        return Double.POSITIVE_INFINITY;
    }

    /**
     * A sign change of f in [lo, hi] ({@link saturn.theory.expr.BrentRoot}: infinite values by
     * their sign); a formula that is NaN there is one line, not a solver's exception.
     */
    private static double root(java.util.function.DoubleUnaryOperator f, double lo, double hi, double tol) {
        double r = saturn.theory.expr.BrentRoot.find(f, lo, hi, tol);
        if (Double.isNaN(r)) {
            throw new saturn.theory.gauss.DivergentExpectationException("the root search on [" + lo + ", " + hi + "]", null,
                    "the function is not finite or does not change sign there");
        }
        return r;
    }
}
