package saturn.engine.model;

/**
 * The starting gate bias of a stack of highway layers {@code y = T·H(x) + (1−T)·x}, chosen for
 * its depth.
 *
 * <p>At initialization the gate's pre-activation is {@code b + z} with {@code z ~ N(0, 1)} (gate
 * weights drawn like the hidden ones, inputs at q = 1), and H and x are uncorrelated with
 * second moment 1, so one layer keeps {@code r(b) = E[T² + (1−T)²] = 1 − 2·E[T(1−T)]} of the
 * signal's second moment: a highway layer is a convex combination, and a convex combination of
 * two uncorrelated signals is smaller than either. Over {@code L} layers the signal keeps
 * {@code r(b)^L}; the usual fixed bias −1 keeps 0.65 per layer, 1e-19 after 100 layers, and
 * the network's output no longer depends on its input. The bias here keeps half of it over the
 * whole stack: {@code r(b)^L = 1/2}, the gate mostly closed (carry) and opening as training asks.
 */
public final class HighwayGate {

    /** The share of the signal's second moment the stack keeps at initialization. */
    public static final double KEPT = 0.5;
    private static final int POINTS = 4001;
    private static final double RANGE = 10;

    private HighwayGate() {
    }

    /** The gate bias for a stack of {@code layers} highway layers (−1 for a single one or none). */
    public static double biasFor(int layers) {
        if (layers <= 1) return -1;
        double target = Math.pow(KEPT, 1.0 / layers);
        double lo = -40, hi = -1;
        if (keptPerLayer(hi) >= target) return hi;
        for (int i = 0; i < 100; i++) {
            double mid = 0.5 * (lo + hi);
            if (keptPerLayer(mid) >= target) lo = mid;
            else hi = mid;
        }
        return lo;
    }

    /** {@code E[T² + (1−T)²]} with {@code T = sigmoid(b + z)}, z standard normal (midpoint rule on ±10). */
    public static double keptPerLayer(double bias) {
        double h = 2 * RANGE / POINTS;
        double sum = 0, mass = 0;
        for (int i = 0; i < POINTS; i++) {
            double z = -RANGE + (i + 0.5) * h;
            double w = Math.exp(-0.5 * z * z);
            double t = 1 / (1 + Math.exp(-(bias + z)));
            sum += w * 2 * t * (1 - t);
            mass += w;
        }
        return 1 - sum / mass;
    }
}
