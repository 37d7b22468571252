package saturn.theory.recurrent;

import java.util.SplittableRandom;
import saturn.theory.Activation;

/**
 * A seeded wide Elman recurrence {@code h_t = φ(W h_{t−1} + U x_t + b)} with one W, U, b for
 * every step (tied, as trained networks have them), in plain double loops: the reference the
 * recurrent mean field is held against. Two trajectories share the weights and start from
 * h_0 = 0; their inputs are Gaussian with second moment q_x per coordinate and correlation ρ.
 */
final class WideElman {

    /** Per-step measurements of one run. */
    record Run(double[] q, double[] c, double[] logGain) {

        /** Mean of {@code v[from..to)}. */
        static double mean(double[] v, int from, int to) {
            double s = 0;
            for (int t = from; t < to; t++) {
                s += v[t];
            }
            return s / (to - from);
        }
    }

    private final Activation phi;
    private final Activation dphi;
    private final int width;
    private final int inputSize;
    private final double[] w;
    private final double[] u;
    private final double[] b;
    private final SplittableRandom random;

    WideElman(Activation phi, int width, int inputSize, double sigmaW2, double sigmaU2, double sigmaB2, long seed) {
        this.phi = phi;
        this.dphi = phi.derivative();
        this.width = width;
        this.inputSize = inputSize;
        this.random = new SplittableRandom(seed);
        this.w = gaussian(width * width, Math.sqrt(sigmaW2 / width));
        this.u = gaussian(width * inputSize, Math.sqrt(sigmaU2 / inputSize));
        this.b = gaussian(width, Math.sqrt(sigmaB2));
    }

    private double[] gaussian(int n, double std) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = std * random.nextGaussian();
        }
        return v;
    }

    /**
     * {@code steps} steps of two trajectories. {@code q[t]}: mean square of trajectory 1's
     * pre-activation a_t; {@code c[t]}: correlation of the two trajectories' a_t;
     * {@code logGain[t]}: {@code ln(‖δ_{t−1}‖²/‖δ_t‖²)} for a random gradient δ at the last
     * state propagated back through trajectory 1, {@code δ_{t−1} = Wᵀ(φ'(a_t) ⊙ δ_t)}.
     */
    Run run(double inputVariance, double rho, int steps) {
        return run(inputVariance, rho, steps, 0);
    }

    /** As {@link #run(double, double, int)}, both states starting at {@code φ(√q0 z)} for one Gaussian z. */
    Run run(double inputVariance, double rho, int steps, double q0) {
        double[] h1 = gaussian(width, Math.sqrt(q0));
        phi.values(h1, h1, width);
        double[] h2 = h1.clone();
        double[][] pre = new double[steps][];
        double[] q = new double[steps];
        double[] c = new double[steps];
        double sx = Math.sqrt(inputVariance);
        double rest = Math.sqrt(1 - rho * rho);
        for (int t = 0; t < steps; t++) {
            double[] x1 = new double[inputSize];
            double[] x2 = new double[inputSize];
            for (int j = 0; j < inputSize; j++) {
                double shared = random.nextGaussian();
                x1[j] = sx * shared;
                x2[j] = sx * (rho * shared + rest * random.nextGaussian());
            }
            double[] a1 = preactivation(h1, x1);
            double[] a2 = preactivation(h2, x2);
            pre[t] = a1;
            q[t] = dot(a1, a1) / width;
            c[t] = dot(a1, a2) / Math.sqrt(dot(a1, a1) * dot(a2, a2));
            phi.values(a1, h1, width);
            phi.values(a2, h2, width);
        }
        double[] delta = gaussian(width, 1);
        double[] logGain = new double[steps];
        double[] d = new double[width];
        for (int t = steps - 1; t >= 1; t--) {
            dphi.values(pre[t], d, width);
            for (int i = 0; i < width; i++) {
                d[i] *= delta[i];
            }
            double[] back = transposeTimes(d);
            logGain[t] = Math.log(dot(back, back) / dot(delta, delta));
            delta = back;
        }
        return new Run(q, c, logGain);
    }

    private double[] preactivation(double[] h, double[] x) {
        double[] a = new double[width];
        for (int i = 0; i < width; i++) {
            double s = b[i];
            int row = i * width;
            for (int j = 0; j < width; j++) {
                s += w[row + j] * h[j];
            }
            int urow = i * inputSize;
            for (int j = 0; j < inputSize; j++) {
                s += u[urow + j] * x[j];
            }
            a[i] = s;
        }
        return a;
    }

    /** {@code Wᵀ v}. */
    private double[] transposeTimes(double[] v) {
        double[] out = new double[width];
        for (int i = 0; i < width; i++) {
            double vi = v[i];
            int row = i * width;
            for (int j = 0; j < width; j++) {
                out[j] += w[row + j] * vi;
            }
        }
        return out;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
