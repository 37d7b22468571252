package saturn.theory.gauss;

import java.util.Arrays;
import org.hipparchus.analysis.integration.gauss.GaussIntegrator;
import org.hipparchus.analysis.integration.gauss.GaussIntegratorFactory;

/**
 * Builds {@link GaussianRule}s by adaptive composite Gauss–Legendre quadrature on
 * {@code z ∈ [−Z, Z]}, the normal density folded into the weights.
 *
 * <p>Why this mechanism: an activation seen through {@code φ(s z + b)} with {@code s} up to
 * ~15 (α ≈ 5 times √q ≈ 3) is nearly a step function in {@code z}; Gauss–Hermite converges
 * slowly there and not at all across kinks. Panels split at the kinks (given as breakpoints
 * in z-space) and bisected where the 16-point and 8-point Gauss–Legendre results of a panel
 * disagree give spectral accuracy on every smooth piece. A panel is accepted when
 * {@code |I16 − I8| ≤ tol · ∫|probe|}; since the 16-point error is far below the 8-point
 * difference for analytic pieces, the final rule (the 16-point nodes of accepted panels)
 * is accurate well beyond {@code tol}. Base panels: {@code [−Z,−6], [−6,−3], [−3,0], …,
 * [6,Z]} plus the breakpoints (measured: faster overall than starting from 1.5-wide panels).
 *
 * <p>Rounding noise. A formula that cancels (e.g. {@code 1 − exp(−x²)} or {@code x − tanh(x)}
 * at |x| ~ 1e-5) carries relative noise far above {@code tol}; bisection cannot remove it,
 * because noise contributes an error proportional to the panel width, so halving every
 * panel leaves the total unchanged while their number doubles. Once the summed error of
 * the children of split panels has stayed at ≥ {@value #STALL_RATIO} of their parents' for
 * {@value #STALLS_FOR_NOISE} passes, a failing panel is accepted at its noise floor when its
 * own error did not shrink by 4 on halving (slower than a kink converges), is at most
 * {@value #NOISE_SHARE} of its own mass (the integrand is resolved, only its last digits
 * scatter) and its peak value did not grow (a pole's does). A real singularity (a pole,
 * {@code log|x|}) fails the last two and is still reported; an unresolved steep or
 * oscillating integrand fails the mass test and is refined as before.
 *
 * <p>The range starts at {@code Z = 10} (normal tail mass beyond: 1.5e-23). When the probe
 * does not vanish at {@code ±Z} (e.g. {@code exp(3z)}, whose mass sits at z = 6), the range
 * grows up to {@code Z = 40}; if the probe still does not vanish, or is not finite, the
 * expectation diverges and {@link DivergentExpectationException} is thrown.
 *
 * <p>Legendre rules come from Hipparchus' {@link GaussIntegratorFactory}, read once.
 */
public final class AdaptiveLegendre {

    /** Default relative tolerance on {@code |I16 − I8|} per panel, relative to {@code ∫|probe|}. */
    public static final double TOLERANCE = 1e-11;

    private static final double[] X16;
    private static final double[] W16;
    private static final double[] X8;
    private static final double[] W8;
    private static final double[] RANGES = {10, 15, 22, 30, 40};
    private static final double[] BASE_EDGES = {-6, -3, 0, 3, 6};
    private static final double TAIL_SHARE = 1e-13;
    private static final int MAX_DEPTH = 44;
    private static final int MAX_PANELS = 1_000;
    private static final double ABSOLUTE_FLOOR = 1e-280;
    /** Total error of the children / error of the split parents at or above which a pass stalls. */
    private static final double STALL_RATIO = 0.7;
    /** Consecutive stalled passes after which panels may be accepted at the noise floor. */
    private static final int STALLS_FOR_NOISE = 2;
    /** A panel's error / its parent's at or above which that panel's refinement stalled. */
    private static final double PANEL_STALL_RATIO = 0.25;
    /** Largest panel error, relative to the panel's own mass, that can be rounding noise. */
    private static final double NOISE_SHARE = 1e-2;
    /** Largest growth of the panel's peak value over its parent's for a bounded integrand. */
    private static final double PEAK_GROWTH = 1.1;
    private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

