package saturn.engine.parallel;

import saturn.engine.blas.Gemm;

/**
 * A GEMM with only the plain calls of another: its fused methods ({@code sgemm} and
 * {@code sgemmBias} with an epilogue) take the interface's defaults, which issue the product
 * and then run the epilogue whole. The product over inner bands is passed on as it is: its
 * bands are part of its arithmetic (their partial products are summed in band order), and its
 * band epilogue the work on each band's rows. The reference the fused paths must match.
 */
public class OneCallAtATime implements Gemm {

    protected final Gemm gemm;

    protected OneCallAtATime(Gemm gemm) {
        this.gemm = gemm;
    }

    public static Gemm wrap(Gemm gemm) {
        return new OneCallAtATime(gemm);
    }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOffset, int lda,
                      float[] b, int bOffset, int ldb, float beta, float[] c, int cOffset, int ldc) {
        gemm.sgemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
    }

    @Override
    public void sgemmBias(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOffset,
                          int lda, float[] b, int bOffset, int ldb, float[] bias, float[] c, int cOffset, int ldc) {
        gemm.sgemmBias(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, bias, c, cOffset, ldc);
    }

    @Override
    public String name() {
        return gemm.name() + " one call at a time";
    }

    @Override
    public void sgemmInnerBands(int m, int n, int k, float alpha, float[] a, int aOffset, int lda, float[] b,
                                int bOffset, int ldb, float[] c, int cOffset, int ldc, Epilogue afterBand, Epilogue after) {
        gemm.sgemmInnerBands(m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, c, cOffset, ldc, afterBand, null);
        if (after != null) after.all(m);
    }
}
