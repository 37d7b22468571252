package saturn.theory.expr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The points where an expression or one of its derivatives is not smooth: where the
 * argument {@code g} of {@code abs}, {@code sign} or {@code step} changes sign, or where the
 * arguments of {@code max(a, b)} / {@code min(a, b)} cross ({@code g = a - b}). Derivatives
 * only introduce {@code sign} and {@code step} of these same arguments, so the list covers
 * every order.
 *
 * <p>An affine {@code g} (its simplified derivative is a constant) is solved exactly. Any
 * other {@code g} is sampled on a grid of step {@value #GRID_STEP} over
 * [{@value #LOW}, {@value #HIGH}] and each sign change is refined with Brent's method.
 * Limitations: crossings outside that interval, pairs of crossings closer than one grid step
 * and touching zeros without a sign change (e.g. {@code abs(x^2)}, which is smooth anyway)
 * are not reported; a sign change through a pole (e.g. {@code abs(1/x)} at 0) or through a
 * region where g is undefined (NaN, e.g. a negative base to a fractional power) is dropped.
 */
public final class Kinks {

    static final double LOW = -50;
    static final double HIGH = 50;
    // grid points are i/100 for integer i, so integers and simple decimals are sampled exactly
    static final double GRID_STEP = 0.01;
    private static final int PER_UNIT = (int) Math.round(1 / GRID_STEP);
    private static final int GRID = (int) Math.round((HIGH - LOW) * PER_UNIT);

    private Kinks() {
    }

    /** Sorted, distinct kink positions; empty for a smooth expression. */
    public static double[] of(Expr e) {
        List<Expr> switches = new ArrayList<>();
        collect(e, switches);
        List<Double> points = new ArrayList<>();
        for (Expr g : switches) {
            roots(Simplifier.simplify(g), points);
        }
        double[] sorted = points.stream().mapToDouble(v -> v + 0.0).sorted().toArray();
        return distinct(sorted);
    }

    private static void collect(Expr e, List<Expr> out) {
        switch (e) {
            case Const c -> { }
            case Var v -> { }
            case Unary u -> {
                if ((u.fn() == Fn.ABS || u.fn() == Fn.SIGN || u.fn() == Fn.STEP) && !Expr.isConstant(u.arg())) {
                    out.add(u.arg());
                }
                collect(u.arg(), out);
            }
            case Binary b -> {
                if (b.op().isCall() && !Expr.isConstant(Expr.sub(b.left(), b.right()))) {
                    out.add(Expr.sub(b.left(), b.right()));
                }
                collect(b.left(), out);
                collect(b.right(), out);
            }
        }
    }

    private static void roots(Expr g, List<Double> out) {
        if (Expr.isConstant(g)) {
            return;
        }
        Expr slope = Derivative.of(g);
        if (slope instanceof Const c) {
            if (c.value() != 0 && Double.isFinite(c.value())) {
                double root = -DoubleProgram.compile(g).value(0) / c.value();
                if (Double.isFinite(root)) {
                    out.add(root);
                }
            }
            return;
        }
        DoubleProgram program = DoubleProgram.compile(g);
        double[] xs = new double[GRID + 1];
        for (int i = 0; i <= GRID; i++) {
            xs[i] = (i - GRID / 2) / (double) PER_UNIT;
        }
        double[] ys = new double[GRID + 1];
        program.values(xs, ys, GRID + 1);
        for (int i = 0; i < GRID; i++) {
            double a = ys[i];
            double b = ys[i + 1];
            if (a == 0) {
                if (i > 0 && Math.signum(ys[i - 1]) * Math.signum(b) < 0) {
                    out.add(xs[i]);
                }
                continue;
            }
            if (Double.isFinite(a) && Double.isFinite(b) && b != 0 && Math.signum(a) != Math.signum(b)) {
                double root = BrentRoot.find(program::value, xs[i], xs[i + 1], 1e-15);
                double scale = Math.max(Math.abs(a), Math.abs(b));
                if (!Double.isNaN(root) && Math.abs(program.value(root)) <= 1e-6 * Math.max(1, scale)) {
                    out.add(root);
                }
            }
        }
    }

    private static double[] distinct(double[] sorted) {
        double[] out = new double[sorted.length];
        int n = 0;
        for (double v : sorted) {
            if (n == 0 || Math.abs(v - out[n - 1]) > 1e-9 * Math.max(1, Math.abs(v))) {
                out[n++] = v;
            }
        }
        return Arrays.copyOf(out, n);
    }
}
