package saturn.engine.layer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import saturn.engine.blas.Gemm;
import saturn.engine.kernel.ActivationKernel;
import saturn.engine.tensor.Ops;
import saturn.engine.tensor.Parameter;
import saturn.engine.tensor.Tensor;

/**
 * A stack of {@code depth} recurrent layers unrolled over {@code steps} time steps, with
 * exact backpropagation through time: PyTorch's {@code nn.RNN}, {@code nn.GRU} and
 * {@code nn.LSTM} with {@code batch_first=True}, a zero initial state, and any activation.
 *
 * <p>Input {@code [batch, steps·in]}: each row is one sequence, step t's {@code in} features
 * at columns {@code [t·in, (t+1)·in)} (a 28 × 28 image read row by row is the image itself).
 * Output: the top layer's last state {@code [batch, hidden]}, or with {@code allSteps} every
 * step's state {@code [batch, steps·hidden]} (for a read-out at every step).
 *
 * <p>Cells, with φ the cell activation (tanh by default) and σ the gate activation (sigmoid):
 * <ul>
 *   <li>RNN: {@code h' = φ(W_ih x + b_ih + W_hh h + b_hh)}</li>
 *   <li>GRU (gates r, z, n): {@code r = σ(W_ir x + b_ir + W_hr h + b_hr)}, z likewise,
 *       {@code n = φ(W_in x + b_in + r ⊙ (W_hn h + b_hn))}, {@code h' = (1 − z) ⊙ n + z ⊙ h}</li>
 *   <li>LSTM (gates i, f, g, o): {@code i, f, o = σ(…)}, {@code g = φ(…)},
 *       {@code c' = f ⊙ c + i ⊙ g}, {@code h' = o ⊙ φ(c')}</li>
 * </ul>
 * Parameters are named and laid out as PyTorch's ({@code weight_ih_l0 [G·hidden, in]},
 * {@code weight_hh_l0 [G·hidden, hidden]}, {@code bias_ih_l0}, {@code bias_hh_l0}, gate
 * blocks in the orders above), so a checkpoint loads into PyTorch with
 * {@code load_state_dict(strict=True)}.
 *
 * <p>How it runs: the layer works time-major ({@code [steps, batch, ·]}). The input part of
 * every step is one product over all steps ({@code [steps·batch, in] × W_ihᵀ}); each step
 * then adds {@code h W_hhᵀ} (one product of {@code [batch, hidden]}) and runs the cell's
 * element-wise work in place. Backward, each step's pre-activation gradient is kept, so the
 * weight gradients are again one product each over all steps, and so is the input gradient.
 * Products go through the model's {@link Gemm}, whose cuts do not depend on the thread count,
 * and every sum is in a fixed order: the same bits on any number of threads.
 */
public final class Recurrent implements Layer {

    /** The cell type; {@code gates} blocks of {@code hidden} rows per weight matrix. */
    public enum Cell {
        RNN(1), GRU(3), LSTM(4);

        private final int gates;

        Cell(int gates) {
            this.gates = gates;
        }

        public int gates() {
            return gates;
        }

        /** The PyTorch module name: {@code RNN}, {@code GRU}, {@code LSTM}. */
        public String module() {
            return name();
        }
    }

    private final Cell cell;
    private final int in, hidden, depth, steps, gh;
    private final boolean allSteps;
    private final ActivationKernel phi;
    private final ActivationKernel gate;
    private final Ops ops;

    private final float[][] wih, whh, bih, bhh, gwih, gwhh, gbih, gbhh;

    private boolean needInputGradient = true;
    private int batch = -1;
    private float[] x0;            // [T, B, in]: the input, time-major
    private float[][] a;           // per layer [T, B, G·H]: pre-activations, then gate values in place (RNN: the states)
    private float[][] d;           // per layer [T, B, G·H]: the derivatives at the pre-activations, then their gradients
    private float[][] hs;          // per layer [T, B, H]: the states (RNN: the same array as a)
    private float[][] c, tc, dtc;  // LSTM, per layer [T, B, H]: cell, φ(cell), φ'(cell)
    private float[][] rh;          // GRU, per layer [T, B, 3H]: W_hh h + b_hh, then its gradient
    private float[] biasSum;       // b_ih + b_hh (RNN, LSTM: one bias in the product)
    private float[] dh, dcell, direct;
    private float[] gradAbove, gradBelow;   // [T, B, H] and [T, B, in]
    private double[][] stepNorms;  // per layer [T]: ‖∂L/∂h_t‖ over the batch
    private Tensor out, dx;

