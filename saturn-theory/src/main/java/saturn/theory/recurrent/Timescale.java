package saturn.theory.recurrent;

/**
 * Steps over which a quantity multiplied by {@code gain} each step changes by a factor e:
 * {@code τ = −1/ln gain}.
 *
 * <p>For the backward gain χ of the squared gradient norm, τ > 0 means the squared norm falls
 * by e every τ steps (the norm itself every 2τ); τ &lt; 0 means it grows by e every |τ| steps;
 * τ = ±∞ at χ = 1 exactly. The mean-field gains are resolved to about 1e-12, so
 * {@code |ln gain| ≤ 1e-12} counts as exactly 1 (+∞).
 */
public final class Timescale {

    /** |ln gain| below which the gain cannot be told from 1. */
    static final double RESOLUTION = 1e-12;

    private Timescale() {
    }

    /**
     * {@code −1/ln gain}: positive for a gain in (0, 1), negative above 1, +∞ within
     * {@link #RESOLUTION} of 1, 0 for a gain of 0, −0.0 for +∞, NaN for NaN or a negative gain.
     */
    public static double of(double gain) {
        if (Double.isNaN(gain) || gain < 0) {
            return Double.NaN;
        }
        if (gain == 0) {
            return 0;
        }
        if (gain == Double.POSITIVE_INFINITY) {
            return -0.0;
        }
        double log = Math.log(gain);
        if (Math.abs(log) <= RESOLUTION) {
            return Double.POSITIVE_INFINITY;
        }
        return -1 / log;
    }

    /** The gain with timescale {@code horizon}: {@code exp(−1/horizon)} (e^{+1/|horizon|} for negative horizons). */
    public static double gainFor(double horizon) {
        return Math.exp(-1 / horizon);
    }
}
