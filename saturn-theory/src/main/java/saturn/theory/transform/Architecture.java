package saturn.theory.transform;

/**
 * How an architecture composes the local C-map of its non-linear layers into the
 * network's C-map, as far as DKS/TAT need it (docs/architecture.md §5): the network's maximal slope
 * C'(1) and maximal curvature C''(1) as functions of one layer's. DKS asks for network
 * slope ζ, TAT for network curvature τ; the transform solver inverts these functions.
 *
 * <p>A chain of L layers composes slopes as {@code x^L} and, at slope 1, curvatures as
 * {@code L·x}; {@link Chain} gives the inverses in closed form. Other architectures
 * (residual branches, concatenations) implement the two forward functions; the default
 * inverses bisect, assuming both are increasing with f(1) = 1 and f(0) = 0 respectively.
 */
public interface Architecture {

    /** Network maximal slope for a local slope {@code x ≥ 1}. */
    double networkSlope(double localSlope);

    /** Network maximal curvature for a local curvature {@code x ≥ 0} (at local slope {@link #unitLocalSlope()}). */
    double networkCurvature(double localCurvature);

    /**
     * The local slope C'(1) at which the network's slope is 1, the one TAT asks of each
     * layer: 1 for a chain and for normalized residual blocks; above 1 where each layer's
     * output is scaled down before it is composed (a recurrence whose inputs take a share
     * of every step's variance).
     */
    default double unitLocalSlope() {
        return 1;
    }

    /** The local slope target for a network slope ζ ≥ 1. */
    default double localSlopeFor(double zeta) {
        return invert(this::networkSlope, 1, zeta, zeta);
    }

    /** The local curvature target for a network curvature τ ≥ 0. */
    default double localCurvatureFor(double tau) {
        return invert(this::networkCurvature, 0, tau, tau);
    }

    private static double invert(java.util.function.DoubleUnaryOperator f, double lo, double hi, double target) {
        while (f.applyAsDouble(hi) < target) {
            hi = lo + 2 * (hi - lo) + 1;
        }
        for (int i = 0; i < 200 && hi - lo > 1e-16 * Math.max(1, hi); i++) {
            double mid = 0.5 * (lo + hi);
            if (f.applyAsDouble(mid) < target) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }
}