    public Recurrent(Cell cell, int in, int hidden, int depth, int steps, boolean allSteps,
                     ActivationKernel phi, ActivationKernel gate, Ops ops) {
        if (in <= 0 || hidden <= 0 || depth <= 0 || steps <= 0) {
            throw new IllegalArgumentException("sizes must be positive: in " + in + ", hidden " + hidden + ", depth "
                    + depth + ", steps " + steps);
        }
        if ((long) steps * in > Integer.MAX_VALUE - 8 || (long) steps * hidden * cell.gates > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("sequence too long for one array: " + steps + " steps");
        }
        if (!phi.runsRanges() || (cell != Cell.RNN && !gate.runsRanges())) {
            throw new IllegalArgumentException("recurrent cells need activation kernels that run ranges");
        }
        this.cell = cell;
        this.in = in;
        this.hidden = hidden;
        this.depth = depth;
        this.steps = steps;
        this.gh = cell.gates * hidden;
        this.allSteps = allSteps;
        this.phi = phi;
        this.gate = gate;
        this.ops = ops;
        wih = new float[depth][];
        whh = new float[depth][];
        bih = new float[depth][];
        bhh = new float[depth][];
        gwih = new float[depth][];
        gwhh = new float[depth][];
        gbih = new float[depth][];
        gbhh = new float[depth][];
        for (int l = 0; l < depth; l++) {
            int inl = l == 0 ? in : hidden;
            wih[l] = new float[gh * inl];
            whh[l] = new float[gh * hidden];
            bih[l] = new float[gh];
            bhh[l] = new float[gh];
            gwih[l] = new float[gh * inl];
            gwhh[l] = new float[gh * hidden];
            gbih[l] = new float[gh];
            gbhh[l] = new float[gh];
        }
        biasSum = new float[gh];
        stepNorms = new double[depth][steps];
    }

    public Cell cell() {
        return cell;
    }

    public int hidden() {
        return hidden;
    }

    public int depth() {
        return depth;
    }

    public int steps() {
        return steps;
    }

    /** Features a step. */
    public int stepInputSize() {
        return in;
    }

    public boolean allSteps() {
        return allSteps;
    }

    /** Layer {@code l}'s input weights {@code [G·hidden, in_l]}, PyTorch's {@code weight_ih_l{l}}. */
    public float[] inputWeight(int l) {
        return wih[l];
    }

    /** Layer {@code l}'s recurrent weights {@code [G·hidden, hidden]}, PyTorch's {@code weight_hh_l{l}}. */
    public float[] recurrentWeight(int l) {
        return whh[l];
    }

    public float[] inputBias(int l) {
        return bih[l];
    }

    public float[] recurrentBias(int l) {
        return bhh[l];
    }

    public float[] inputWeightGrad(int l) {
        return gwih[l];
    }

    public float[] recurrentWeightGrad(int l) {
        return gwhh[l];
    }

    /** Layer {@code l}'s states of the last forward pass, time-major {@code [steps, batch, hidden]}. */
    public float[] states(int l) {
        return hs[l];
    }

    /**
     * Layer {@code l}'s pre-activation gradients of the last backward pass, time-major
     * {@code [steps, batch, gates·hidden]} (valid after a backward pass, until the next forward).
     */
    public float[] preActivationGradients(int l) {
        return d[l];
    }

    /** Input features of layer {@code l}: {@code in} for the first, {@code hidden} above. */
    public int layerInputSize(int l) {
        return l == 0 ? in : hidden;
    }

    /**
     * {@code ‖∂L/∂h_t‖} (over the whole batch) for every step t of layer {@code l}, from the
     * last backward pass: the gradient reaching each state, through the read-out and through
     * every later step. Their ratio first over last is the vanishing factor over time.
     */
    public double[] gradientNormsOverTime(int l) {
        return stepNorms[l].clone();
    }

