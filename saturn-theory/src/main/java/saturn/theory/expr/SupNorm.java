package saturn.theory.expr;

import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.univariate.BrentOptimizer;
import org.hipparchus.optim.univariate.SearchInterval;
import org.hipparchus.optim.univariate.UnivariateObjectiveFunction;
import org.hipparchus.optim.univariate.UnivariatePointValuePair;

/**
 * {@code sup_x |f(x)|} of an expression, numerically.
 *
 * <ol>
 *   <li>a grid of step 1/200 over [-50, 50] (integers and halves are grid points exactly),
 *       then Brent's optimizer on the two grid cells around every grid point within 1% of the
 *       grid maximum (at most 16 of them);</li>
 *   <li>one-sided values {@code f(k ± 1e-9(1+|k|))} and {@code f(k)} at every kink;</li>
 *   <li>a tail sample on [50, 4000] in both directions: if |f| is infinite anywhere there, or
 *       if its maximum over [1000, 4000] exceeds that over [250, 1000] by more than 1%, |f| is
 *       taken to grow without bound and the result is +Infinity (this catches polynomial and
 *       exponential growth, even logarithmic, but not growth that starts beyond 4000).</li>
 * </ol>
 * A pole on the grid (|f| = ∞) gives +Infinity; a pole between grid points gives a large
 * finite value. NaN values (outside the domain, e.g. log of a negative) are ignored.
 */
public final class SupNorm {

    private static final int PER_UNIT = 200;
    private static final int HALF_WIDTH = 50;
    private static final int TAIL_POINTS = 2000;

    private SupNorm() {
    }

    public static double of(Expr f, double[] kinks) {
        DoubleProgram program = DoubleProgram.compile(f);
        double tail = tail(program);
        if (tail == Double.POSITIVE_INFINITY) {
            return tail;
        }
        int n = 2 * HALF_WIDTH * PER_UNIT + 1;
        double[] xs = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = (double) (i - HALF_WIDTH * PER_UNIT) / PER_UNIT;
        }
        double[] ys = new double[n];
        program.values(xs, ys, n);
        double best = tail;
        for (int i = 0; i < n; i++) {
            best = maxAbs(best, ys[i]);
        }
        if (best == Double.POSITIVE_INFINITY) {
            return best;
        }
        best = refine(program, xs, ys, best);
        for (double k : kinks) {
            double h = 1e-9 * (1 + Math.abs(k));
            best = maxAbs(best, program.value(k - h));
            best = maxAbs(best, program.value(k));
            best = maxAbs(best, program.value(k + h));
        }
        return best;
    }

    private static double refine(DoubleProgram program, double[] xs, double[] ys, double gridMax) {
        BrentOptimizer optimizer = new BrentOptimizer(1e-12, 1e-14);
        UnivariateObjectiveFunction objective = new UnivariateObjectiveFunction(x -> {
            double y = Math.abs(program.value(x));
            return Double.isNaN(y) ? 0 : y;
        });
        double best = gridMax;
        int tried = 0;
        for (int i = 1; i < xs.length - 1 && tried < 16; i++) {
            double y = Math.abs(ys[i]);
            if (y >= 0.99 * gridMax && y >= abs(ys[i - 1]) && y >= abs(ys[i + 1])) {
                tried++;
                UnivariatePointValuePair p = optimizer.optimize(new MaxEval(200), objective, GoalType.MAXIMIZE,
                        new SearchInterval(xs[i - 1], xs[i + 1], xs[i]));
                best = Math.max(best, p.getValue());
            }
        }
        return best;
    }

    /** +Infinity when |f| is infinite or still growing towards ±4000, else the tail maximum. */
    private static double tail(DoubleProgram program) {
        double inner = 0;
        double outer = 0;
        double all = 0;
        double[] xs = new double[TAIL_POINTS];
        double[] ys = new double[TAIL_POINTS];
        for (int side = -1; side <= 1; side += 2) {
            for (int i = 0; i < TAIL_POINTS; i++) {
                xs[i] = side * 50 * Math.pow(80, (double) i / (TAIL_POINTS - 1));
            }
            program.values(xs, ys, TAIL_POINTS);
            for (int i = 0; i < TAIL_POINTS; i++) {
                double a = Math.abs(xs[i]);
                double y = abs(ys[i]);
                if (y == Double.POSITIVE_INFINITY) {
                    return y;
                }
                all = Math.max(all, y);
                if (a >= 1000) {
                    outer = Math.max(outer, y);
                } else if (a >= 250) {
                    inner = Math.max(inner, y);
                }
            }
        }
        return outer > 1.01 * inner && outer > 0 ? Double.POSITIVE_INFINITY : all;
    }

    private static double abs(double y) {
        return Double.isNaN(y) ? 0 : Math.abs(y);
    }

    private static double maxAbs(double best, double y) {
        return Math.max(best, abs(y));
    }
}
