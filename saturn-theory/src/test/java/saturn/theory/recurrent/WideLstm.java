package saturn.theory.recurrent;

import java.util.SplittableRandom;
import saturn.theory.Activation;

/**
 * A seeded wide LSTM cell (PyTorch's equations) with tied weights, in plain double loops,
 * run from h_0 = c_0 = 0 on Gaussian inputs; then exact backpropagation through time of a
 * random gradient placed on the last (c, h).
 */
final class WideLstm {

    /**
     * Per step t: {@code qHidden[t]}, {@code qCell[t]} the mean squares of h_t and c_t;
     * {@code logGain[t]} = ln of {@code (‖δc_{t−1}‖² + ‖δh_{t−1}‖²)/(‖δc_t‖² + ‖δh_t‖²)}.
     */
    record Run(double[] qHidden, double[] qCell, double[] logGain) {
    }

    private final Activation gate;
    private final Activation dgate;
    private final Activation cell;
    private final Activation dcell;
    private final int width;
    private final int inputSize;
    private final WideCell.Block[] blocks;
    private final SplittableRandom random;
    private final LstmInit init;
    private final long seed;
    boolean untied;

    WideLstm(Activation gate, Activation cell, LstmInit init, int width, int inputSize, long seed) {
        this.gate = gate;
        this.dgate = gate.derivative();
        this.cell = cell;
        this.dcell = cell.derivative();
        this.width = width;
        this.inputSize = inputSize;
        this.random = new SplittableRandom(seed);
        this.init = init;
        this.seed = seed;
        GateInit[] g = {init.input(), init.forget(), init.cell(), init.output()};
        this.blocks = new WideCell.Block[4];
        for (int k = 0; k < 4; k++) {
            blocks[k] = WideCell.Block.draw(g[k], width, inputSize, random);
        }
    }

    private WideCell.Block block(int t, int k) {
        if (!untied) {
            return blocks[k];
        }
        GateInit[] g = {init.input(), init.forget(), init.cell(), init.output()};
        return WideCell.Block.draw(g[k], width, inputSize, new SplittableRandom(seed * 100_003 + t * 4L + k));
    }

    Run run(double inputVariance, int steps) {
        double[] h = new double[width];
        double[] c = new double[width];
        double[][][] u = new double[steps][][];
        double[][] cells = new double[steps + 1][];
        cells[0] = c;
        double[] qHidden = new double[steps];
        double[] qCell = new double[steps];
        for (int t = 0; t < steps; t++) {
            double[] x = WideCell.gaussian(inputSize, 0, Math.sqrt(inputVariance), random);
            double[][] pre = new double[4][];
            for (int k = 0; k < 4; k++) {
                pre[k] = block(t, k).preactivation(h, x);
            }
            u[t] = pre;
            double[] i = WideCell.apply(gate, pre[0]);
            double[] f = WideCell.apply(gate, pre[1]);
            double[] g = WideCell.apply(cell, pre[2]);
            double[] o = WideCell.apply(gate, pre[3]);
            double[] next = new double[width];
            for (int j = 0; j < width; j++) {
                next[j] = f[j] * c[j] + i[j] * g[j];
            }
            double[] out = WideCell.apply(cell, next);
            double[] hn = new double[width];
            for (int j = 0; j < width; j++) {
                hn[j] = o[j] * out[j];
            }
            c = next;
            h = hn;
            cells[t + 1] = c;
            qHidden[t] = WideCell.meanSquare(h);
            qCell[t] = WideCell.meanSquare(c);
        }
        double[] dh = WideCell.gaussian(width, 0, 1, random);
        double[] dc = WideCell.gaussian(width, 0, 1, random);
        double[] logGain = new double[steps];
        for (int t = steps - 1; t >= 1; t--) {
            double[][] pre = u[t];
            double[] i = WideCell.apply(gate, pre[0]);
            double[] f = WideCell.apply(gate, pre[1]);
            double[] g = WideCell.apply(cell, pre[2]);
            double[] o = WideCell.apply(gate, pre[3]);
            double[] di = WideCell.apply(dgate, pre[0]);
            double[] df = WideCell.apply(dgate, pre[1]);
            double[] dg = WideCell.apply(dcell, pre[2]);
            double[] dout = WideCell.apply(dcell, cells[t + 1]);
            double[] out = WideCell.apply(cell, cells[t + 1]);
            double[] prev = cells[t];
            double[][] du = new double[4][width];
            double[] dcPrev = new double[width];
            for (int j = 0; j < width; j++) {
                double total = dc[j] + dh[j] * o[j] * dout[j];
                du[0][j] = total * g[j] * di[j];
                du[1][j] = total * prev[j] * df[j];
                du[2][j] = total * i[j] * dg[j];
                du[3][j] = dh[j] * out[j] * dgate.value(pre[3][j]);
                dcPrev[j] = total * f[j];
            }
            double[] dhPrev = new double[width];
            for (int k = 0; k < 4; k++) {
                block(t, k).addTransposeTimes(du[k], dhPrev);
            }
            double before = WideCell.meanSquare(dc) + WideCell.meanSquare(dh);
            double after = WideCell.meanSquare(dcPrev) + WideCell.meanSquare(dhPrev);
            logGain[t] = Math.log(after / before);
            dc = dcPrev;
            dh = dhPrev;
        }
        return new Run(qHidden, qCell, logGain);
    }
}