    // ---------------------------------------------------------------------------------- forward

    @Override
    public Tensor forward(Tensor x) {
        int b = x.rows();
        if (x.cols() != steps * in) {
            throw new IllegalArgumentException("RNN input has " + x.cols() + " features, expected " + steps + " x " + in);
        }
        allocate(b);
        float[] xd = x.data();
        for (int n = 0; n < b; n++) {   // [B, T·in] -> [T, B, in]
            for (int t = 0; t < steps; t++) System.arraycopy(xd, (n * steps + t) * in, x0, (t * b + n) * in, in);
        }
        float[] input = x0;
        for (int l = 0; l < depth; l++) {
            int inl = layerInputSize(l);
            switch (cell) {
                case RNN -> forwardRnn(l, input, inl);
                case GRU -> forwardGru(l, input, inl);
                case LSTM -> forwardLstm(l, input, inl);
            }
            input = hs[l];
        }
        float[] top = hs[depth - 1];
        float[] o = out.data();
        int bh = b * hidden;
        if (allSteps) {
            for (int t = 0; t < steps; t++) {
                for (int n = 0; n < b; n++) System.arraycopy(top, t * bh + n * hidden, o, (n * steps + t) * hidden, hidden);
            }
        } else {
            System.arraycopy(top, (steps - 1) * bh, o, 0, bh);
        }
        return out;
    }

    /** The input part of every step at once: {@code A = X W_ihᵀ + bias}. */
    private void inputProduct(int l, float[] input, int inl, float[] bias) {
        ops.gemm().sgemmBias(false, true, steps * batch, gh, inl, 1f, input, 0, inl, wih[l], 0, inl, bias, a[l], 0, gh);
    }

    private void forwardRnn(int l, float[] input, int inl) {
        sumBiases(l);
        inputProduct(l, input, inl, biasSum);
        float[] al = a[l], dl = d[l], w = whh[l];
        int bh = batch * hidden;
        Gemm gemm = ops.gemm();
        for (int t = 0; t < steps; t++) {
            int off = t * bh;
            if (t > 0) gemm.sgemm(false, true, batch, hidden, hidden, 1f, al, off - bh, hidden, w, 0, hidden, 1f, al, off, hidden);
            phi.forwardRange(al, al, dl, off, off + bh);
        }
    }

    private void forwardLstm(int l, float[] input, int inl) {
        sumBiases(l);
        inputProduct(l, input, inl, biasSum);
        float[] al = a[l], dl = d[l], w = whh[l], h = hs[l], cl = c[l], tcl = tc[l], dtcl = dtc[l];
        int bh = batch * hidden, H = hidden;
        Gemm gemm = ops.gemm();
        for (int t = 0; t < steps; t++) {
            int off4 = t * batch * gh, offH = t * bh;
            if (t > 0) gemm.sgemm(false, true, batch, gh, H, 1f, h, offH - bh, H, w, 0, H, 1f, al, off4, gh);
            for (int n = 0; n < batch; n++) {
                int r = off4 + n * gh;
                gate.forwardRange(al, al, dl, r, r + 2 * H);
                phi.forwardRange(al, al, dl, r + 2 * H, r + 3 * H);
                gate.forwardRange(al, al, dl, r + 3 * H, r + gh);
                int k = offH + n * H;
                if (t > 0) {
                    for (int j = 0; j < H; j++) cl[k + j] = al[r + H + j] * cl[k - bh + j] + al[r + j] * al[r + 2 * H + j];
                } else {
                    for (int j = 0; j < H; j++) cl[k + j] = al[r + j] * al[r + 2 * H + j];
                }
            }
            phi.forwardRange(cl, tcl, dtcl, offH, offH + bh);
            for (int n = 0; n < batch; n++) {
                int r = off4 + n * gh + 3 * H, k = offH + n * H;
                for (int j = 0; j < H; j++) h[k + j] = al[r + j] * tcl[k + j];
            }
        }
    }

