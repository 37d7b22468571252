package saturn.engine.bench;

import java.util.ArrayList;
import java.util.List;

import saturn.engine.blas.Gemm;

/**
 * Wraps a GEMM to record the shapes of the calls a step issues (to replay them alone) and
 * to time them inside the step.
 */
final class RecordingGemm implements Gemm {

    /**
     * One recorded call, with the step's own operand arrays (kept by reference, to replay the
     * calls on the memory the step touches).
     */
    record Call(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a,
                int aOffset, int lda, float[] b, int bOffset, int ldb, float beta, float[] c, int cOffset, int ldc,
                float[] bias, boolean innerBands) {
        /**
         * Issues this call again on {@code gemm}, with operands {@code a}, {@code b}, {@code c} at
         * the given offsets (a bias call with its bias fill: the fill replaces the zeroing pass of
         * a {@code beta = 0} call, which the replay of such a call would time too).
         */
        void issue(Gemm gemm, float[] a, int aOffset, float[] b, int bOffset, float[] c, int cOffset) {
            if (bias != null) {
                gemm.sgemmBias(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, bias, c, cOffset, ldc);
            } else if (innerBands) {
                gemm.sgemmInnerBands(m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, c, cOffset, ldc, null, null);
            } else {
                gemm.sgemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
            }
        }

        double flops() {
            return 2.0 * m * n * k;
        }
    }

    private final Gemm inner;
    /** Synchronized: a product's epilogue may issue calls from several workers at once. */
    private final List<Call> calls = java.util.Collections.synchronizedList(new ArrayList<>());
    private boolean recording;
    private boolean timing;
    private long nanos;

    RecordingGemm(Gemm inner) {
        this.inner = inner;
    }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                      float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                      float beta, float[] c, int cOffset, int ldc) {
        call(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc, null);
    }

    @Override
    public void sgemmBias(boolean transA, boolean transB, int m, int n, int k, float alpha,
                          float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                          float[] bias, float[] c, int cOffset, int ldc) {
        call(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, 1f, c, cOffset, ldc, bias);
    }

    /**
     * Recorded as the plain call. Inside a timed step the product and the epilogue run one
     * after the other, so that the GEMM's time is the product's alone (the epilogue's kernel
     * times itself); otherwise fused, as in a plain step.
     */
    @Override
    public void sgemmBias(boolean transA, boolean transB, int m, int n, int k, float alpha,
                          float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                          float[] bias, float[] c, int cOffset, int ldc, Epilogue after) {
        if (timing) {
            call(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, 1f, c, cOffset, ldc, bias);
            after.all(m);
            return;
        }
        if (recording) {
            calls.add(new Call(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, 1f, c, cOffset, ldc, bias, false));
        }
        inner.sgemmBias(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, bias, c, cOffset, ldc, after);
    }

    /** As the bias call above: recorded as the plain call, timed apart from its epilogue. */
    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                      float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                      float beta, float[] c, int cOffset, int ldc, Epilogue after) {
        if (timing) {
            call(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc, null);
            after.all(m);
            return;
        }
        if (recording) {
            calls.add(new Call(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc, null, false));
        }
        inner.sgemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc, after);
    }

    /** As the epilogue calls above: recorded as the banded product, timed apart from its epilogues (which time their own products). */
    @Override
    public void sgemmInnerBands(int m, int n, int k, float alpha, float[] a, int aOffset, int lda, float[] b, int bOffset,
                                int ldb, float[] c, int cOffset, int ldc, Epilogue afterBand, Epilogue after) {
        if (timing) {
            long t0 = System.nanoTime();
            inner.sgemmInnerBands(m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, c, cOffset, ldc, null, null);
            nanos += System.nanoTime() - t0;
            if (afterBand != null) afterBand.all(k);
            if (after != null) after.all(m);
            return;
        }
        if (recording) {
            calls.add(new Call(false, false, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, 0f, c, cOffset, ldc, null,
                    true));
        }
        inner.sgemmInnerBands(m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, c, cOffset, ldc, afterBand, after);
    }

    private void call(boolean transA, boolean transB, int m, int n, int k, float alpha,
                      float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                      float beta, float[] c, int cOffset, int ldc, float[] bias) {
        if (recording) {
            calls.add(new Call(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc,
                    bias, false));
        }
        long t0 = timing ? System.nanoTime() : 0;
        if (bias != null) {
            inner.sgemmBias(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, bias, c, cOffset, ldc);
        } else {
            inner.sgemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
        }
        if (timing) nanos += System.nanoTime() - t0;
    }

    /** Timed with the GEMMs, not recorded: the replay is of GEMM calls. */
    @Override
    public void syrkLower(int n, int k, float alpha, float[] a, int aOffset, int lda,
                          float beta, float[] c, int cOffset, int ldc) {
        if (timing) {
            long t0 = System.nanoTime();
            inner.syrkLower(n, k, alpha, a, aOffset, lda, beta, c, cOffset, ldc);
            nanos += System.nanoTime() - t0;
        } else {
            inner.syrkLower(n, k, alpha, a, aOffset, lda, beta, c, cOffset, ldc);
        }
    }

    void record(boolean on) {
        recording = on;
    }

    void time(boolean on) {
        timing = on;
        nanos = 0;
    }

    long nanos() {
        return nanos;
    }

    List<Call> calls() {
        return calls;
    }

    Gemm inner() {
        return inner;
    }

    @Override
    public String name() {
        return inner.name();
    }
}
