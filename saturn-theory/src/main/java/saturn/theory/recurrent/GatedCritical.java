package saturn.theory.recurrent;

import java.util.function.DoubleUnaryOperator;
import saturn.theory.meanfield.NoCriticalPointException;

/**
 * Critical initialization of gated cells: the memory gate's bias for a horizon
 * ({@link #memoryBias}) and the recurrent weight scale at which χ = 1
 * ({@link #recurrentScale}). Both scan a grid (χ is not proven monotone in either), then
 * refine the first crossing of each threshold by Brent.
 */
public final class GatedCritical {

    /** Bias means searched: the sigmoid's 1 − σ(μ) ≈ e^{−μ} reaches double rounding near μ = 37. */
    static final double BIAS_MIN = -4;
    static final double BIAS_MAX = 24;
    private static final double BIAS_STEP = 1;
    /** Recurrent scales searched, 2^k. */
    private static final int SCALE_MIN_LOG2 = -12;
    private static final int SCALE_MAX_LOG2 = 12;
    private static final double TOL = 1e-9;

    private GatedCritical() {
    }

    /**
     * The memory-gate biases for a horizon of T steps.
     *
     * @throws NoCriticalPointException when no bias in [−4, 24] gives {@code χ ≥ e^{−1/T}}
     */
    public static MemoryBias memoryBias(GatedMeanField cell, int horizon) {
        if (horizon < 1) {
            throw new IllegalArgumentException("horizon must be >= 1, got " + horizon);
        }
        DoubleUnaryOperator chi = bias -> {
            double c = cell.withMemoryBias(bias).chi();
            return Double.isNaN(c) ? Double.POSITIVE_INFINITY : c;
        };
        int n = (int) Math.round((BIAS_MAX - BIAS_MIN) / BIAS_STEP) + 1;
        double[] grid = new double[n];
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            grid[i] = BIAS_MIN + i * BIAS_STEP;
            values[i] = chi.applyAsDouble(grid[i]);
        }
        double low = Timescale.gainFor(horizon);
        double high = 1 / low;
        double lower = crossing(chi, grid, values, low, Double.NEGATIVE_INFINITY, Double.NaN);
        if (Double.isNaN(lower)) {
            throw new NoCriticalPointException("no " + cell.memoryGate() + "-gate bias in [" + (int) BIAS_MIN + ", "
                    + (int) BIAS_MAX + "] gives a gradient timescale of " + horizon + " steps (chi reaches "
                    + (float) max(values) + " < " + (float) low + ")");
        }
        double critical = crossing(chi, grid, values, 1, Double.NEGATIVE_INFINITY, Double.NaN);
        double upper = crossing(chi, grid, values, high, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
        return new MemoryBias(cell.memoryGate(), horizon, lower, critical, upper);
    }

    /**
     * The factor λ on every recurrent weight variance at which χ = 1, searched over
     * λ ∈ [2^−12, 2^12].
     *
     * @throws NoCriticalPointException when χ does not cross 1 there
     */
    public static double recurrentScale(GatedMeanField cell) {
        DoubleUnaryOperator excess = log2 -> {
            double c = cell.withRecurrentScale(Math.pow(2, log2)).chi();
            return Double.isNaN(c) ? Double.POSITIVE_INFINITY : c - 1;
        };
        double prev = SCALE_MIN_LOG2;
        double fPrev = excess.applyAsDouble(prev);
        if (fPrev >= 0) {
            throw new NoCriticalPointException("chi = " + (float) (fPrev + 1) + " >= 1 already with the recurrent weights "
                    + "scaled by 2^" + SCALE_MIN_LOG2 + ": the " + cell.memoryGate() + " gate alone keeps or grows the gradient");
        }
        for (int k = SCALE_MIN_LOG2 + 1; k <= SCALE_MAX_LOG2; k++) {
            double f = excess.applyAsDouble(k);
            if (f >= 0) {
                return Math.pow(2, solve(excess, prev, k));
            }
            prev = k;
        }
        throw new NoCriticalPointException("chi stays below 1 for every recurrent weight scale up to 2^" + SCALE_MAX_LOG2);
    }

    /**
     * The first bias where χ crosses {@code target} from below; {@code atStart} when it is
     * already reached at the first grid point, {@code never} when it is not reached.
     */
    private static double crossing(DoubleUnaryOperator chi, double[] grid, double[] values, double target,
                                   double atStart, double never) {
        if (values[0] >= target) {
            return atStart;
        }
        for (int i = 1; i < grid.length; i++) {
            if (values[i] >= target) {
                return solve(b -> chi.applyAsDouble(b) - target, grid[i - 1], grid[i]);
            }
        }
        return never;
    }

    private static double solve(DoubleUnaryOperator f, double lo, double hi) {
        if (Double.isInfinite(f.applyAsDouble(hi))) {
            return hi; // the gain jumps to unbounded inside the step; the step's end is the answer to grid precision
        }
        return root(f, lo, hi, TOL);
    }

    private static double max(double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            m = Math.max(m, x);
        }
        return m;
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
