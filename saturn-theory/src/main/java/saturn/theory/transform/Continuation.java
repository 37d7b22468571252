package saturn.theory.transform;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleFunction;
import java.util.function.Function;

/**
 * Roots of a family of systems {@code F(x; d) = 0} followed in the parameter d, from a value
 * where they are known down to a smaller one (a deeper network: d is the local distance from
 * the identity map that the network's depth shares out, C''(1) for TAT, C'(1) − 1 for DKS).
 *
 * <p>Why: the transform's α shrinks like {@code √d} (each layer of a deeper network is closer to
 * linear), so at depth 10⁴–10⁵ the roots lie 30–100 times below the smallest α of any fixed grid
 * of starts, and Newton from the grid either misses them or reaches only one of a mirror pair.
 * Continuation reaches every root the grid finds at a shallow depth. The steps are geometric in
 * d, at most {@link #MAX_RATIO} each; a step whose Newton run fails is halved (in log d), up to
 * {@link #MAX_HALVINGS} times, before the branch is given up. Each step starts from the secant
 * through the branch's last two points in {@code log d} (the first step from the grid's root, with
 * {@code log α} moved by {@code ½ Δlog d}, α being the first unknown in log form).
 */
final class Continuation {

    /** The largest factor by which d shrinks in one step. */
    static final double MAX_RATIO = 10;
    private static final int MAX_HALVINGS = 6;

    private Continuation() {
    }

    /**
     * Each of {@code roots} (solutions at {@code from}) followed to {@code to < from}; branches
     * that cannot be followed are dropped.
     *
     * @param family the system at each d, as {@link DampedNewton} takes it, unknown 0 being {@code log α}
     */
    static List<double[]> follow(DoubleFunction<Function<double[], DampedNewton.Evaluation>> family,
                                 List<double[]> roots, double from, double to, double tol, int maxIterations) {
        List<double[]> out = new ArrayList<>();
        for (double[] root : roots) {
            double[] x = branch(family, root, from, to, tol, maxIterations);
            if (x != null) {
                out.add(x);
            }
        }
        return out;
    }

    private static double[] branch(DoubleFunction<Function<double[], DampedNewton.Evaluation>> family,
                                   double[] root, double from, double to, double tol, int maxIterations) {
        double end = Math.log(to);
        double at = Math.log(from);
        double[] x = root.clone();
        double[] last = null;
        double lastAt = Double.NaN;
        double step = Math.log(MAX_RATIO);
        while (at > end) {
            double next = Math.max(end, at - step);
            double[] guess = predict(x, at, last, lastAt, next);
            double[] y = DampedNewton.solve(family.apply(Math.exp(next)), guess, tol, maxIterations, List.of());
            if (y == null) {
                step *= 0.5;
                if (step < Math.log(MAX_RATIO) / (1 << MAX_HALVINGS)) {
                    return null;
                }
                continue;
            }
            last = x;
            lastAt = at;
            x = y;
            at = next;
            step = Math.min(Math.log(MAX_RATIO), 2 * step);
        }
        return x;
    }

    /**
     * The starting point at {@code log d = next}: the secant through the branch's two latest
     * roots (x at {@code at}, {@code last} at {@code lastAt}), or {@code log α} moved by half the step.
     */
    private static double[] predict(double[] x, double at, double[] last, double lastAt, double next) {
        double[] guess = x.clone();
        if (last == null) {
            guess[0] += 0.5 * (next - at);
            return guess;
        }
        double s = (next - at) / (at - lastAt);
        for (int i = 0; i < x.length; i++) {
            guess[i] = x[i] + s * (x[i] - last[i]);
        }
        return guess;
    }
}