    private void forwardGru(int l, float[] input, int inl) {
        inputProduct(l, input, inl, bih[l]);
        float[] al = a[l], dl = d[l], w = whh[l], h = hs[l], rl = rh[l], bias = bhh[l];
        int bh = batch * hidden, H = hidden;
        Gemm gemm = ops.gemm();
        for (int t = 0; t < steps; t++) {
            int off3 = t * batch * gh, offH = t * bh;
            if (t > 0) gemm.sgemmBias(false, true, batch, gh, H, 1f, h, offH - bh, H, w, 0, H, bias, rl, off3, gh);
            else Gemm.fillRows(bias, 0, gh, rl, off3, gh, 0, batch);
            for (int n = 0; n < batch; n++) {
                int r = off3 + n * gh;
                for (int j = 0; j < 2 * H; j++) al[r + j] += rl[r + j];
                gate.forwardRange(al, al, dl, r, r + 2 * H);
                for (int j = 0; j < H; j++) al[r + 2 * H + j] += al[r + j] * rl[r + 2 * H + j];
                phi.forwardRange(al, al, dl, r + 2 * H, r + gh);
                int k = offH + n * H;
                for (int j = 0; j < H; j++) {
                    float z = al[r + H + j];
                    float prev = t > 0 ? h[k - bh + j] : 0f;
                    h[k + j] = (1f - z) * al[r + 2 * H + j] + z * prev;
                }
            }
        }
    }

    private void sumBiases(int l) {
        for (int j = 0; j < gh; j++) biasSum[j] = bih[l][j] + bhh[l][j];
    }

    // --------------------------------------------------------------------------------- backward

    @Override
    public Tensor backward(Tensor dy) {
        int b = dy.rows();
        if (b != batch) throw new IllegalStateException("backward batch " + b + " differs from forward batch " + batch);
        int bh = b * hidden;
        float[] g = gradAbove;
        if (needInputGradient && dx == null) {
            gradBelow = new float[steps * b * in];
            dx = new Tensor(new float[steps * b * in], b, steps * in);
        }
        float[] dyd = dy.data();
        if (allSteps) {
            for (int t = 0; t < steps; t++) {
                for (int n = 0; n < b; n++) System.arraycopy(dyd, (n * steps + t) * hidden, g, t * bh + n * hidden, hidden);
            }
        } else {
            Arrays.fill(g, 0, (steps - 1) * bh, 0f);
            System.arraycopy(dyd, 0, g, (steps - 1) * bh, bh);
        }
        for (int l = depth - 1; l >= 0; l--) {
            switch (cell) {
                case RNN -> backwardRnn(l, g);
                case GRU -> backwardGru(l, g);
                case LSTM -> backwardLstm(l, g);
            }
            float[] input = l == 0 ? x0 : hs[l - 1];
            int inl = layerInputSize(l);
            float[] dA = d[l];
            float[] dR = cell == Cell.GRU ? rh[l] : d[l];
            int rows = steps * b;
            Gemm gemm = ops.gemm();
            // the weight gradients, each one product over every step; h_{-1} = 0 adds nothing to dW_hh
            gemm.sgemm(true, false, gh, inl, rows, 1f, dA, 0, gh, input, 0, inl, 0f, gwih[l], 0, inl);
            if (steps > 1) {
                gemm.sgemm(true, false, gh, hidden, (steps - 1) * b, 1f, dR, b * gh, gh, hs[l], 0, hidden, 0f, gwhh[l], 0, hidden);
            } else {
                Arrays.fill(gwhh[l], 0f);
            }
            ops.kernels().columnSums(dA, rows, gh, gbih[l]);
            if (cell == Cell.GRU) ops.kernels().columnSums(dR, rows, gh, gbhh[l]);
            else System.arraycopy(gbih[l], 0, gbhh[l], 0, gh);
            // the input gradient: for a layer above the first, it is the gradient of the states of the layer
            // below and replaces g, which this layer no longer needs
            if (l > 0) gemm.sgemm(false, false, rows, inl, gh, 1f, dA, 0, gh, wih[l], 0, inl, 0f, g, 0, inl);
            else if (needInputGradient) gemm.sgemm(false, false, rows, inl, gh, 1f, dA, 0, gh, wih[l], 0, inl, 0f, gradBelow, 0, inl);
        }
        if (!needInputGradient) return null;
        float[] dxd = dx.data();
        for (int n = 0; n < b; n++) {   // [T, B, in] -> [B, T·in]
            for (int t = 0; t < steps; t++) System.arraycopy(gradBelow, (t * b + n) * in, dxd, (n * steps + t) * in, in);
        }
        return dx;
    }