    static {
        GaussIntegratorFactory factory = new GaussIntegratorFactory();
        GaussIntegrator g16 = factory.legendre(16);
        GaussIntegrator g8 = factory.legendre(8);
        X16 = points(g16);
        W16 = weights(g16);
        X8 = points(g8);
        W8 = weights(g8);
    }

    private AdaptiveLegendre() {
    }

    /** A rule adapted to {@code probe} with default tolerance. */
    public static GaussianRule rule(Integrand probe, double[] breakpoints) {
        return rule(probe, breakpoints, TOLERANCE);
    }

    /**
     * A rule adapted to {@code probe}: accurate for {@code E[probe(z)]} and for functions
     * as smooth and as heavy-tailed as it. The probe may change sign: acceptance is measured
     * against {@code ∫|probe|}.
     *
     * @param breakpoints z positions where the probe (or a function to be integrated on this
     *                    rule) is not smooth; those outside the range are ignored
     * @throws DivergentExpectationException if the probe's tail does not vanish or the
     *         refinement cannot converge
     */
    public static GaussianRule rule(Integrand probe, double[] breakpoints, double tol) {
        return sample(new Integrand[] {probe}, 1, 0, false, breakpoints, tol).rule();
    }

    /**
     * A rule adapted at once to several functions of {@code u = scale·z + shift}, with their
     * values at the nodes. With {@code squares} the probe is {@code Σ f_k(u)²} (smooth where
     * the f_k are, so sign changes do not look like kinks); without, it is {@code f_0(u)}.
     *
     * @param breakpoints z positions (not u) where some f_k is not smooth
     */
    public static SampledRule sample(Integrand[] f, double scale, double shift, boolean squares,
                                     double[] breakpoints, double tol) {
        return sample(JointIntegrand.of(f), f.length, scale, shift, squares, breakpoints, tol);
    }

    /** As {@link #sample(Integrand[], double, double, boolean, double[], double)}, for k functions evaluated together. */
    static SampledRule sample(JointIntegrand f, int k, double scale, double shift, boolean squares,
                              double[] breakpoints, double tol) {
        for (double z : RANGES) {
            SampledRule build = build(f, k, scale, shift, squares, breakpoints, z, tol);
            if (build != null) {
                return build;
            }
        }
        throw new DivergentExpectationException("E[probe(z)]", null, DivergentExpectationException.growth());
    }

    /** Probability density of N(0,1). */
    static double pdf(double z) {
        return INV_SQRT_2PI * Math.exp(-0.5 * z * z);
    }

