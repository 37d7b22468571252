package saturn.engine.blas;

/**
 * Single-precision matrix multiply on row-major heap arrays:
 * {@code C = alpha * op(A) * op(B) + beta * C}, where {@code op(A)} is {@code m x k},
 * {@code op(B)} is {@code k x n} and {@code C} is {@code m x n}. Leading dimensions are
 * row strides, as in CBLAS with {@code CblasRowMajor}. Offsets are in elements.
 */
public interface Gemm {

    void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
               float[] a, int aOffset, int lda,
               float[] b, int bOffset, int ldb,
               float beta, float[] c, int cOffset, int ldc);

    /**
     * {@code C = alpha·op(A)·op(B) + 1·biasᵀ}: the product with {@code bias[0..n)} added to
     * every row of C (a dense layer's {@code x Wᵀ + b}), done as a fill of C with the bias rows
     * followed by a {@code beta = 1} product. The fill stands in for the zeroing pass a
     * {@code beta = 0} call makes inside OpenBLAS, so the bias costs no pass of its own; the
     * product is then added to the bias, which for an inner dimension within one of the
     * library's blocks gives the bits of the product plus the bias.
     */
    default void sgemmBias(boolean transA, boolean transB, int m, int n, int k, float alpha,
                           float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                           float[] bias, float[] c, int cOffset, int ldc) {
        if (bias.length < n) throw new IllegalArgumentException("bias has " + bias.length + " values, C has " + n + " columns");
        fillRows(bias, 0, n, c, cOffset, ldc, 0, m);
        sgemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, 1f, c, cOffset, ldc);
    }

    /**
     * Work on a band of rows of a product's result, run right after the product by the worker
     * that computed those rows, while they are in its cache: an activation's pass on a layer's
     * output or input gradient, or a layer's update on the weight rows whose gradient a worker
     * has just computed. A GEMM cut into bands of rows ({@code ParallelGemm}) calls
     * {@link #rows} from each worker for its own bands, saving the pass its own hand-off; a GEMM
     * that does not cut by rows calls {@link #all} once the product is done.
     */
    interface Epilogue {
        /** Rows {@code [r0, r1)}, on the calling thread alone. */
        void rows(int r0, int r1);

        /** All {@code m} rows; free to cut itself between workers. {@code rows(0, m)} by default. */
        default void all(int m) {
            rows(0, m);
        }
    }

    /** {@link #sgemm}, then {@code after} on C's rows (see {@link Epilogue}). */
    default void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                       float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                       float beta, float[] c, int cOffset, int ldc, Epilogue after) {
        sgemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
        after.all(m);
    }

    /** {@link #sgemmBias}, then {@code after} on C's rows (see {@link Epilogue}). */
    default void sgemmBias(boolean transA, boolean transB, int m, int n, int k, float alpha,
                           float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                           float[] bias, float[] c, int cOffset, int ldc, Epilogue after) {
        sgemmBias(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, bias, c, cOffset, ldc);
        after.all(m);
    }

    /**
     * {@code C = alpha·A·B} ({@code A [m, k]}, {@code B [k, n]}, neither transposed, C
     * overwritten), computed as partial products over bands of the inner dimension — bands of
     * B's rows — added in band order; {@code afterBand} (may be null) runs on each band
     * {@code [k0, k1)} of B's rows right after its partial product, on the same worker: no
     * other part of the product reads those rows, so it may write them (a layer's update of
     * the weight rows whose input-gradient share it has just computed), and may do other work
     * on the band there (the rows' weight gradient); {@code after} (may be null) runs on C's
     * rows once they are summed (see {@link Epilogue}). A GEMM that does not cut computes the
     * product whole, then {@code afterBand.all(k)}, then {@code after.all(m)}.
     */
    default void sgemmInnerBands(int m, int n, int k, float alpha, float[] a, int aOffset, int lda,
                                 float[] b, int bOffset, int ldb, float[] c, int cOffset, int ldc,
                                 Epilogue afterBand, Epilogue after) {
        sgemm(false, false, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, 0f, c, cOffset, ldc);
        if (afterBand != null) afterBand.all(k);
        if (after != null) after.all(m);
    }

    /** Copies {@code bias[col0, col0 + cols)} into columns {@code [col0, col0 + cols)} of rows {@code [row0, row1)} of C. */
    static void fillRows(float[] bias, int col0, int cols, float[] c, int cOffset, int ldc, int row0, int row1) {
        for (int r = row0; r < row1; r++) System.arraycopy(bias, col0, c, cOffset + r * ldc + col0, cols);
    }

    /** Convenience for dense, unstrided operands starting at offset 0. */
    default void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                       float[] a, float[] b, float beta, float[] c) {
        sgemm(transA, transB, m, n, k, alpha,
              a, 0, transA ? m : k,
              b, 0, transB ? k : n,
              beta, c, 0, n);
    }

    /**
     * A symmetric rank-k update, lower triangle: {@code C = alpha·AᵀA + beta·C} for {@code A}
     * of {@code k×n} (row stride {@code lda}) and {@code C} of {@code n×n}. Only the lower
     * triangle of {@code C} (row ≥ column) is defined afterwards; the strict upper triangle may
     * be left as it was or updated too. The default is the whole product by {@link #sgemm};
     * OpenBLAS computes the triangle alone ({@code ssyrk}: half the flops).
     */
    default void syrkLower(int n, int k, float alpha, float[] a, int aOffset, int lda,
                           float beta, float[] c, int cOffset, int ldc) {
        sgemm(true, false, n, n, k, alpha, a, aOffset, lda, a, aOffset, lda, beta, c, cOffset, ldc);
    }

    /** Short name of the mechanism, e.g. {@code openblas} or {@code java}. */
    String name();
}
