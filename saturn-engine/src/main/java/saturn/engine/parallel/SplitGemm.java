package saturn.engine.parallel;

import saturn.engine.blas.Gemm;
import saturn.engine.blas.OpenBlasGemm;
import saturn.engine.kernel.Kernels;

/**
 * A GEMM on two cores by splitting C in two (by rows, or by columns when it has few rows;
 * products with a layer's weights by the weight rows, see {@link #sgemm(Weights, boolean,
 * boolean, int, int, int, float, float[], int, int, float[], int, int, float, float[], int, int)}),
 * each half a single-threaded call of {@code inner} — one on the caller, one on the
 * {@link Cores#helper()} — when the engine runs on two cores; small products, and every
 * product on one core, run whole on the caller. The same products as {@code inner}'s (each
 * element of C is the same dot product), so equal to it bit for bit when {@code inner}'s
 * kernels do not depend on the extents (tested against the reference to rounding).
 */
public final class SplitGemm implements Gemm {

    /** Below this many flops a product runs whole on the caller. */
    static final double MIN_FLOPS = 2e5;

    private final OpenBlasGemm inner;
    private final Half half = new Half();
    /** The helper half's operand segments (only the helper thread uses it). */
    private final SegmentCache segments = new SegmentCache();

    /** Elementwise kernels for adding the helper's partial product of an inner split. */
    private final Kernels kernels;

    public SplitGemm(OpenBlasGemm inner, Kernels kernels) {
        this.inner = inner;
        this.kernels = kernels;
    }

    /** How a product is split: rows or columns of C, its inner dimension, or the sum of a K split. */
    private static final int ROWS = 0, COLUMNS = 1, INNER = 2, REDUCE = 3, DENSE_BACKWARD = 4;

    private final class Half implements TwoWay.Task {
        boolean transA, transB;
        int mode, m, n, k, split;
        float alpha, beta;
        float[] a, b, c;
        /** Added to every row of C (a fill of the half's block before a beta = 1 product), or null. */
        float[] bias;
        int aOffset, lda, bOffset, ldb, cOffset, ldc;
        /** The helper's partial product of an inner split (m x n, dense), grown as needed. */
        float[] partial = new float[0];
        /** Run by each core on its band of C's rows after its product (ROWS, REDUCE), or null. */
        Gemm.Epilogue after;
        /** A dense layer's backward pass: its weights, their gradient and the input gradient (either may be null). */
        float[] w, dw, dx;
        /** Run by each core on its weight rows after its products (DENSE_BACKWARD), or null. */
        Gemm.Epilogue afterWeights;