    /** One adaptive pass on [−range, range]; null when the probe's tail does not vanish there. */
    private static SampledRule build(JointIntegrand f, int k, double scale, double shift, boolean squares,
                                     double[] breakpoints, double range, double tol) {
        double[] edges = baseEdges(breakpoints, range);
        double[] pa = Arrays.copyOf(edges, edges.length - 1);
        double[] pb = Arrays.copyOfRange(edges, 1, edges.length);
        int[] depth = new int[pa.length];
        double[] parentErr = new double[pa.length];
        double[] parentPeak = new double[pa.length];
        Arrays.fill(parentErr, Double.POSITIVE_INFINITY);
        Arrays.fill(parentPeak, Double.POSITIVE_INFINITY);
        int pending = pa.length;
        double splitErr = 0;
        int stalls = 0;

        double[] accA = new double[32];
        double[] accB = new double[32];
        double[][] accV = new double[k][32 * 16];
        int accepted = 0;
        double globalAbs = -1;
        double[] x = new double[0];
        double[] u = new double[0];
        double[] w = new double[0];
        double[] probe = new double[0];
        double[][] comp = new double[k][];
        while (pending > 0) {
            int m = pending * 24 + 2;
            if (x.length < m) {
                x = new double[m];
                u = new double[m];
                w = new double[m];
                probe = new double[m];
                for (int j = 0; j < k; j++) {
                    comp[j] = new double[m];
                }
            }
            for (int p = 0; p < pending; p++) {
                double c = 0.5 * (pa[p] + pb[p]);
                double h = 0.5 * (pb[p] - pa[p]);
                int o = p * 24;
                for (int i = 0; i < 16; i++) {
                    x[o + i] = c + h * X16[i];
                    w[o + i] = h * W16[i];
                }
                for (int i = 0; i < 8; i++) {
                    x[o + 16 + i] = c + h * X8[i];
                    w[o + 16 + i] = h * W8[i];
                }
            }
            x[m - 2] = -range;
            x[m - 1] = range;
            w[m - 2] = 1;
            w[m - 1] = 1;
            for (int i = 0; i < m; i++) {
                u[i] = scale * x[i] + shift;
                w[i] *= pdf(x[i]);
            }
            f.values(u, comp, m);
            if (squares) {
                Arrays.fill(probe, 0, m, 0);
                for (int j = 0; j < k; j++) {
                    double[] cj = comp[j];
                    for (int i = 0; i < m; i++) {
                        probe[i] += cj[i] * cj[i];
                    }
                }
            } else {
                System.arraycopy(comp[0], 0, probe, 0, m);
            }
            if (globalAbs < 0) {
                double abs = 0;
                for (int i = 0; i < m - 2; i++) {
                    if (i % 24 < 16) {
                        abs += Math.abs(w[i] * probe[i]);
                    }
                }
                double tail = Math.max(Math.abs(probe[m - 2]), Math.abs(probe[m - 1])) * w[m - 1];
                if (!Double.isFinite(tail) || !Double.isFinite(abs)) {
                    throw notFinite(u, probe, m);
                }
                if (tail > TAIL_SHARE * Math.max(abs, Double.MIN_NORMAL)) {
                    return null;
                }
                globalAbs = abs;
            }
            // Below ~1e-280 the integral is lost in subnormal rounding: refining cannot help.
            double limit = Math.max(tol * globalAbs, ABSOLUTE_FLOOR);
            double[] err = new double[pending];
            double[] mass = new double[pending];
            double[] peak = new double[pending];
            double errTotal = 0;
            for (int p = 0; p < pending; p++) {
                int o = p * 24;
                double s16 = 0;
                double a16 = 0;
                double top = 0;
                for (int i = o; i < o + 16; i++) {
                    double t = w[i] * probe[i];
                    s16 += t;
                    a16 += Math.abs(t);
                    top = Math.max(top, Math.abs(probe[i]));
                }
                double s8 = 0;
                for (int i = o + 16; i < o + 24; i++) {
                    s8 += w[i] * probe[i];
                    top = Math.max(top, Math.abs(probe[i]));
                }
                if (!Double.isFinite(s16) || !Double.isFinite(s8)) {
                    throw notFinite(u, probe, m);
                }
                err[p] = Math.abs(s16 - s8);
                mass[p] = a16;
                peak[p] = top;
                errTotal += err[p];
            }
            // Noise floor: refining the failing panels last time did not shrink their total error.
            stalls = splitErr > 0 && errTotal >= STALL_RATIO * splitErr ? stalls + 1 : 0;
            boolean noiseLimited = stalls >= STALLS_FOR_NOISE;
            double[] na = new double[2 * pending];
            double[] nb = new double[2 * pending];
            int[] nd = new int[2 * pending];
            double[] nErr = new double[2 * pending];
            double[] nPeak = new double[2 * pending];
            int next = 0;
            splitErr = 0;
            for (int p = 0; p < pending; p++) {
                int o = p * 24;
                if (err[p] <= limit || noiseLimited && isNoise(err[p], mass[p], peak[p], parentErr[p], parentPeak[p])) {
                    if (accepted == accA.length) {
                        accA = Arrays.copyOf(accA, 2 * accepted);
                        accB = Arrays.copyOf(accB, 2 * accepted);
                        for (int j = 0; j < k; j++) {
                            accV[j] = Arrays.copyOf(accV[j], 2 * accepted * 16);
                        }
                    }
                    accA[accepted] = pa[p];
                    accB[accepted] = pb[p];
                    for (int j = 0; j < k; j++) {
                        System.arraycopy(comp[j], o, accV[j], accepted * 16, 16);
                    }
                    accepted++;
                } else {
                    if (depth[p] >= MAX_DEPTH || accepted + 2 * pending > MAX_PANELS) {
                        throw new DivergentExpectationException("E[probe(z)]", null,
                                "the integrand is singular near z = " + (float) (0.5 * (pa[p] + pb[p]))
                                        + " (quadrature does not converge)");
                    }
                    splitErr += err[p];
                    double mid = 0.5 * (pa[p] + pb[p]);
                    for (int half = 0; half < 2; half++) {
                        na[next] = half == 0 ? pa[p] : mid;
                        nb[next] = half == 0 ? mid : pb[p];
                        nd[next] = depth[p] + 1;
                        nErr[next] = err[p];
                        nPeak[next++] = peak[p];
                    }
                }
            }
            pa = na;
            pb = nb;
            depth = nd;
            parentErr = nErr;
            parentPeak = nPeak;
            pending = next;
        }
        return assemble(accA, accB, accV, accepted);
    }

