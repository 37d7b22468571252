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

    /** Convenience for dense, unstrided operands starting at offset 0. */
    default void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                       float[] a, float[] b, float beta, float[] c) {
        sgemm(transA, transB, m, n, k, alpha,
              a, 0, transA ? m : k,
              b, 0, transB ? k : n,
              beta, c, 0, n);
    }

    /** Short name of the mechanism, e.g. {@code openblas} or {@code java}. */
    String name();
}
