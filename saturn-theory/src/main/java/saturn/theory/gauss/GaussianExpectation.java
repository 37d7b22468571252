package saturn.theory.gauss;

/**
 * Gaussian expectations of plain functions: {@code E[f(z)]}, z ~ N(0,1), and
 * {@code E[f(u1) g(u2)]} over the correlated pair
 * {@code (u1, u2) = (√q z1, √q (c z1 + √(1−c²) z2))} (docs/architecture.md §5).
 *
 * <p>1-D: an {@link AdaptiveLegendre} rule adapted to f itself. 2-D: iterated, the outer
 * rule adapted to {@code Σ f_j(√q z1)²}; for every outer node the inner expectation
 * {@code E_z2[g(a + b z2)]}, {@code a = √q c z1}, {@code b = √q √(1−c²)}, gets its own
 * adapted rule (the kinks of g move with a). At {@code |c| = 1} the inner integral
 * collapses to {@code g(√q c z1)}.
 */
public final class GaussianExpectation {

    private GaussianExpectation() {
    }

    /** {@code E[f(z)]} for smooth f. */
    public static double of(Integrand f) {
        return of(f, new double[0]);
    }

    /**
     * {@code E[f(z)]}, split at the kinks (z positions where f is not smooth).
     *
     * @throws DivergentExpectationException if the expectation does not exist
     */
    public static double of(Integrand f, double[] kinks) {
        GaussianRule rule;
        try {
            rule = AdaptiveLegendre.rule(f, kinks);
        } catch (DivergentExpectationException e) {
            throw e.forExpectation("E[f(z)]");
        }
        return rule.expect(f, "E[f(z)]");
    }

    /** {@code E[f(u1) g(u2)]}, f and g smooth. */
    public static double bivariate(Integrand f, Integrand g, double q, double c) {
        return bivariate(new Integrand[] {f}, new double[0], new Integrand[] {g}, new double[0], q, c)[0];
    }

    /**
     * {@code E[f_j(u1) g_j(u2)]} for every j, sharing the quadrature.
     *
     * @param fKinks x positions (in u1) where some f_j is not smooth
     * @param gKinks x positions (in u2) where some g_j is not smooth
     * @param q      variance of u1 and u2, ≥ 0
     * @param c      correlation in [−1, 1]
     */
    public static double[] bivariate(Integrand[] f, double[] fKinks, Integrand[] g, double[] gKinks,
                                     double q, double c) {
        if (f.length != g.length) {
            throw new IllegalArgumentException("f and g differ in length");
        }
        if (!(q >= 0) || !(c >= -1 && c <= 1)) {
            throw new IllegalArgumentException("need q >= 0 and c in [-1, 1], got q=" + q + ", c=" + c);
        }
        int k = f.length;
        double s = Math.sqrt(q);
        GaussianRule outer = AdaptiveLegendre.rule(sumOfSquares(f, s, 0), scaled(fKinks, s, 0));
        int n = outer.size();
        double[] z1 = outer.nodes();
        double[] w1 = outer.weights();
        double[] u1 = new double[n];
        for (int i = 0; i < n; i++) {
            u1[i] = s * z1[i];
        }
        double[][] fv = new double[k][n];
        for (int j = 0; j < k; j++) {
            f[j].values(u1, fv[j], n);
        }
        double[][] inner = new double[k][n];
        double b = s * Math.sqrt(Math.max(0, 1 - c * c));
        if (b == 0) {
            double[] u2 = new double[n];
            for (int i = 0; i < n; i++) {
                u2[i] = s * c * z1[i];
            }
            for (int j = 0; j < k; j++) {
                g[j].values(u2, inner[j], n);
            }
        } else {
            for (int i = 0; i < n; i++) {
                double a = s * c * z1[i];
                GaussianRule rule = AdaptiveLegendre.rule(sumOfSquares(g, b, a), scaled(gKinks, b, a));
                double[] z2 = rule.nodes();
                double[] w2 = rule.weights();
                int m = z2.length;
                double[] u2 = new double[m];
                double[] gv = new double[m];
                for (int t = 0; t < m; t++) {
                    u2[t] = a + b * z2[t];
                }
                for (int j = 0; j < k; j++) {
                    g[j].values(u2, gv, m);
                    double sum = 0;
                    for (int t = 0; t < m; t++) {
                        sum += w2[t] * gv[t];
                    }
                    inner[j][i] = sum;
                }
            }
        }
        double[] result = new double[k];
        double[] v = new double[n];
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < n; i++) {
                v[i] = fv[j][i] * inner[j][i];
            }
            result[j] = outer.expect(v, "E[f(u1) g(u2)]");
        }
        return result;
    }

    /** The probe {@code Σ_j f_j(scale·z + shift)²}. */
    static Integrand sumOfSquares(Integrand[] f, double scale, double shift) {
        return (z, out, n) -> {
            double[] u = new double[n];
            double[] t = new double[n];
            for (int i = 0; i < n; i++) {
                u[i] = scale * z[i] + shift;
                out[i] = 0;
            }
            for (Integrand fj : f) {
                fj.values(u, t, n);
                for (int i = 0; i < n; i++) {
                    out[i] += t[i] * t[i];
                }
            }
        };
    }

    /** x-space kinks to z-space for the argument {@code scale·z + shift}. */
    static double[] scaled(double[] kinks, double scale, double shift) {
        if (scale == 0) {
            return new double[0];
        }
        double[] z = new double[kinks.length];
        for (int i = 0; i < z.length; i++) {
            z[i] = (kinks[i] - shift) / scale;
        }
        return z;
    }
}