    /**
     * Whether a failing panel is limited by rounding noise in the integrand rather than by
     * the rule: its error did not shrink when its parent was halved (below second order:
     * noise scales like the panel width, a smooth integrand like a high power of it), it is
     * small against the panel's own mass (the integrand is resolved, only its last digits
     * scatter), and the integrand did not grow on the way in (a pole does).
     */
    private static boolean isNoise(double err, double mass, double peak, double parentErr, double parentPeak) {
        return err >= PANEL_STALL_RATIO * parentErr && err <= NOISE_SHARE * mass && peak <= PEAK_GROWTH * parentPeak;
    }

    private static DivergentExpectationException notFinite(double[] u, double[] probe, int m) {
        double at = Double.NaN;
        for (int i = 0; i < m; i++) {
            if (!Double.isFinite(probe[i]) && !(Math.abs(u[i]) < Math.abs(at))) {
                at = u[i];
            }
        }
        return new DivergentExpectationException("E[probe(z)]", null, DivergentExpectationException.growth()
                + " (not finite at x = " + (float) at + "; a formula that overflows in double precision does this too)");
    }

    private static SampledRule assemble(double[] a, double[] b, double[][] v, int count) {
        Integer[] order = new Integer[count];
        for (int i = 0; i < count; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (i, j) -> Double.compare(a[i], a[j]));
        int k = v.length;
        double[] nodes = new double[16 * count];
        double[] weights = new double[16 * count];
        double[][] values = new double[k][16 * count];
        int n = 0;
        for (int idx : order) {
            double c = 0.5 * (a[idx] + b[idx]);
            double h = 0.5 * (b[idx] - a[idx]);
            for (int j = 0; j < k; j++) {
                System.arraycopy(v[j], idx * 16, values[j], n, 16);
            }
            for (int i = 0; i < 16; i++) {
                double z = c + h * X16[i];
                nodes[n] = z;
                weights[n++] = h * W16[i] * pdf(z);
            }
        }
        return new SampledRule(new GaussianRule(nodes, weights), values);
    }

    /** Panel edges: the range ends, {@link #BASE_EDGES}, and the breakpoints inside the range. */
    private static double[] baseEdges(double[] breakpoints, double range) {
        double[] e = new double[2 + BASE_EDGES.length + breakpoints.length];
        int n = 0;
        e[n++] = -range;
        e[n++] = range;
        for (double b : BASE_EDGES) {
            e[n++] = b;
        }
        for (double bp : breakpoints) {
            if (bp > -range && bp < range) {
                e[n++] = bp;
            }
        }
        Arrays.sort(e, 0, n);
        double[] out = new double[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (m == 0 || e[i] - out[m - 1] > 1e-12 * range) {
                out[m++] = e[i];
            } else if (e[i] == range) {
                out[m - 1] = range;
            }
        }
        return Arrays.copyOf(out, m);
    }

    private static double[] points(GaussIntegrator g) {
        double[] p = new double[g.getNumberOfPoints()];
        for (int i = 0; i < p.length; i++) {
            p[i] = g.getPoint(i);
        }
        return p;
    }

    private static double[] weights(GaussIntegrator g) {
        double[] w = new double[g.getNumberOfPoints()];
        for (int i = 0; i < w.length; i++) {
            w[i] = g.getWeight(i);
        }
        return w;
    }
}
