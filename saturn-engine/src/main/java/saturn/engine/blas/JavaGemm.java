package saturn.engine.blas;

/**
 * Pure-Java GEMM: the fallback when native BLAS is unavailable, and a second,
 * independent implementation that {@link OpenBlasGemm} is tested against.
 *
 * <p>Blocked and packed: {@code op(B)} is copied block by block ({@value #KC} rows of k by
 * {@value #NC} columns of n) into a contiguous row-major panel that stays in L2, whatever
 * the transpose and leading dimension. Each row of C then receives four rank-1 updates
 * per sweep, {@code c[j] += s0*b0[j] + s1*b1[j] + s2*b2[j] + s3*b3[j]}, an inner loop over
 * contiguous memory that the JIT vectorizes, and which reads and writes the C row a
 * quarter as often as a plain axpy would.
 *
 * <p>Thread-safe: the packing panel is per thread.
 */
public final class JavaGemm implements Gemm {

    static final int KC = 128;
    static final int NC = 512;

    private static final ThreadLocal<float[]> PANEL = ThreadLocal.withInitial(() -> new float[KC * NC]);

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                      float[] a, int aOffset, int lda,
                      float[] b, int bOffset, int ldb,
                      float beta, float[] c, int cOffset, int ldc) {
        GemmArgs.check(transA, transB, m, n, k, a, aOffset, lda, b, bOffset, ldb, c, cOffset, ldc);
        if (m == 0 || n == 0) return;
        GemmArgs.scaleC(m, n, beta, c, cOffset, ldc);
        if (k == 0 || alpha == 0f) return;
        float[] panel = PANEL.get();
        for (int jc = 0; jc < n; jc += NC) {
            int nb = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kb = Math.min(KC, k - pc);
                packB(transB, b, bOffset, ldb, pc, kb, jc, nb, panel);
                for (int i = 0; i < m; i++) {
                    // op(A)[i, pc + p] lives at aRow + p * aStep
                    int aRow = transA ? aOffset + pc * lda + i : aOffset + i * lda + pc;
                    int aStep = transA ? lda : 1;
                    updateRow(alpha, a, aRow, aStep, panel, kb, nb, c, cOffset + i * ldc + jc);
                }
            }
        }
    }

    /** panel[p * nb + j] = op(B)[pc + p, jc + j]. */
    private static void packB(boolean transB, float[] b, int bOffset, int ldb,
                              int pc, int kb, int jc, int nb, float[] panel) {
        if (!transB) {
            for (int p = 0; p < kb; p++) {
                System.arraycopy(b, bOffset + (pc + p) * ldb + jc, panel, p * nb, nb);
            }
        } else {
            // op(B)[p, j] = B[j, p]: read rows of B, scatter into columns of the panel
            for (int j = 0; j < nb; j++) {
                int src = bOffset + (jc + j) * ldb + pc;
                for (int p = 0; p < kb; p++) panel[p * nb + j] = b[src + p];
            }
        }
    }

    /** c[cRow + j] += alpha * sum_p op(A)[i, p] * panel[p, j]. */
    private static void updateRow(float alpha, float[] a, int aRow, int aStep,
                                  float[] panel, int kb, int nb, float[] c, int cRow) {
        int p = 0;
        for (; p + 4 <= kb; p += 4) {
            float s0 = alpha * a[aRow + p * aStep];
            float s1 = alpha * a[aRow + (p + 1) * aStep];
            float s2 = alpha * a[aRow + (p + 2) * aStep];
            float s3 = alpha * a[aRow + (p + 3) * aStep];
            int b0 = p * nb;
            int b1 = b0 + nb;
            int b2 = b1 + nb;
            int b3 = b2 + nb;
            for (int j = 0; j < nb; j++) {
                c[cRow + j] += s0 * panel[b0 + j] + s1 * panel[b1 + j] + s2 * panel[b2 + j] + s3 * panel[b3 + j];
            }
        }
        for (; p < kb; p++) {
            float s = alpha * a[aRow + p * aStep];
            int b0 = p * nb;
            for (int j = 0; j < nb; j++) c[cRow + j] += s * panel[b0 + j];
        }
    }

    @Override
    public String name() {
        return "java";
    }
}
