package saturn.engine.calibration;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import saturn.engine.layer.Layer;
import saturn.engine.layer.Rbf;
import saturn.engine.layer.RbfNorm;
import saturn.engine.model.Model;
import saturn.engine.tensor.Tensor;

/**
 * Data-driven initialization of Gaussian RBF layers ({@code --init rbf-data}), layer by layer
 * on one sample of training inputs, each layer seeing the activations the layers before it
 * produce (the theory's prescription, {@code saturn.theory.rbf.RbfPrescription}):
 * <ol>
 *   <li>centres by k-means++ seeding (D² sampling) on the layer's incoming activations,
 *       refined by {@value #LLOYD_ITERATIONS} Lloyd iterations (an emptied cluster keeps its centre);</li>
 *   <li>width of unit j from its neighbouring centres: {@code s_j² = median_k ‖c_j − c_k‖² / 2}
 *       over its {@value #NEIGHBOURS} nearest other centres (for a layer that normalizes its
 *       distances, divided by its mean reference scale on the sample, so that the same
 *       Gaussians come out);</li>
 *   <li>an LSUV-style calibration on the same sample: one factor f for all widths of the layer,
 *       searched (golden section on log f in [1/8, 8], at most {@value #CALIBRATION_STEPS} forward
 *       passes) to maximize the mean over units of the output's variance across inputs. Bounded
 *       units cannot reach unit variance; the most informative width is their analogue of it
 *       (too narrow and every unit is 0 but at its own centre, too wide and every unit is 1).</li>
 * </ol>
 * The naive baseline, {@code rbf-random}, is the builder's default: centres N(0, 1), widths
 * √fan_in, fixed without looking at the data.
 */
public final class RbfData {

    static final int LLOYD_ITERATIONS = 2;
    static final int NEIGHBOURS = 8;
    static final int CALIBRATION_STEPS = 10;
    private static final double MIN_FACTOR = 1.0 / 8;
    private static final double MAX_FACTOR = 8;

    /** Per RBF layer: the median width before calibration, the factor found, the mean unit variance reached. */
    public record Result(List<Double> medianWidths, List<Double> factors, List<Double> variances) {
    }

    private RbfData() {
    }

    /**
     * Initializes every {@link Rbf} layer of the model from the sample {@code x} (rows = examples).
     * The sample needs at least as many rows as the widest RBF layer has units.
     */
    public static Result initialize(Model model, Tensor x, SplittableRandom rng) {
        List<Double> medians = new ArrayList<>();
        List<Double> factors = new ArrayList<>();
        List<Double> variances = new ArrayList<>();
        Tensor t = x;
        for (Layer l : model.layers()) {
            if (l instanceof Rbf rbf) {
                if (t.rows() < rbf.outputSize()) {
                    throw new IllegalArgumentException("rbf-data needs a sample of at least " + rbf.outputSize()
                            + " examples for " + rbf.outputSize() + " centres, got " + t.rows());
                }
                float[] centres = kMeansPlusPlus(t.data(), t.rows(), rbf.inputSize(), rbf.outputSize(), rng);
                lloyd(t.data(), t.rows(), rbf.inputSize(), centres, rbf.outputSize(), LLOYD_ITERATIONS);
                System.arraycopy(centres, 0, rbf.weight(), 0, centres.length);
                double[] s2 = neighbourWidths2(centres, rbf.outputSize(), rbf.inputSize());
                // a normalizing layer divides the squared distances by its reference scale: widths relative to it
                double reference = 1;
                if (rbf.norm() != RbfNorm.NONE) {
                    rbf.forward(t);
                    reference = rbf.meanReferenceScale();
                }
                float[] logWidth = rbf.logWidth();
                for (int j = 0; j < s2.length; j++) logWidth[j] = (float) (0.5 * Math.log(s2[j] / reference));
                medians.add(Math.sqrt(median(s2.clone())));
                double[] found = calibrate(rbf, t);
                factors.add(found[0]);
                variances.add(found[1]);
            }
            t = l.forward(t);
        }
        return new Result(List.copyOf(medians), List.copyOf(factors), List.copyOf(variances));
    }

    /** k-means++ seeding: the first centre uniformly, each next one with probability ∝ D² to the nearest chosen. */
    static float[] kMeansPlusPlus(float[] x, int n, int dim, int k, SplittableRandom rng) {
        float[] c = new float[k * dim];
        double[] d2 = new double[n];
        Arrays.fill(d2, Double.POSITIVE_INFINITY);
        int first = rng.nextInt(n);
        System.arraycopy(x, first * dim, c, 0, dim);
        for (int j = 1; j <= k; j++) {
            int last = j - 1;
            double total = 0;
            for (int i = 0; i < n; i++) {
                d2[i] = Math.min(d2[i], squaredDistance(x, i * dim, c, last * dim, dim));
                total += d2[i];
            }
            if (j == k) break;
            int pick;
            if (total > 0) {
                double u = rng.nextDouble() * total;
                pick = n - 1;
                for (int i = 0; i < n; i++) {
                    u -= d2[i];
                    if (u < 0) {
                        pick = i;
                        break;
                    }
                }
            } else {
                pick = rng.nextInt(n);   // every point already is a centre: duplicates are all that is left
            }
            System.arraycopy(x, pick * dim, c, j * dim, dim);
        }
        return c;
    }

