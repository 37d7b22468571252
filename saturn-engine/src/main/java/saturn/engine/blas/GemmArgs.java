package saturn.engine.blas;

/**
 * Argument checks shared by every {@link Gemm}. Native code must never be handed an
 * extent that runs past the end of a heap array, so the last element each operand touches
 * is checked here, in Java, before any implementation runs.
 */
final class GemmArgs {

    private GemmArgs() {
    }

    static void check(boolean transA, boolean transB, int m, int n, int k,
                      float[] a, int aOffset, int lda,
                      float[] b, int bOffset, int ldb,
                      float[] c, int cOffset, int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("negative dimension: m=" + m + " n=" + n + " k=" + k);
        }
        // op(A) is m x k: stored m x k (lda >= k) or, transposed, k x m (lda >= m).
        operand("A", a, aOffset, lda, transA ? k : m, transA ? m : k);
        operand("B", b, bOffset, ldb, transB ? n : k, transB ? k : n);
        operand("C", c, cOffset, ldc, m, n);
    }

    private static void operand(String name, float[] x, int off, int ld, int rows, int cols) {
        if (ld < Math.max(1, cols)) {
            throw new IllegalArgumentException("ld" + name.toLowerCase() + "=" + ld + " < " + Math.max(1, cols));
        }
        if (off < 0) throw new IllegalArgumentException(name + " offset " + off + " < 0");
        if (rows == 0 || cols == 0) return;
        long last = off + (long) (rows - 1) * ld + cols - 1;
        if (last >= x.length) {
            throw new IndexOutOfBoundsException(name + " (" + rows + "x" + cols + ", ld " + ld + ", offset "
                    + off + ") reaches index " + last + " of an array of length " + x.length);
        }
    }

    /** {@code C = beta * C} on the m x n block: what GEMM reduces to when k == 0 or alpha == 0. */
    static void scaleC(int m, int n, float beta, float[] c, int cOffset, int ldc) {
        for (int i = 0; i < m; i++) {
            int row = cOffset + i * ldc;
            if (beta == 0f) {
                java.util.Arrays.fill(c, row, row + n, 0f);
            } else if (beta != 1f) {
                for (int j = 0; j < n; j++) c[row + j] *= beta;
            }
        }
    }
}
