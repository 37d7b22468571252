package saturn.theory.meanfield;

/**
 * The mean-field phase at (σ_w², σ_b²), read from χ1 at the fixed point q*.
 *
 * <p>Tolerance: {@link #CRITICAL_TOLERANCE}, |χ1 − 1| ≤ 1e-5. A σ_w² quoted to six digits
 * from the critical line lands inside it; a visible step off the line does not.
 */
public enum Phase {
    /** χ1 &lt; 1: correlations converge to 1, gradients vanish. */
    ORDERED,
    /** χ1 = 1 within the tolerance: the edge of chaos. */
    CRITICAL,
    /** χ1 &gt; 1: correlations decay to c* &lt; 1, gradients explode. */
    CHAOTIC,
    /** The q-map has no finite fixed point (e.g. a linear φ with σ_w² > 1): the signal grows without bound. */
    UNBOUNDED;

    public static final double CRITICAL_TOLERANCE = 1e-5;

    public static Phase of(double chi1) {
        if (Double.isNaN(chi1)) {
            return UNBOUNDED;
        }
        if (Math.abs(chi1 - 1) <= CRITICAL_TOLERANCE) {
            return CRITICAL;
        }
        return chi1 < 1 ? ORDERED : CHAOTIC;
    }

    /** Lower-case name, as printed in JSON. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
