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
     * The operand of a product that holds a layer's weight matrix (one row per output unit,
     * row-major, as stored): {@code B} the weights themselves, either transpose; {@code C}
     * their gradient.
     */
    enum Weights { B, C }

    /**
     * {@link #sgemm(boolean, boolean, int, int, int, float, float[], int, int, float[], int, int, float, float[], int, int)
     * sgemm} for a product with a layer's weights, {@code weights} saying which operand holds
     * them. The same product; an engine on two cores ({@code SplitGemm}) splits it so that each
     * core reads or writes only its own half of the weight rows: the half it also updates, so
     * that no weight row sits in the other core's cache when the optimizer writes it. The
     * default is the plain call.
     */
    default void sgemm(Weights weights, boolean transA, boolean transB, int m, int n, int k, float alpha,
                       float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                       float beta, float[] c, int cOffset, int ldc) {
        sgemm(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
    }

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
