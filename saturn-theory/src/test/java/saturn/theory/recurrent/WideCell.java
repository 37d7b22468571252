package saturn.theory.recurrent;

import java.util.SplittableRandom;

/**
 * The shared parts of the seeded wide gated cells ({@link WideLstm}, {@link WideGru}): one
 * block's tied weights drawn from a {@link GateInit}, its pre-activation, and Wᵀ products.
 */
final class WideCell {

    /** One block: recurrent weights [H×H] row-major, input weights [H×d], bias [H]. */
    record Block(double[] w, double[] u, double[] b, int width, int inputSize) {

        static Block draw(GateInit g, int width, int inputSize, SplittableRandom random) {
            return new Block(gaussian(width * width, 0, Math.sqrt(g.recurrentVariance() / width), random),
                    gaussian(width * inputSize, 0, Math.sqrt(g.inputWeightVariance() / inputSize), random),
                    gaussian(width, g.biasMean(), Math.sqrt(g.biasVariance()), random), width, inputSize);
        }

        /** {@code W h + U x + b}. */
        double[] preactivation(double[] h, double[] x) {
            double[] a = recurrent(h);
            for (int i = 0; i < width; i++) {
                double s = b[i];
                int row = i * inputSize;
                for (int j = 0; j < inputSize; j++) {
                    s += u[row + j] * x[j];
                }
                a[i] += s;
            }
            return a;
        }

        /** {@code W h}. */
        double[] recurrent(double[] h) {
            double[] a = new double[width];
            for (int i = 0; i < width; i++) {
                double s = 0;
                int row = i * width;
                for (int j = 0; j < width; j++) {
                    s += w[row + j] * h[j];
                }
                a[i] = s;
            }
            return a;
        }

        /** {@code out += Wᵀ v}. */
        void addTransposeTimes(double[] v, double[] out) {
            for (int i = 0; i < width; i++) {
                double vi = v[i];
                int row = i * width;
                for (int j = 0; j < width; j++) {
                    out[j] += w[row + j] * vi;
                }
            }
        }
    }

    private WideCell() {
    }

    static double[] gaussian(int n, double mean, double std, SplittableRandom random) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = mean + std * random.nextGaussian();
        }
        return v;
    }

    static double meanSquare(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return s / v.length;
    }

    static double[] apply(saturn.theory.Activation f, double[] x) {
        double[] out = new double[x.length];
        f.values(x, out, x.length);
        return out;
    }
}
