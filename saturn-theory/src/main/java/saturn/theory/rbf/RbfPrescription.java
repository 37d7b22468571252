package saturn.theory.rbf;

/**
 * How wide Gaussian RBF units must be for their output to carry signal (docs/architecture.md §5).
 *
 * <p>The reasoning: the unit's output varies across inputs only if {@code s²} matches the
 * scale of the squared distances {@code ‖x−c‖²} it sees (see {@link RbfMoments}). For
 * centred inputs of variance v per coordinate and centres of variance v_c, that scale is
 * {@code N(v+v_c)}; a width fixed independently of N (e.g. s = 1 with N = 784) makes every
 * unit output ≈ 0 for every input. The prescription, in order of preference:
 * <ol>
 *   <li>centres drawn from the layer's incoming activations (k-means++ on a sample), so that
 *       they sit where the data are; widths from the distance to neighbouring centres, the
 *       median heuristic {@code s² = median ‖c_j − c_k‖² / 2} over neighbours (the
 *       engine measures it on the actual centres: real data lie near low-dimensional
 *       sets, so neighbour distances are far below the isotropic {@code N(v+v_c)});</li>
 *   <li>for the isotropic Gaussian model the width can be solved analytically:
 *       {@link #recommend} picks the s² that maximizes the typical unit's variance across
 *       inputs (the most informative width), {@link #forTargetVariance} the widest s²
 *       reaching a target variance. Even the best width leaves the typical unit a variance
 *       of order 1/N (≈ 0.2/N): in the isotropic model distances concentrate whatever the
 *       width, which is why centres must come from the data;</li>
 *   <li>then an LSUV-style calibration of each layer's output mean/variance, or the
 *       analytic normalization {@code (y − E[y]) / √Var[y]} with the moments predicted here.</li>
 * </ol>
 */
public final class RbfPrescription {

    private RbfPrescription() {
    }

    /**
     * Median heuristic for the isotropic model: {@code s² = median(‖x−c‖²)/2}, the median of
     * {@code (v+v_c) χ²_N} by the Wilson–Hilferty approximation {@code N(1 − 2/(9N))³}.
     */
    public static double medianHeuristicWidth2(int n, double v, double vc) {
        double median = n * Math.pow(1 - 2.0 / (9 * n), 3) * (v + vc);
        return median / 2;
    }

    /**
     * The width maximizing the typical unit's output variance across inputs, with the
     * predicted output mean and variance. Golden-section search on {@code log s²} over
     * {@code [1e-3, 1e3]·N(v+v_c)} (the variance is unimodal there).
     */
    public static RbfPrediction recommend(int n, double v, double vc) {
        RbfMoments.checkArgs(n, v, vc, 1);
        if (!(v > 0)) {
            throw new IllegalArgumentException("inputs of zero variance carry no signal to preserve");
        }
        double scale = n * (v + vc);
        double lo = Math.log(1e-3 * scale);
        double hi = Math.log(1e3 * scale);
        double g = (Math.sqrt(5) - 1) / 2;
        double a = hi - g * (hi - lo);
        double b = lo + g * (hi - lo);
        double fa = variance(n, v, vc, a);
        double fb = variance(n, v, vc, b);
        for (int i = 0; i < 200 && hi - lo > 1e-10; i++) {
            if (fa < fb) {
                lo = a;
                a = b;
                fa = fb;
                b = lo + g * (hi - lo);
                fb = variance(n, v, vc, b);
            } else {
                hi = b;
                b = a;
                fb = fa;
                a = hi - g * (hi - lo);
                fa = variance(n, v, vc, a);
            }
        }
        return RbfMoments.overRandomCentres(n, v, vc, Math.exp(0.5 * (lo + hi)));
    }

    /**
     * The widest s² whose typical unit variance across inputs equals {@code target}
     * (wider keeps {@code E[y]} away from 0, so gradients survive).
     *
     * @throws IllegalArgumentException when the target exceeds the maximal achievable variance
     */
    public static RbfPrediction forTargetVariance(int n, double v, double vc, double target) {
        RbfPrediction best = recommend(n, v, vc);
        if (!(target > 0) || target > best.variance()) {
            throw new IllegalArgumentException("no width gives output variance " + target + ": the maximum for N="
                    + n + " is " + best.variance() + " at s2=" + best.width2());
        }
        double lo = Math.log(best.width2());
        double hi = Math.log(1e6 * n * (v + vc));
        for (int i = 0; i < 200 && hi - lo > 1e-12; i++) {
            double mid = 0.5 * (lo + hi);
            if (variance(n, v, vc, mid) > target) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return RbfMoments.overRandomCentres(n, v, vc, Math.exp(0.5 * (lo + hi)));
    }

    private static double variance(int n, double v, double vc, double logS2) {
        return RbfMoments.overRandomCentres(n, v, vc, Math.exp(logS2)).variance();
    }

    /**
     * The width maximizing the backward gain {@link RbfMoments#backwardGain}: {@code s² = (N/2 − 1)(v + v_c)}.
     *
     * @throws IllegalArgumentException for N ≤ 2, where the gain has no maximum (it grows as s → 0)
     */
    public static double maxGainWidth2(int n, double v, double vc) {
        RbfMoments.checkArgs(n, v, vc, 1);
        if (n <= 2) throw new IllegalArgumentException("the backward gain has no maximum for N <= 2 inputs: it grows as s -> 0");
        if (!(v + vc > 0)) throw new IllegalArgumentException("inputs and centres of zero variance: every distance is 0");
        return (0.5 * n - 1) * (v + vc);
    }
}
