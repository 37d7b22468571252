package saturn.theory.recurrent;

import java.util.SplittableRandom;
import saturn.theory.Activation;

/**
 * A seeded wide GRU cell (PyTorch's equations, b_hn = 0) with tied weights, in plain double
 * loops, run from h_0 = 0 on Gaussian inputs; then exact backpropagation through time of a
 * random gradient placed on the last state.
 */
final class WideGru {

    /** Per step t: {@code qHidden[t]} the mean square of h_t; {@code logGain[t]} = ln(‖δ_{t−1}‖²/‖δ_t‖²). */
    record Run(double[] qHidden, double[] logGain) {
    }

    private final Activation gate;
    private final Activation dgate;
    private final Activation cell;
    private final Activation dcell;
    private final int width;
    private final int inputSize;
    private final WideCell.Block[] blocks;
    private final GateInit[] inits;
    private final long seed;
    private final SplittableRandom random;
    boolean untied;

    WideGru(Activation gate, Activation cell, GruInit init, int width, int inputSize, long seed) {
        this.gate = gate;
        this.dgate = gate.derivative();
        this.cell = cell;
        this.dcell = cell.derivative();
        this.width = width;
        this.inputSize = inputSize;
        this.random = new SplittableRandom(seed);
        this.seed = seed;
        this.inits = new GateInit[] {init.reset(), init.update(), init.candidate()};
        this.blocks = new WideCell.Block[3];
        for (int k = 0; k < 3; k++) {
            blocks[k] = WideCell.Block.draw(inits[k], width, inputSize, random);
        }
    }

    /** Block k (r, z, n) at step t: the same at every step unless {@code untied}. */
    private WideCell.Block block(int t, int k) {
        return untied ? WideCell.Block.draw(inits[k], width, inputSize, new SplittableRandom(seed * 100_003 + t * 3L + k))
                : blocks[k];
    }

    Run run(double inputVariance, int steps) {
        double[][] states = new double[steps + 1][];
        states[0] = new double[width];
        double[][] ur = new double[steps][];
        double[][] uz = new double[steps][];
        double[][] s = new double[steps][];
        double[][] a = new double[steps][];
        double[] qHidden = new double[steps];
        double[] zeros = new double[width];
        for (int t = 0; t < steps; t++) {
            double[] h = states[t];
            double[] x = WideCell.gaussian(inputSize, 0, Math.sqrt(inputVariance), random);
            WideCell.Block candidate = block(t, 2);
            ur[t] = block(t, 0).preactivation(h, x);
            uz[t] = block(t, 1).preactivation(h, x);
            s[t] = candidate.recurrent(h);
            double[] outside = candidate.preactivation(zeros, x);
            double[] r = WideCell.apply(gate, ur[t]);
            double[] z = WideCell.apply(gate, uz[t]);
            a[t] = new double[width];
            for (int j = 0; j < width; j++) {
                a[t][j] = outside[j] + r[j] * s[t][j];
            }
            double[] n = WideCell.apply(cell, a[t]);
            double[] next = new double[width];
            for (int j = 0; j < width; j++) {
                next[j] = (1 - z[j]) * n[j] + z[j] * h[j];
            }
            states[t + 1] = next;
            qHidden[t] = WideCell.meanSquare(next);
        }
        double[] delta = WideCell.gaussian(width, 0, 1, random);
        double[] logGain = new double[steps];
        for (int t = steps - 1; t >= 1; t--) {
            double[] h = states[t];
            double[] r = WideCell.apply(gate, ur[t]);
            double[] z = WideCell.apply(gate, uz[t]);
            double[] dr = WideCell.apply(dgate, ur[t]);
            double[] dz = WideCell.apply(dgate, uz[t]);
            double[] n = WideCell.apply(cell, a[t]);
            double[] dn = WideCell.apply(dcell, a[t]);
            double[] duz = new double[width];
            double[] dur = new double[width];
            double[] dsn = new double[width];
            double[] back = new double[width];
            for (int j = 0; j < width; j++) {
                duz[j] = delta[j] * (h[j] - n[j]) * dz[j];
                double da = delta[j] * (1 - z[j]) * dn[j];
                dur[j] = da * s[t][j] * dr[j];
                dsn[j] = da * r[j];
                back[j] = delta[j] * z[j];
            }
            block(t, 1).addTransposeTimes(duz, back);
            block(t, 0).addTransposeTimes(dur, back);
            block(t, 2).addTransposeTimes(dsn, back);
            logGain[t] = Math.log(WideCell.meanSquare(back) / WideCell.meanSquare(delta));
            delta = back;
        }
        return new Run(qHidden, logGain);
    }
}
