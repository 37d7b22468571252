package saturn.theory.gauss;

import java.util.Arrays;

/**
 * Coefficients of {@code f(√q z)} in the orthonormal Hermite basis
 * {@code h_k = He_k/√k!}: {@code a_k = E[f(√q z) h_k(z)]}, k = 0..K, and the tail
 * {@code Σ_{k>K} a_k² = E[f(√q z)²] − Σ_{k≤K} a_k²} (Parseval).
 *
 * <p>Why: by Mehler's formula, for the correlated pair {@code (u1, u2)} of docs/architecture.md §5,
 * {@code E[f(u1) g(u2)] = Σ_k c^k a_k b_k}. One set of coefficients turns every point of
 * the c-map into a polynomial evaluation, with a rigorous truncation bound
 * {@code |c|^{K+1} √(tail_f tail_g)} (Cauchy–Schwarz), instead of a 2-D quadrature per c.
 * When the bound is too loose (c near ±1 with a slowly decaying series, e.g. a kinked f)
 * callers fall back to {@link GaussianExpectation#bivariate}.
 *
 * <p>Coefficients come from an {@link AdaptiveLegendre} rule for {@code Σ f_j(√q z)²}
 * (refined where f is steep, split at its kinks) whose panels are at most 1 wide, fine
 * enough to resolve {@code h_K} for K ≤ {@link #MAX_ORDER}; the recurrence
 * {@code h_{k+1} = (z h_k − √k h_{k−1})/√(k+1)} is stable. Beyond |z| = 10,
 * {@code |h_k| pdf ≤ e^{−25}}: the range loses at most ~1e-11 per coefficient.
 */
public record HermiteSeries(double[] coefficients, double tail, double secondMoment) {

    public static final int MAX_ORDER = 160;
    private static final double[] UNIT_EDGES = new double[21];

    static {
        for (int i = 0; i < UNIT_EDGES.length; i++) {
            UNIT_EDGES[i] = i - 10;
        }
    }

    /**
     * The series of {@code f_j(scale·z)} for several f_j on one set of nodes.
     *
     * @param kinks x positions (in the argument of f) where some f_j is not smooth
     * @param order K
     */
    public static HermiteSeries[] of(Integrand[] f, double scale, double[] kinks, int order) {
        if (order < 0 || order > MAX_ORDER) {
            throw new IllegalArgumentException("order must be in [0, " + MAX_ORDER + "], got " + order);
        }
        // Nodes: an adaptive rule for Σ f_j(scale z)² (refined where f is steep, split at its
        // kinks), with panels at most 1 wide so that h_K's oscillations are resolved too.
        double[] kinkZ = scale == 0 ? new double[0] : GaussianExpectation.scaled(kinks, scale, 0);
        double[] breaks = Arrays.copyOf(kinkZ, kinkZ.length + UNIT_EDGES.length);
        System.arraycopy(UNIT_EDGES, 0, breaks, kinkZ.length, UNIT_EDGES.length);
        SampledRule sampled = AdaptiveLegendre.sample(f, scale == 0 ? 1e-150 : scale, 0, true, breaks,
                AdaptiveLegendre.TOLERANCE);
        double[] z = sampled.rule().nodes();
        double[] w = sampled.rule().weights();
        int n = z.length;
        int m = f.length;
        double[][] wf = new double[m][];
        double[] second = new double[m];
        for (int j = 0; j < m; j++) {
            wf[j] = sampled.values()[j].clone();
            for (int i = 0; i < n; i++) {
                second[j] += w[i] * wf[j][i] * wf[j][i];
                wf[j][i] *= w[i];
            }
        }
        double[][] a = new double[m][order + 1];
        double[] prev = new double[n];
        double[] cur = new double[n];
        Arrays.fill(cur, 1);
        for (int k = 0; k <= order; k++) {
            for (int j = 0; j < m; j++) {
                double s = 0;
                double[] v = wf[j];
                for (int i = 0; i < n; i++) {
                    s += v[i] * cur[i];
                }
                a[j][k] = s;
            }
            double r1 = 1 / Math.sqrt(k + 1);
            double sk = Math.sqrt(k);
            for (int i = 0; i < n; i++) {
                double next = (z[i] * cur[i] - sk * prev[i]) * r1;
                prev[i] = cur[i];
                cur[i] = next;
            }
        }
        HermiteSeries[] out = new HermiteSeries[m];
        for (int j = 0; j < m; j++) {
            if (!Double.isFinite(second[j])) {
                throw new DivergentExpectationException("E[f(sqrt(q) z)^2]", null, DivergentExpectationException.growth());
            }
            double sum = 0;
            for (double c : a[j]) {
                sum += c * c;
            }
            out[j] = new HermiteSeries(a[j], Math.max(0, second[j] - sum), second[j]);
        }
        return out;
    }

    /** {@code Σ_{k≤K} c^k a_k b_k}, approximating {@code E[f(u1) g(u2)]}. */
    public double kernel(HermiteSeries other, double c) {
        double[] a = coefficients;
        double[] b = other.coefficients;
        double s = 0;
        for (int k = Math.min(a.length, b.length) - 1; k >= 0; k--) {
            s = s * c + a[k] * b[k];
        }
        return s;
    }

    /** Bound on {@code |E[f(u1) g(u2)] − kernel(other, c)|}: {@code |c|^{K+1} √(tail_f tail_g)}. */
    public double truncationBound(HermiteSeries other, double c) {
        int k = Math.min(coefficients.length, other.coefficients.length);
        return Math.pow(Math.abs(c), k) * Math.sqrt(tail * other.tail);
    }
}
