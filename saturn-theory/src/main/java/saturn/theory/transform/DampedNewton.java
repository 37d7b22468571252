package saturn.theory.transform;

import java.util.List;
import java.util.function.Function;

/**
 * Newton's method with backtracking on the residual's max-norm, for the small (2–3
 * unknown) systems of the transform solver. The system returns residual and Jacobian
 * together (one quadrature per point).
 */
final class DampedNewton {

    /** Residual and Jacobian at a point; {@code null} from the system means "not admissible". */
    record Evaluation(double[] residual, double[][] jacobian) {
    }

    private static final int MAX_HALVINGS = 8;
    /** Quadratures one run may spend (a converging run needs about 15). */
    private static final int MAX_EVALUATIONS = 30;
    /** Relative distance to a known root below which a run is abandoned (Newton's basin is far wider). */
    private static final double NEAR = 1e-2;

    private DampedNewton() {
    }

    /**
     * A root near {@code x0}, or {@code null} when Newton does not reach {@code |r|∞ ≤ tol}
     * within {@code maxIterations}, or stalls (after 5 iterations still above 5% of the
     * starting residual), or when an iterate comes within {@code 1e-2} (relative)
     * of one of the {@code known} roots (it would only find that root again).
     */
    static double[] solve(Function<double[], Evaluation> system, double[] x0, double tol, int maxIterations,
                          List<double[]> known) {
        int n = x0.length;
        double[] x = x0.clone();
        int evaluations = 1;
        Evaluation e = system.apply(x);
        if (e == null) {
            return null;
        }
        double norm = norm(e.residual());
        double startNorm = norm;
        for (int it = 0; it < maxIterations; it++) {
            if (norm <= tol) {
                return x;
            }
            if (it > 0 && near(x, known)) {
                return null;
            }
            double[] step = solveLinear(e.jacobian(), e.residual());
            if (step == null) {
                return null;
            }
            double t = 1;
            boolean improved = false;
            for (int k = 0; k < MAX_HALVINGS; k++) {
                double[] trial = new double[n];
                for (int i = 0; i < n; i++) {
                    trial[i] = x[i] - t * step[i];
                }
                if (++evaluations > MAX_EVALUATIONS) {
                    return null;
                }
                Evaluation et = system.apply(trial);
                if (et != null && norm(et.residual()) < norm) {
                    x = trial;
                    e = et;
                    norm = norm(et.residual());
                    improved = true;
                    break;
                }
                t *= 0.5;
            }
            if (!improved) {
                break;
            }
            if (it >= 5 && norm > 5e-2 * startNorm) {
                break; // not converging from here: other starts will find the roots
            }
        }
        return norm <= tol ? x : null;
    }

    private static boolean near(double[] x, List<double[]> known) {
        for (double[] k : known) {
            boolean close = true;
            for (int i = 0; i < x.length && close; i++) {
                close = Math.abs(x[i] - k[i]) <= NEAR * Math.max(0.1, Math.abs(k[i]));
            }
            if (close) {
                return true;
            }
        }
        return false;
    }

    private static double norm(double[] r) {
        double m = 0;
        for (double v : r) {
            if (!Double.isFinite(v)) {
                return Double.POSITIVE_INFINITY;
            }
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }

    /** Gaussian elimination with partial pivoting; null when singular. */
    static double[] solveLinear(double[][] a0, double[] b0) {
        int n = b0.length;
        double[][] a = new double[n][];
        for (int i = 0; i < n; i++) {
            a[i] = a0[i].clone();
        }
        double[] b = b0.clone();
        for (int col = 0; col < n; col++) {
            int piv = col;
            for (int i = col + 1; i < n; i++) {
                if (Math.abs(a[i][col]) > Math.abs(a[piv][col])) {
                    piv = i;
                }
            }
            if (!(Math.abs(a[piv][col]) > 1e-300)) {
                return null;
            }
            double[] tr = a[piv];
            a[piv] = a[col];
            a[col] = tr;
            double tb = b[piv];
            b[piv] = b[col];
            b[col] = tb;
            for (int i = col + 1; i < n; i++) {
                double f = a[i][col] / a[col][col];
                for (int j = col; j < n; j++) {
                    a[i][j] -= f * a[col][j];
                }
                b[i] -= f * b[col];
            }
        }
        double[] x = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double s = b[i];
            for (int j = i + 1; j < n; j++) {
                s -= a[i][j] * x[j];
            }
            x[i] = s / a[i][i];
        }
        for (double v : x) {
            if (!Double.isFinite(v)) {
                return null;
            }
        }
        return x;
    }
}
