package saturn.engine.parallel;

import saturn.engine.blas.Gemm;
import saturn.engine.blas.OpenBlasGemm;

/**
 * A GEMM on two cores by splitting C in two (by rows, or by columns when it has few rows),
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

    public SplitGemm(OpenBlasGemm inner) {
        this.inner = inner;
    }

    private final class Half implements TwoWay.Task {
        boolean transA, transB, byRows;
        int m, n, k, split;
        float alpha, beta;
        float[] a, b, c;
        int aOffset, lda, bOffset, ldb, cOffset, ldc;

        @Override
        public void part(int h) {
            if (byRows) {
                int r0 = h == 0 ? 0 : split, rows = h == 0 ? split : m - split;
                int aOff = aOffset + (transA ? r0 : r0 * lda);
                int cOff = cOffset + r0 * ldc;
                if (h == 0) inner.sgemm(transA, transB, rows, n, k, alpha, a, aOff, lda, b, bOffset, ldb, beta, c, cOff, ldc);
                else inner.sgemm(transA, transB, rows, n, k, alpha, a, aOff, segments.at(a, aOff), lda, b, bOffset,
                        segments.at(b, bOffset), ldb, beta, c, cOff, segments.at(c, cOff), ldc);
            } else {
                int c0 = h == 0 ? 0 : split, cols = h == 0 ? split : n - split;
                int bOff = bOffset + (transB ? c0 * ldb : c0);
                int cOff = cOffset + c0;
                if (h == 0) inner.sgemm(transA, transB, m, cols, k, alpha, a, aOffset, lda, b, bOff, ldb, beta, c, cOff, ldc);
                else inner.sgemm(transA, transB, m, cols, k, alpha, a, aOffset, segments.at(a, aOffset), lda, b, bOff,
                        segments.at(b, bOff), ldb, beta, c, cOff, segments.at(c, cOff), ldc);
            }
        }
    }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                      float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                      float beta, float[] c, int cOffset, int ldc) {
        TwoWay twoWay = Cores.helper();
        if (twoWay == null || 2.0 * m * n * k < MIN_FLOPS || (m < 32 && n < 32)) {
            inner.sgemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
            return;
        }
        split(twoWay, transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
    }

    private synchronized void split(TwoWay twoWay, boolean transA, boolean transB, int m, int n, int k, float alpha,
                                    float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                                    float beta, float[] c, int cOffset, int ldc) {
        Half h = half;
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
        h.byRows = m >= n;   // along the longer side: each half then packs half of the other operand
        h.split = h.byRows ? (m / 2 + 7) & ~7 : (n / 2 + 15) & ~15;
        if (h.byRows && h.split >= m || !h.byRows && h.split >= n) h.split = h.byRows ? m / 2 : n / 2;
        twoWay.run(h);
        h.a = h.b = h.c = null;
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