        @Override
        public void part(int h) {
            switch (mode) {
                case ROWS -> {
                    int r0 = h == 0 ? 0 : split, rows = h == 0 ? split : m - split;
                    int aOff = aOffset + (transA ? r0 : r0 * lda);
                    int cOff = cOffset + r0 * ldc;
                    if (bias != null) Gemm.fillRows(bias, 0, n, c, cOffset, ldc, r0, r0 + rows);
                    if (h == 0) inner.sgemm(transA, transB, rows, n, k, alpha, a, aOff, lda, b, bOffset, ldb, beta, c, cOff, ldc);
                    else inner.sgemm(transA, transB, rows, n, k, alpha, a, aOff, segments.at(a, aOff), lda, b, bOffset,
                            segments.at(b, bOffset), ldb, beta, c, cOff, segments.at(c, cOff), ldc);
                    if (after != null) after.rows(r0, r0 + rows);
                }
                case COLUMNS -> {
                    int c0 = h == 0 ? 0 : split, cols = h == 0 ? split : n - split;
                    int bOff = bOffset + (transB ? c0 * ldb : c0);
                    int cOff = cOffset + c0;
                    if (bias != null) Gemm.fillRows(bias, c0, cols, c, cOffset, ldc, 0, m);
                    if (h == 0) inner.sgemm(transA, transB, m, cols, k, alpha, a, aOffset, lda, b, bOff, ldb, beta, c, cOff, ldc);
                    else inner.sgemm(transA, transB, m, cols, k, alpha, a, aOffset, segments.at(a, aOffset), lda, b, bOff,
                            segments.at(b, bOff), ldb, beta, c, cOff, segments.at(c, cOff), ldc);
                }
                case INNER -> {
                    // C = beta C + op(A)[:, 0:split] op(B)[0:split, :] here; the rest into the partial there
                    if (h == 0) {
                        inner.sgemm(transA, transB, m, n, split, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
                    } else {
                        int aOff = aOffset + (transA ? split * lda : split);
                        int bOff = bOffset + (transB ? split : split * ldb);
                        inner.sgemm(transA, transB, m, n, k - split, alpha, a, aOff, segments.at(a, aOff), lda, b, bOff,
                                segments.at(b, bOff), ldb, 0f, partial, 0, segments.at(partial, 0), n);
                    }
                }
                case REDUCE -> {
                    // C += partial, each core its half of the rows (where the next elementwise kernel reads them)
                    int r0 = h == 0 ? 0 : m / 2, r1 = h == 0 ? m / 2 : m;
                    // with the SIMD kernels (1·p + c is the bits of c + p): a plain loop here took 4.8% of the
                    // samples of a 1000 x 128 bench profile, more than Adam's update; the kernel takes 2.8%
                    if (ldc == n) {
                        kernels.axpy(1f, partial, r0 * n, c, cOffset + r0 * ldc, (r1 - r0) * n);
                    } else {
                        for (int r = r0; r < r1; r++) kernels.axpy(1f, partial, r * n, c, cOffset + r * ldc, n);
                    }
                    if (after != null) after.rows(r0, r1);
                }
                case DENSE_BACKWARD -> denseBackwardPart(h);
                default -> throw new IllegalStateException("mode " + mode);
            }
        }

        /**
         * One core's share of a dense layer's backward pass, m = batch, n = in, k = out: the
         * gradient of its weight rows, its rows' share of the input gradient (the helper's into
         * the partial), then its epilogue on those weight rows. The same calls as the two
         * products split one at a time (ROWS, then INNER).
         */
        private void denseBackwardPart(int h) {
            int o0 = h == 0 ? 0 : split, rows = h == 0 ? split : k - split;
            if (dw != null) {   // dw[o0 : o0 + rows] = dy[:, o0 : o0 + rows]ᵀ x
                if (h == 0) inner.sgemm(true, false, rows, n, m, 1f, a, o0, k, b, 0, n, 0f, dw, o0 * n, n);
                else inner.sgemm(true, false, rows, n, m, 1f, a, o0, segments.at(a, o0), k, b, 0, segments.at(b, 0), n,
                        0f, dw, o0 * n, segments.at(dw, o0 * n), n);
            }
            if (dx != null) {   // dy[:, o0 : o0 + rows] W[o0 : o0 + rows]: into dx here, into the partial there
                if (h == 0) inner.sgemm(false, false, m, n, rows, 1f, a, 0, k, w, 0, n, 0f, dx, 0, n);
                else inner.sgemm(false, false, m, n, rows, 1f, a, o0, segments.at(a, o0), k, w, o0 * n,
                        segments.at(w, o0 * n), n, 0f, partial, 0, segments.at(partial, 0), n);
            }
            if (afterWeights != null) afterWeights.rows(o0, o0 + rows);
        }
    }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                      float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                      float beta, float[] c, int cOffset, int ldc) {
        plain(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, null, c, cOffset, ldc, null);
    }

    /** Each core fills its own block of C with the bias rows, then adds its share of the product. */
    @Override
    public void sgemmBias(boolean transA, boolean transB, int m, int n, int k, float alpha,
                          float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                          float[] bias, float[] c, int cOffset, int ldc) {
        if (bias.length < n) throw new IllegalArgumentException("bias has " + bias.length + " values, C has " + n + " columns");
        plain(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, 1f, bias, c, cOffset, ldc, null);
    }

    /**
     * Split by C's rows, each core running {@code after} on its own rows right after its
     * product: the pass costs no hand-off of its own, and reads rows still in that core's cache.
     */
    @Override
    public void sgemmBias(boolean transA, boolean transB, int m, int n, int k, float alpha,
                          float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                          float[] bias, float[] c, int cOffset, int ldc, Gemm.Epilogue after) {
        if (bias.length < n) throw new IllegalArgumentException("bias has " + bias.length + " values, C has " + n + " columns");
        plain(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, 1f, bias, c, cOffset, ldc, after);
    }

    private void plain(boolean transA, boolean transB, int m, int n, int k, float alpha,
                       float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                       float beta, float[] bias, float[] c, int cOffset, int ldc, Gemm.Epilogue after) {
        TwoWay twoWay = Cores.helper();
        if (twoWay == null || small(m, n, k) || after != null && m < 2) {
            if (bias != null) Gemm.fillRows(bias, 0, n, c, cOffset, ldc, 0, m);
            inner.sgemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
            if (after != null) after.all(m);
            return;
        }
        // along the longer side of C: each half then packs half of the other operand
        int mode = m >= n ? ROWS : COLUMNS;
        int split = mode == ROWS ? (m / 2 + 7) & ~7 : (n / 2 + 15) & ~15;
        if (mode == ROWS && split >= m || mode == COLUMNS && split >= n) split = mode == ROWS ? m / 2 : n / 2;
        // an epilogue runs on each core's rows of a split by rows; after a split by columns, whole
        split(twoWay, mode, split, transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, bias, c,
                cOffset, ldc, mode == ROWS ? after : null);
        if (mode == COLUMNS && after != null) after.all(m);
    }

