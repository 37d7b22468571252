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

    /**
     * Work on a band of rows of a product's result, run right after the product by the core
     * that computed those rows, while they are in its cache: an activation's forward pass on
     * the layer's output, or a layer's update on the weight rows whose gradient a core has just
     * computed. A GEMM on two cores ({@code SplitGemm}) calls {@link #rows} from each core for
     * its own band, saving the pass its own hand-off between the cores; a GEMM that does not
     * split calls {@link #all} once the product is done.
     */
    interface Epilogue {
        /** Rows {@code [r0, r1)}, on the calling thread alone. */
        void rows(int r0, int r1);

        /** All {@code m} rows; free to split itself between cores. {@code rows(0, m)} by default. */
        default void all(int m) {
            rows(0, m);
        }
    }

    /** {@link #sgemmBias}, then {@code after} on C's rows (see {@link Epilogue}). */
    default void sgemmBias(boolean transA, boolean transB, int m, int n, int k, float alpha,
                           float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                           float[] bias, float[] c, int cOffset, int ldc, Epilogue after) {
        sgemmBias(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, bias, c, cOffset, ldc);
        after.all(m);
    }

    /**
     * The products of a dense layer's backward pass, with {@code W [out, in]} as stored,
     * {@code dy [batch, out]} and {@code x [batch, in]}, all dense from offset 0: the weight
     * gradient {@code dw = dyᵀ x} unless {@code dw} is null, and the input gradient
     * {@code dx = dy W} unless {@code dx} is null; then {@code afterWeights} (may be null) on
     * rows of W, which no product reads any more (the layer's update), and
     * {@code afterInput} (may be null, and must be without {@code dx}) on rows of the finished
     * {@code dx} (the backward pass of the activation below). The default issues the two
     * products as {@link #sgemm(Weights, boolean, boolean, int, int, int, float, float[], int,
     * int, float[], int, int, float, float[], int, int)} calls and then both epilogues whole.
     */
    default void denseBackward(int batch, int out, int in, float[] dy, float[] x, float[] w, float[] dw,
                               float[] dx, Epilogue afterWeights, Epilogue afterInput) {
        if (dw != null) sgemm(Weights.C, true, false, out, in, batch, 1f, dy, 0, out, x, 0, in, 0f, dw, 0, in);
        if (dx != null) sgemm(Weights.B, false, false, batch, in, out, 1f, dy, 0, out, w, 0, in, 0f, dx, 0, in);
        if (afterWeights != null) afterWeights.all(out);
        if (afterInput != null) afterInput.all(batch);
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
