package saturn.theory.recurrent;

import java.util.function.DoubleFunction;

/**
 * Chebyshev interpolation of a smooth vector-valued function on [a, b]: sampled at the n
 * Chebyshev points of the first kind, coefficients by the discrete cosine transform,
 * evaluated by Clenshaw's recurrence. For a function analytic on a neighbourhood of [a, b]
 * the error falls geometrically with n.
 */
final class ChebyshevFit {

    private final double a;
    private final double b;
    private final double[][] coefficients;

    private ChebyshevFit(double a, double b, double[][] coefficients) {
        this.a = a;
        this.b = b;
        this.coefficients = coefficients;
    }

    /** Fits every component of {@code f} with n points on [a, b] (a < b). */
    static ChebyshevFit of(DoubleFunction<double[]> f, double a, double b, int n) {
        double[][] values = new double[n][];
        for (int k = 0; k < n; k++) {
            double x = Math.cos(Math.PI * (k + 0.5) / n);
            values[k] = f.apply(0.5 * (a + b) + 0.5 * (b - a) * x);
        }
        int m = values[0].length;
        double[][] c = new double[m][n];
        for (int j = 0; j < n; j++) {
            for (int k = 0; k < n; k++) {
                double t = Math.cos(Math.PI * j * (k + 0.5) / n);
                for (int i = 0; i < m; i++) {
                    c[i][j] += values[k][i] * t;
                }
            }
            for (int i = 0; i < m; i++) {
                c[i][j] *= (j == 0 ? 1.0 : 2.0) / n;
            }
        }
        return new ChebyshevFit(a, b, c);
    }

    /** Component i at x ∈ [a, b]. */
    double value(int i, double x) {
        double t = (2 * x - a - b) / (b - a);
        double[] c = coefficients[i];
        double b1 = 0;
        double b2 = 0;
        for (int j = c.length - 1; j >= 1; j--) {
            double next = 2 * t * b1 - b2 + c[j];
            b2 = b1;
            b1 = next;
        }
        return t * b1 - b2 + c[0];
    }
}
