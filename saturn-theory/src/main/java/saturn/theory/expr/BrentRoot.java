package saturn.theory.expr;

import java.util.function.DoubleUnaryOperator;

/**
 * A root of a function that changes sign on an interval, by Brent's method (Brent 1973,
 * {@code zeroin}): inverse quadratic or secant steps while they stay inside the bracket and
 * shrink it fast enough, bisection otherwise. Made for the functions of arbitrary formulas,
 * which a library solver refuses with an exception: an infinite value counts by its sign
 * alone (the step is a bisection while any of the three points is infinite), a NaN value
 * (the function is undefined inside the bracket) ends the search with NaN, and the search
 * stops after {@value #MAX_EVALUATIONS} evaluations with its current estimate, which is
 * still bracketed. Its cost is thus bounded by design, whatever the function.
 */
public final class BrentRoot {

    /** Most evaluations of f per search (bisection alone reaches adjacent doubles within ~1100). */
    static final int MAX_EVALUATIONS = 400;
    /** Relative accuracy of the root. */
    private static final double RELATIVE = 1e-14;

    private BrentRoot() {
    }

    /**
     * A point of {@code [lo, hi]} within {@code 4e-14·|x| + 2·absTol} of a sign change of f.
     *
     * @return the root; NaN when f is NaN at an end or at an evaluated point, or when f has the
     *         same strict sign at both ends
     */
    public static double find(DoubleUnaryOperator f, double lo, double hi, double absTol) {
        double a = lo;
        double b = hi;
        double fa = f.applyAsDouble(a);
        double fb = f.applyAsDouble(b);
        if (fa == 0) {
            return a;
        }
        if (fb == 0) {
            return b;
        }
        if (Double.isNaN(fa) || Double.isNaN(fb) || (fa > 0) == (fb > 0)) {
            return Double.NaN;
        }
        double c = a;
        double fc = fa;
        double d = b - a;
        double e = d;
        for (int evaluations = 2; evaluations < MAX_EVALUATIONS; evaluations++) {
            if ((fb > 0) == (fc > 0)) {   // keep the root between b and c
                c = a;
                fc = fa;
                d = b - a;
                e = d;
            }
            if (Math.abs(fc) < Math.abs(fb)) {   // b is the best estimate
                a = b;
                b = c;
                c = a;
                fa = fb;
                fb = fc;
                fc = fa;
            }
            double tol = 2 * RELATIVE * Math.abs(b) + absTol;
            double m = 0.5 * (c - b);
            if (Math.abs(m) <= tol || fb == 0) {
                return b;
            }
            boolean finite = Double.isFinite(fa) && Double.isFinite(fb) && Double.isFinite(fc);
            if (finite && Math.abs(e) >= tol && Math.abs(fa) > Math.abs(fb)) {
                double s = fb / fa;
                double p;
                double q;
                if (a == c) {   // secant
                    p = 2 * m * s;
                    q = 1 - s;
                } else {   // inverse quadratic interpolation
                    double qa = fa / fc;
                    double r = fb / fc;
                    p = s * (2 * m * qa * (qa - r) - (b - a) * (r - 1));
                    q = (qa - 1) * (r - 1) * (s - 1);
                }
                if (p > 0) {
                    q = -q;
                } else {
                    p = -p;
                }
                if (Double.isFinite(p / q) && 2 * p < Math.min(3 * m * q - Math.abs(tol * q), Math.abs(e * q))) {
                    e = d;
                    d = p / q;
                } else {
                    d = m;
                    e = m;
                }
            } else {
                d = m;
                e = m;
            }
            a = b;
            fa = fb;
            b += Math.abs(d) > tol ? d : Math.copySign(tol, m);
            fb = f.applyAsDouble(b);
            if (Double.isNaN(fb)) {
                return Double.NaN;
            }
        }
        return b;
    }
}