    /**
     * {@code v}, or 0 when it is subnormal. A gradient that vanishes over time passes through
     * subnormal floats on its way to 0, and arithmetic on them is tens of times slower on x86
     * (in the products too): the backward pass flushes them, as the engine's activation kernels do.
     */
    private static float flush(float v) {
        return Math.abs(v) < Float.MIN_NORMAL ? 0f : v;
    }

    /** Adds the gradient from above for step t to the carried one and records its norm. */
    private void arrive(int l, int t, float[] g) {
        int bh = batch * hidden, off = t * bh;
        for (int k = 0; k < bh; k++) dh[k] = flush(dh[k] + g[off + k]);
        stepNorms[l][t] = Math.sqrt(ops.kernels().sumSquares(dh, 0, bh));
    }

    private void backwardRnn(int l, float[] g) {
        float[] dl = d[l], w = whh[l];
        int bh = batch * hidden;
        Arrays.fill(dh, 0, bh, 0f);
        for (int t = steps - 1; t >= 0; t--) {
            arrive(l, t, g);
            int off = t * bh;
            for (int k = 0; k < bh; k++) dl[off + k] = flush(dl[off + k] * dh[k]);
            if (t > 0) ops.gemm().sgemm(false, false, batch, hidden, hidden, 1f, dl, off, hidden, w, 0, hidden, 0f, dh, 0, hidden);
        }
    }

    private void backwardLstm(int l, float[] g) {
        float[] al = a[l], dl = d[l], w = whh[l], cl = c[l], tcl = tc[l], dtcl = dtc[l];
        int bh = batch * hidden, H = hidden;
        Arrays.fill(dh, 0, bh, 0f);
        Arrays.fill(dcell, 0, bh, 0f);
        for (int t = steps - 1; t >= 0; t--) {
            arrive(l, t, g);
            int off4 = t * batch * gh, offH = t * bh;
            for (int n = 0; n < batch; n++) {
                int r = off4 + n * gh, k0 = offH + n * H, m0 = n * H;
                for (int j = 0; j < H; j++) {
                    int k = k0 + j, m = m0 + j;
                    float o = al[r + 3 * H + j];
                    float dhv = dh[m];
                    float dc = dcell[m] + dhv * o * dtcl[k];
                    float prev = t > 0 ? cl[k - bh] : 0f;
                    float i = al[r + j], f = al[r + H + j], gv = al[r + 2 * H + j];
                    dl[r + j] = flush(dl[r + j] * (dc * gv));
                    dl[r + H + j] = flush(dl[r + H + j] * (dc * prev));
                    dl[r + 2 * H + j] = flush(dl[r + 2 * H + j] * (dc * i));
                    dl[r + 3 * H + j] = flush(dl[r + 3 * H + j] * (dhv * tcl[k]));
                    dcell[m] = flush(dc * f);
                }
            }
            if (t > 0) ops.gemm().sgemm(false, false, batch, H, gh, 1f, dl, off4, gh, w, 0, H, 0f, dh, 0, H);
        }
    }

