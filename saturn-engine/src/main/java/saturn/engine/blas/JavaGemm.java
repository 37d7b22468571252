package saturn.engine.blas;

/**
 * Pure-Java GEMM: the reference every other implementation is tested against, and the
 * fallback when native BLAS is unavailable. Loop order keeps the innermost loop running
 * along contiguous rows of B and C.
 */
public final class JavaGemm implements Gemm {

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                      float[] a, int aOffset, int lda,
                      float[] b, int bOffset, int ldb,
                      float beta, float[] c, int cOffset, int ldc) {
        for (int i = 0; i < m; i++) {
            int ci = cOffset + i * ldc;
            if (beta == 0f) {
                for (int j = 0; j < n; j++) c[ci + j] = 0f;
            } else if (beta != 1f) {
                for (int j = 0; j < n; j++) c[ci + j] *= beta;
            }
            for (int p = 0; p < k; p++) {
                float aip = transA ? a[aOffset + p * lda + i] : a[aOffset + i * lda + p];
                float s = alpha * aip;
                if (s == 0f) continue;
                if (!transB) {
                    int bp = bOffset + p * ldb;
                    for (int j = 0; j < n; j++) c[ci + j] += s * b[bp + j];
                } else {
                    for (int j = 0; j < n; j++) c[ci + j] += s * b[bOffset + j * ldb + p];
                }
            }
        }
    }

    @Override
    public String name() {
        return "java";
    }
}