    /** Lloyd iterations in place: each centre moves to the mean of the points nearest to it. */
    static void lloyd(float[] x, int n, int dim, float[] c, int k, int iterations) {
        double[] sums = new double[k * dim];
        int[] counts = new int[k];
        for (int it = 0; it < iterations; it++) {
            Arrays.fill(sums, 0);
            Arrays.fill(counts, 0);
            for (int i = 0; i < n; i++) {
                int best = 0;
                double bestD = Double.POSITIVE_INFINITY;
                for (int j = 0; j < k; j++) {
                    double d = squaredDistance(x, i * dim, c, j * dim, dim);
                    if (d < bestD) {
                        bestD = d;
                        best = j;
                    }
                }
                counts[best]++;
                for (int f = 0; f < dim; f++) sums[best * dim + f] += x[i * dim + f];
            }
            for (int j = 0; j < k; j++) {
                if (counts[j] == 0) continue;
                for (int f = 0; f < dim; f++) c[j * dim + f] = (float) (sums[j * dim + f] / counts[j]);
            }
        }
    }

    /** {@code s_j² = median over the nearest other centres of ‖c_j − c_k‖² / 2}, floored so that no width is 0. */
    static double[] neighbourWidths2(float[] c, int k, int dim) {
        int m = Math.min(NEIGHBOURS, k - 1);
        double[] s2 = new double[k];
        if (m == 0) {
            Arrays.fill(s2, dim);   // one unit: nothing to compare with, √fan_in as for rbf-random
            return s2;
        }
        double[] d = new double[k];
        double positiveMin = Double.POSITIVE_INFINITY;
        for (int j = 0; j < k; j++) {
            for (int o = 0; o < k; o++) d[o] = o == j ? Double.POSITIVE_INFINITY : squaredDistance(c, j * dim, c, o * dim, dim);
            Arrays.sort(d);
            double[] nearest = Arrays.copyOf(d, m);
            s2[j] = median(nearest) / 2;
            if (s2[j] > 0) positiveMin = Math.min(positiveMin, s2[j]);
        }
        double floor = Double.isFinite(positiveMin) ? positiveMin : 1.0;
        for (int j = 0; j < k; j++) if (!(s2[j] > 0)) s2[j] = floor;
        return s2;
    }

    /** Golden-section search of the width factor maximizing the mean unit variance; returns {factor, variance}. */
    private static double[] calibrate(Rbf rbf, Tensor x) {
        float[] logWidth = rbf.logWidth();
        float[] base = logWidth.clone();
        double lo = Math.log(MIN_FACTOR);
        double hi = Math.log(MAX_FACTOR);
        double g = (Math.sqrt(5) - 1) / 2;
        double a = hi - g * (hi - lo);
        double b = lo + g * (hi - lo);
        double fa = meanUnitVariance(rbf, x, base, a);
        double fb = meanUnitVariance(rbf, x, base, b);
        for (int i = 2; i < CALIBRATION_STEPS; i++) {
            if (fa < fb) {
                lo = a;
                a = b;
                fa = fb;
                b = lo + g * (hi - lo);
                fb = meanUnitVariance(rbf, x, base, b);
            } else {
                hi = b;
                b = a;
                fb = fa;
                a = hi - g * (hi - lo);
                fa = meanUnitVariance(rbf, x, base, a);
            }
        }
        double logF = fa >= fb ? a : b;
        double v = meanUnitVariance(rbf, x, base, logF);
        return new double[] {Math.exp(logF), v};
    }

    /** Sets log s = base + log f, runs the layer forward, returns the mean over units of Var_batch(y_j). */
    private static double meanUnitVariance(Rbf rbf, Tensor x, float[] base, double logF) {
        float[] logWidth = rbf.logWidth();
        for (int j = 0; j < logWidth.length; j++) logWidth[j] = (float) (base[j] + logF);
        Tensor y = rbf.forward(x);
        int n = y.rows();
        int k = y.cols();
        float[] yd = y.data();
        double total = 0;
        for (int j = 0; j < k; j++) {
            double s1 = 0, s2 = 0;
            for (int b = 0; b < n; b++) {
                double v = yd[b * k + j];
                s1 += v;
                s2 += v * v;
            }
            double mean = s1 / n;
            total += Math.max(0, s2 / n - mean * mean);
        }
        return total / k;
    }

    private static double squaredDistance(float[] a, int ao, float[] b, int bo, int dim) {
        double s = 0;
        for (int f = 0; f < dim; f++) {
            double d = a[ao + f] - b[bo + f];
            s += d * d;
        }
        return s;
    }

    private static double median(double[] v) {
        Arrays.sort(v);
        int m = v.length / 2;
        return v.length % 2 == 1 ? v[m] : 0.5 * (v[m - 1] + v[m]);
    }
}
