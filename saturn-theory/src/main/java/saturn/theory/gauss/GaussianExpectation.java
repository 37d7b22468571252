package saturn.theory.gauss;

import java.util.Arrays;

/**
 * Gaussian expectations of plain functions: {@code E[f(z)]}, z ~ N(0,1), and
 * {@code E[f(u1) g(u2)]} over the correlated pair
 * {@code (u1, u2) = (√q z1, √q (c z1 + √(1−c²) z2))} (docs/architecture.md §5).
 *
 * <p>1-D: an {@link AdaptiveLegendre} rule adapted to f itself. 2-D: iterated, see
 * {@link #pair}; at {@code |c| = 1} the inner integral collapses to {@code g(√q c z1)}.
 */
public final class GaussianExpectation {

    /**
     * Inner rules of {@link #pair} are built 100 times tighter than the outer one: the outer
     * rule sees the inner results as its integrand, and must not take their last digits,
     * which change as the inner panels do, for structure.
     */
    static final double INNER_TOLERANCE = 1e-2 * AdaptiveLegendre.TOLERANCE;

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
     * <p>Iterated, each h_j on its own rules: for every outer node z1 the inner expectation
     * {@code E_z2[h_j(u1, a + b z2)]}, {@code a = √q c z1}, {@code b = √q √(1−c²)}, gets a rule
     * adapted to h_j and split where u2 crosses a kink. The outer rule is adapted to the
     * inner results themselves, not to h alone: near |c| = 1 the inner integral smooths a kink
     * of u2 over a width {@code w = √(1−c²)/|c|} in z1, which a rule adapted to φ(u1)² would not
     * see. The outer probe is {@code E_z2[h_j] + E_z2[|h_j|]}: never negative and as large as
     * the integrand, so an expectation that vanishes (up to rounding) is accepted at once
     * instead of being refined into its noise. Breakpoints graded
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
        // One pair of rules per h_j: each adapted to its own integrand, so a small h_j (such as
        // (phi(u1) - phi(u2))^2 near c = 1 beside phi'(u1) phi'(u2)) keeps its relative accuracy.
        double[] result = new double[h.length];
        for (int j = 0; j < h.length; j++) {
            result[j] = pair(h[j], u1Kinks, u2Kinks, q, c);
        }
        return result;
    }

    /**
     * One h. Accuracy is relative to {@code scale}, the largest |h| on a coarse grid of the
     * pair, so that a region where h is at its rounding level (two saturated values of φ
     * subtracted) is accepted instead of refined into its noise. The inner rule is adapted to
     * {@code h + scale}; the outer integrand is {@code E_z2[h] + E_z2[|h|] + scale}, never
     * below 0; the offsets are subtracted exactly on the same rules and values.
     */
    private static double pair(PairIntegrand h, double[] u1Kinks, double[] u2Kinks, double q, double c) {
        double s = Math.sqrt(q);
        double b = s * Math.sqrt(Math.max(0, 1 - c * c));
        double scale = scale(h, s, c);
        JointIntegrand outer = (z1, out, n) -> {
            double[] one = new double[1];
            for (int i = 0; i < n; i++) {
                double u1 = s * z1[i];
                double a = s * c * z1[i];
                double mean;
                double abs;
                if (b == 0) {
                    h.values(u1, new double[] {a}, one, 1);
                    mean = one[0];
                    abs = Math.abs(one[0]);
                } else {
                    Integrand inner = (u2, v, m) -> {
                        h.values(u1, u2, v, m);
                        for (int t = 0; t < m; t++) {
                            v[t] += scale;
                        }
                    };
                    SampledRule rule = AdaptiveLegendre.sample(new Integrand[] {inner}, b, a, false,
                            scaled(u2Kinks, b, a), INNER_TOLERANCE);
                    double[] w = rule.rule().weights();
                    double[] v = rule.values()[0];
                    mean = 0;
                    abs = 0;
                    for (int t = 0; t < w.length; t++) {
                        double ht = v[t] - scale;
                        mean += w[t] * ht;
                        abs += w[t] * Math.abs(ht);
                    }
                }
                out[0][i] = mean + abs + scale;
                out[1][i] = abs + scale;
            }
        };
        SampledRule sampled = AdaptiveLegendre.sample(outer, 2, 1, 0, false,
                outerBreakpoints(u1Kinks, u2Kinks, s, c), AdaptiveLegendre.TOLERANCE);
        GaussianRule rule = sampled.rule();
        return rule.expect(sampled.values()[0], "E[h(u1, u2)]") - rule.expect(sampled.values()[1], "E[|h(u1, u2)|]");
    }

    /** The largest |h(u1, u2)| over z1, z2 in {−3, −2, ..., 3}; {@code Double.MIN_NORMAL} if all vanish. */
    private static double scale(PairIntegrand h, double s, double c) {
        double r = Math.sqrt(Math.max(0, 1 - c * c));
        double[] u2 = new double[7];
        double[] v = new double[7];
        double max = Double.MIN_NORMAL;
        for (int i = -3; i <= 3; i++) {
            for (int t = 0; t < 7; t++) {
                u2[t] = s * (c * i + r * (t - 3));
            }
            h.values(s * i, u2, v, 7);
            for (double x : v) {
                if (Double.isFinite(x)) {
                    max = Math.max(max, Math.abs(x));
                }
            }
        }
        return max;
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