    private void backwardGru(int l, float[] g) {
        float[] al = a[l], dl = d[l], w = whh[l], h = hs[l], rl = rh[l];
        int bh = batch * hidden, H = hidden;
        Arrays.fill(dh, 0, bh, 0f);
        for (int t = steps - 1; t >= 0; t--) {
            arrive(l, t, g);
            int off3 = t * batch * gh, offH = t * bh;
            for (int n = 0; n < batch; n++) {
                int r = off3 + n * gh, k0 = offH + n * H, m0 = n * H;
                for (int j = 0; j < H; j++) {
                    int m = m0 + j;
                    float rr = al[r + j], z = al[r + H + j], nv = al[r + 2 * H + j];
                    float prev = t > 0 ? h[k0 - bh + j] : 0f;
                    float dhv = dh[m];
                    float dpn = dhv * (1f - z) * dl[r + 2 * H + j];
                    float dpr = dpn * rl[r + 2 * H + j] * dl[r + j];
                    float dpz = dhv * (prev - nv) * dl[r + H + j];
                    dpr = flush(dpr);
                    dpz = flush(dpz);
                    dpn = flush(dpn);
                    dl[r + j] = dpr;
                    dl[r + H + j] = dpz;
                    dl[r + 2 * H + j] = dpn;
                    rl[r + j] = dpr;
                    rl[r + H + j] = dpz;
                    rl[r + 2 * H + j] = flush(dpn * rr);
                    direct[m] = flush(dhv * z);
                }
            }
            if (t > 0) {
                System.arraycopy(direct, 0, dh, 0, bh);
                ops.gemm().sgemm(false, false, batch, H, gh, 1f, rl, off3, gh, w, 0, H, 1f, dh, 0, H);
            }
        }
    }

    // ------------------------------------------------------------------------------- buffers

    private void allocate(int b) {
        if (b == batch) return;
        if ((long) steps * b * Math.max(gh, in) > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a batch of " + b + " sequences of " + steps + " steps does not fit one array; "
                    + "choose a smaller batch");
        }
        batch = b;
        int rows = steps * b;
        x0 = new float[rows * in];
        a = new float[depth][];
        d = new float[depth][];
        hs = new float[depth][];
        if (cell == Cell.LSTM) {
            c = new float[depth][];
            tc = new float[depth][];
            dtc = new float[depth][];
        }
        if (cell == Cell.GRU) rh = new float[depth][];
        for (int l = 0; l < depth; l++) {
            a[l] = new float[rows * gh];
            d[l] = new float[rows * gh];
            hs[l] = cell == Cell.RNN ? a[l] : new float[rows * hidden];
            if (cell == Cell.LSTM) {
                c[l] = new float[rows * hidden];
                tc[l] = new float[rows * hidden];
                dtc[l] = new float[rows * hidden];
            }
            if (cell == Cell.GRU) rh[l] = new float[rows * gh];
        }
        dh = new float[b * hidden];
        dcell = cell == Cell.LSTM ? new float[b * hidden] : null;
        direct = cell == Cell.GRU ? new float[b * hidden] : null;
        gradAbove = new float[rows * hidden];
        gradBelow = null;
        dx = null;
        out = new Tensor(new float[allSteps ? rows * hidden : b * hidden], b, allSteps ? steps * hidden : hidden);
    }

    /** Bytes of the buffers a batch of {@code b} sequences needs (for a check before allocating). */
    public long bytesForBatch(int b) {
        long rows = (long) steps * b;
        long perLayer = 2 * rows * gh + (cell == Cell.RNN ? 0 : rows * hidden)
                + (cell == Cell.LSTM ? 3 * rows * hidden : 0) + (cell == Cell.GRU ? rows * gh : 0);
        return 4 * (rows * in * 2 + depth * perLayer + rows * hidden * (allSteps ? 2 : 1));
    }

    @Override
    public void needInputGradient(boolean need) {
        needInputGradient = need;
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> list = new ArrayList<>(4 * depth);
        for (int l = 0; l < depth; l++) {
            list.add(Parameter.trainable("weight_ih_l" + l, wih[l], gwih[l], gh, layerInputSize(l)));
            list.add(Parameter.trainable("weight_hh_l" + l, whh[l], gwhh[l], gh, hidden));
            list.add(Parameter.trainable("bias_ih_l" + l, bih[l], gbih[l], gh));
            list.add(Parameter.trainable("bias_hh_l" + l, bhh[l], gbhh[l], gh));
        }
        return list;
    }

    @Override
    public int inputSize() {
        return steps * in;
    }

    @Override
    public int outputSize() {
        return allSteps ? steps * hidden : hidden;
    }

    /** The formula of the cell activation φ. */
    public String activationFormula() {
        return phi.formula();
    }

    /** The formula of the gate activation σ. */
    public String gateFormula() {
        return gate.formula();
    }

    @Override
    public String kind() {
        return cell.module();
    }
}
