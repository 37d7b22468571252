package saturn.theory.meanfield;

import java.util.SplittableRandom;
import saturn.theory.Activation;

/**
 * A seeded wide random network {@code h^l = W^l φ(h^{l−1}) + b^l}, {@code W ~ N(0, σ_w²/N)},
 * {@code b ~ N(0, σ_b²)}, in plain double loops: the reference the mean-field theory is
 * held against.
 */
final class WideNetwork {

    private final Activation phi;
    private final Activation dphi;
    private final int width;
    private final double sigmaW2;
    private final double sigmaB2;
    private final SplittableRandom random;

    WideNetwork(Activation phi, int width, double sigmaW2, double sigmaB2, long seed) {
        this.phi = phi;
        this.dphi = phi.derivative();
        this.width = width;
        this.sigmaW2 = sigmaW2;
        this.sigmaB2 = sigmaB2;
        this.random = new SplittableRandom(seed);
    }

    /** A fresh layer: weights row-major [N×N] and biases. */
    double[][] layer() {
        double sw = Math.sqrt(sigmaW2 / width);
        double sb = Math.sqrt(sigmaB2);
        double[] w = new double[width * width];
        double[] b = new double[width];
        for (int i = 0; i < w.length; i++) {
            w[i] = sw * random.nextGaussian();
        }
        for (int i = 0; i < width; i++) {
            b[i] = sb * random.nextGaussian();
        }
        return new double[][] {w, b};
    }

    /** A Gaussian vector with variance q per entry. */
    double[] input(double q) {
        double[] h = new double[width];
        for (int i = 0; i < width; i++) {
            h[i] = Math.sqrt(q) * random.nextGaussian();
        }
        return h;
    }

    /** {@code W φ(h) + b}. */
    double[] forward(double[][] layer, double[] h) {
        double[] a = new double[width];
        phi.values(h, a, width);
        return affine(layer, a, true);
    }

    /** Tangent propagation {@code W (φ'(h) ⊙ v)}. */
    double[] tangent(double[][] layer, double[] h, double[] v) {
        double[] d = new double[width];
        dphi.values(h, d, width);
        for (int i = 0; i < width; i++) {
            d[i] *= v[i];
        }
        return affine(layer, d, false);
    }

    /** Per-unit {@code σ_w² φ'(h_i)²}, averaged. */
    double chiEstimate(double[] h) {
        double[] d = new double[width];
        dphi.values(h, d, width);
        double s = 0;
        for (double v : d) {
            s += v * v;
        }
        return sigmaW2 * s / width;
    }

    static double meanSquare(double[] h) {
        double s = 0;
        for (double v : h) {
            s += v * v;
        }
        return s / h.length;
    }

    static double correlation(double[] a, double[] b) {
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            ab += a[i] * b[i];
            aa += a[i] * a[i];
            bb += b[i] * b[i];
        }
        return ab / Math.sqrt(aa * bb);
    }

    private double[] affine(double[][] layer, double[] a, boolean bias) {
        double[] w = layer[0];
        double[] out = new double[width];
        for (int i = 0; i < width; i++) {
            double s = bias ? layer[1][i] : 0;
            int row = i * width;
            for (int j = 0; j < width; j++) {
                s += w[row + j] * a[j];
            }
            out[i] = s;
        }
        return out;
    }
}
