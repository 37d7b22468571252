package saturn.engine.init;

import java.util.random.RandomGenerator;

/**
 * Haar-distributed orthogonal weights (Saxe et al. 2014; Mezzadri 2007): the Q of the QR
 * decomposition of a Gaussian matrix, with the sign fix that makes {@code diag(R) > 0}
 * (without it Q is not Haar). Modified Gram–Schmidt in double yields exactly that Q, since
 * its R has a positive diagonal by construction; its loss of orthogonality, about
 * {@code ε κ(A)} ≈ 1e-12 for a Gaussian matrix of a thousand columns, is far below float
 * rounding.
 *
 * <p>A dense weight {@code [out, in]} gets orthonormal columns when {@code out ≥ in} and
 * orthonormal rows otherwise, scaled by {@code gain · max(√(out/in), 1)}: then every output
 * unit's variance is {@code gain² ‖x‖²/in}, the same as {@code N(0, gain²/fan_in)}.
 */
final class Orthogonal implements Initializer {

    private final double gain;

    Orthogonal(double gain) {
        if (!(gain >= 0) || Double.isInfinite(gain)) throw new IllegalArgumentException("gain must be >= 0: " + gain);
        this.gain = gain;
    }

    @Override
    public void fill(float[] w, int fanIn, int fanOut, RandomGenerator rng) {
        if (w.length != fanIn * fanOut) {
            throw new IllegalArgumentException("weight of " + w.length + " values is not " + fanOut + " x " + fanIn);
        }
        int n = Math.max(fanIn, fanOut);
        int k = Math.min(fanIn, fanOut);
        double[][] q = orthonormalColumns(n, k, rng);
        double scale = gain * Math.max(Math.sqrt((double) fanOut / fanIn), 1.0);
        for (int o = 0; o < fanOut; o++) {
            for (int i = 0; i < fanIn; i++) {
                // out >= in: W = Q (column i of W is q[i]); out < in: W = Qᵀ (row o of W is q[o])
                double v = fanOut >= fanIn ? q[i][o] : q[o][i];
                w[o * fanIn + i] = (float) (scale * v);
            }
        }
    }

    /** k orthonormal columns of length n (k ≤ n), the Q of a Gaussian n×k matrix with diag(R) > 0. */
    static double[][] orthonormalColumns(int n, int k, RandomGenerator rng) {
        double[][] col = new double[k][n];
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < n; i++) col[j][i] = rng.nextGaussian();
        }
        for (int j = 0; j < k; j++) {
            double[] a = col[j];
            for (int p = 0; p < j; p++) {
                double[] e = col[p];
                double r = dot(e, a);
                for (int i = 0; i < n; i++) a[i] -= r * e[i];
            }
            double norm = Math.sqrt(dot(a, a));
            if (!(norm > 0)) throw new ArithmeticException("rank-deficient Gaussian draw");
            for (int i = 0; i < n; i++) a[i] /= norm;
        }
        return col;
    }

    private static double dot(double[] x, double[] y) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < x.length; i += 4) {
            s0 += x[i] * y[i];
            s1 += x[i + 1] * y[i + 1];
            s2 += x[i + 2] * y[i + 2];
            s3 += x[i + 3] * y[i + 3];
        }
        for (; i < x.length; i++) s0 += x[i] * y[i];
        return (s0 + s1) + (s2 + s3);
    }
}