    /**
     * Splits by the weight rows, half of them (rounded down) per core, as the optimizer's
     * two-core update kernels split a weight tensor: the rows of C when C is the gradient,
     * the columns of C when B is the transposed weights (the forward product), and the inner
     * dimension when B is the weights as stored (the input gradient {@code dy W}): the helper
     * then computes its rows' share of the product into a partial, and the two cores add it to
     * C, each its half of C's rows. The inner split sums in a different order than one
     * core's product: equal to rounding, not bit for bit.
     */
    @Override
    public void sgemm(Weights weights, boolean transA, boolean transB, int m, int n, int k, float alpha,
                      float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                      float beta, float[] c, int cOffset, int ldc) {
        TwoWay twoWay = Cores.helper();
        int mode = weights == Weights.C ? ROWS : transB ? COLUMNS : INNER;
        int rows = mode == ROWS ? m : mode == COLUMNS ? n : k;
        if (twoWay == null || small(m, n, k) || rows < 2) {
            inner.sgemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
            return;
        }
        split(twoWay, mode, rows / 2, transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, null, c,
                cOffset, ldc, null);
    }

    /**
     * Both products on two cores in one hand-off, each core on its half of the weight rows (as
     * the two calls split them: the rows of {@code dw}, the inner dimension of {@code dx}),
     * followed on the same core by {@code afterWeights} on those rows (the layer's update, once
     * the core's share of {@code dx} has read them); then a second hand-off adds the helper's
     * partial {@code dx}, each core its half of the rows, and runs {@code afterInput} on them.
     * Two hand-offs where the products and epilogues one at a time took five; the same bits.
     */
    @Override
    public void denseBackward(int batch, int out, int in, float[] dy, float[] x, float[] w, float[] dw, float[] dx,
                              Gemm.Epilogue afterWeights, Gemm.Epilogue afterInput) {
        if (dx == null && afterInput != null) throw new IllegalArgumentException("an input epilogue needs the input gradient");
        TwoWay twoWay = Cores.helper();
        if (twoWay == null || out < 2 || dw != null && small(out, in, batch) || dx != null && (small(batch, in, out) || batch < 2)
                || dw == null && dx == null) {
            Gemm.super.denseBackward(batch, out, in, dy, x, w, dw, dx, afterWeights, afterInput);
            return;
        }
        synchronized (this) {
            Half h = half;
            h.mode = DENSE_BACKWARD;
            h.split = out / 2;
            h.m = batch;
            h.n = in;
            h.k = out;
            h.a = dy;
            h.b = x;
            h.w = w;
            h.dw = dw;
            h.dx = dx;
            h.afterWeights = afterWeights;
            if (dx != null && h.partial.length < batch * in) h.partial = new float[batch * in];
            try {
                twoWay.run(h);
                if (dx != null) {
                    h.mode = REDUCE;
                    h.c = dx;
                    h.cOffset = 0;
                    h.ldc = in;
                    h.after = afterInput;
                    twoWay.run(h);
                }
            } finally {
                h.a = h.b = h.c = h.w = h.dw = h.dx = null;
                h.after = h.afterWeights = null;
            }
        }
    }

    private static boolean small(int m, int n, int k) {
        return 2.0 * m * n * k < MIN_FLOPS || (m < 32 && n < 32);
    }

    private synchronized void split(TwoWay twoWay, int mode, int split, boolean transA, boolean transB, int m, int n,
                                    int k, float alpha, float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                                    float beta, float[] bias, float[] c, int cOffset, int ldc, Gemm.Epilogue after) {
        Half h = half;
        h.bias = bias;
        h.after = after;
        h.mode = mode;
        h.split = split;
        h.transA = transA;
        h.transB = transB;
        h.m = m;
        h.n = n;
        h.k = k;
        h.alpha = alpha;
        h.beta = beta;
        h.a = a;
        h.b = b;
        h.c = c;
        h.aOffset = aOffset;
        h.lda = lda;
        h.bOffset = bOffset;
        h.ldb = ldb;
        h.cOffset = cOffset;
        h.ldc = ldc;
        if (mode == INNER && h.partial.length < m * n) h.partial = new float[m * n];
        twoWay.run(h);
        if (mode == INNER) {
            h.mode = REDUCE;
            twoWay.run(h);
        }
        h.a = h.b = h.c = h.bias = null;
        h.after = null;
    }

    @Override
    public void syrkLower(int n, int k, float alpha, float[] a, int aOffset, int lda,
                          float beta, float[] c, int cOffset, int ldc) {
        inner.syrkLower(n, k, alpha, a, aOffset, lda, beta, c, cOffset, ldc);
    }

    @Override
    public String name() {
        return inner.name();
    }
}
