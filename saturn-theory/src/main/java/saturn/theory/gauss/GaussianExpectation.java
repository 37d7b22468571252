package saturn.theory.gauss;

import java.util.Arrays;

/**
 * Gaussian expectations of plain functions: {@code E[f(z)]}, z ~ N(0,1), and
 * {@code E[f(u1) g(u2)]} over the correlated pair
 * {@code (u1, u2) = (√q z1, √q (c z1 + √(1−c²) z2))} (DESIGN §3).
 *
 * <p>1-D: an {@link AdaptiveLegendre} rule adapted to f itself. 2-D: iterated, see
 * {@link #pair}; at {@code |c| = 1} the inner integral collapses to {@code g(√q c z1)}.
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
        PairIntegrand[] h = new PairIntegrand[f.length];
        for (int j = 0; j < h.length; j++) {
            h[j] = PairIntegrand.product(f[j], g[j]);
        }
        return pair(h, fKinks, gKinks, q, c);
    }

    /**
     * {@code E[h_j(u1, u2)]} for every j, sharing the quadrature.
     *
     * <p>Iterated: for every outer node z1 the inner expectation {@code E_z2[h_j(u1, a + b z2)]},
     * {@code a = √q c z1}, {@code b = √q √(1−c²)}, gets its own rule adapted to
     * {@code Σ_j h_j²} and split where u2 crosses a kink. The outer rule is adapted to the
     * inner results themselves, not to h alone: near |c| = 1 the inner integral smooths a kink
     * of u2 over a width {@code w = √(1−c²)/|c|} in z1, which a rule adapted to φ(u1)² would not
     * see. The outer probe is {@code Σ_j E_z2[h_j]² + E_z2[Σ_j h_j²]}: the second term is
     * positive and as large as the integrand, so an expectation that vanishes (up to rounding)
     * is accepted at once instead of being refined into its noise. Breakpoints graded
     * geometrically, {@code ± w·2^m} around each smoothed kink, put the feature on panels of
     * its own width, where 16 and 8 Gauss–Legendre points cannot both miss it.
     *
     * @param u1Kinks x positions (in u1) where some h_j is not smooth
     * @param u2Kinks x positions (in u2) where some h_j is not smooth
     */
    public static double[] pair(PairIntegrand[] h, double[] u1Kinks, double[] u2Kinks, double q, double c) {
        if (!(q >= 0) || !(c >= -1 && c <= 1)) {
            throw new IllegalArgumentException("need q >= 0 and c in [-1, 1], got q=" + q + ", c=" + c);
        }
        int k = h.length;
        double s = Math.sqrt(q);
        double b = s * Math.sqrt(Math.max(0, 1 - c * c));
        JointIntegrand outer = (z1, out, n) -> {
            for (int i = 0; i < n; i++) {
                double u1 = s * z1[i];
                double a = s * c * z1[i];
                if (b == 0) {
                    double mass = 0;
                    for (int j = 0; j < k; j++) {
                        double[] v = new double[1];
                        h[j].values(u1, new double[] {a}, v, 1);
                        out[j][i] = v[0];
                        mass += v[0] * v[0];
                    }
                    out[k][i] = Math.sqrt(mass);
                    continue;
                }
                Integrand[] inner = new Integrand[k];
                for (int j = 0; j < k; j++) {
                    PairIntegrand hj = h[j];
                    inner[j] = (u2, v, m) -> hj.values(u1, u2, v, m);
                }
                SampledRule rule = AdaptiveLegendre.sample(inner, b, a, true, scaled(u2Kinks, b, a),
                        AdaptiveLegendre.TOLERANCE);
                double[] w = rule.rule().weights();
                double mass = 0;
                for (int j = 0; j < k; j++) {
                    double[] v = rule.values()[j];
                    double sum = 0;
                    for (int t = 0; t < w.length; t++) {
                        sum += w[t] * v[t];
                        mass += w[t] * v[t] * v[t];
                    }
                    out[j][i] = sum;
                }
                out[k][i] = Math.sqrt(mass);
            }
        };
        SampledRule sampled = AdaptiveLegendre.sample(outer, k + 1, 1, 0, true,
                outerBreakpoints(u1Kinks, u2Kinks, s, c), AdaptiveLegendre.TOLERANCE);
        double[] result = new double[k];
        for (int j = 0; j < k; j++) {
            result[j] = sampled.rule().expect(sampled.values()[j], "E[h(u1, u2)]");
        }
        return result;
    }

    /**
     * z1 positions where u1 = √q z1 is at a kink; where u2's kinks sit at the centre of the
     * inner Gaussian, z1 = x/(√q c); and around the latter, {@code ± w·2^m} while below 4.
     */
    private static double[] outerBreakpoints(double[] u1Kinks, double[] u2Kinks, double s, double c) {
        double[] first = scaled(u1Kinks, s, 0);
        if (c == 0 || s == 0) {
            return first;
        }
        double w = Math.sqrt(Math.max(0, 1 - c * c)) / Math.abs(c);
        int grades = 0;
        for (double d = w; d > 0 && d < 4; d *= 2) {
            grades++;
        }
        double[] centres = scaled(u2Kinks, s * c, 0);
        double[] all = Arrays.copyOf(first, first.length + centres.length * (1 + 2 * grades));
        int n = first.length;
        for (double z : centres) {
            all[n++] = z;
            double d = w;
            for (int m = 0; m < grades; m++, d *= 2) {
                all[n++] = z - d;
                all[n++] = z + d;
            }
        }
        return all;
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
