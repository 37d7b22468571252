package saturn.engine.blas;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * One random GEMM problem with padded leading dimensions, offsets and guard cells, and
 * the double-precision triple loop that defines the right answer.
 */
record GemmCase(boolean transA, boolean transB, int m, int n, int k, float alpha, float beta,
                float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                float[] c, int cOff, int ldc) {

    static final float GUARD = -7777f;

    static GemmCase random(long seed, boolean transA, boolean transB, int m, int n, int k,
                           float alpha, float beta, int pad, int offset) {
        Random r = new Random(seed);
        int lda = (transA ? m : k) + pad;
        int ldb = (transB ? k : n) + pad;
        int ldc = n + pad;
        float[] a = fill(r, offset + (transA ? k : m) * lda + offset);
        float[] b = fill(r, offset + (transB ? n : k) * ldb + offset);
        float[] c = new float[offset + m * ldc + offset];
        java.util.Arrays.fill(c, GUARD);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) c[offset + i * ldc + j] = (float) r.nextGaussian();
        }
        return new GemmCase(transA, transB, m, n, k, alpha, beta, a, offset, lda, b, offset, ldb, c, offset, ldc);
    }

    private static float[] fill(Random r, int size) {
        float[] x = new float[Math.max(size, 1)];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
        return x;
    }

    float opA(int i, int p) {
        return transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
    }

    float opB(int p, int j) {
        return transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
    }

    /** Runs {@code gemm} on a copy of C and returns the copy. */
    float[] run(Gemm gemm) {
        float[] out = c.clone();
        gemm.sgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, out, cOff, ldc);
        return out;
    }

    /** Checks {@code out} against the double triple loop, and that no cell outside C changed. */
    void assertMatchesReference(float[] out) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = 0;
                double abs = 0;
                for (int p = 0; p < k; p++) {
                    double t = (double) opA(i, p) * opB(p, j);
                    sum += t;
                    abs += Math.abs(t);
                }
                double cij = c[cOff + i * ldc + j];
                double expected = alpha * sum + (beta == 0f ? 0 : beta * cij);
                double scale = Math.abs(alpha) * abs + Math.abs(beta * cij);
                double tol = (k + 4) * 1.2e-7 * scale + 1e-30;
                assertThat((double) out[cOff + i * ldc + j])
                        .as("C[%d,%d] of %s", i, j, this)
                        .isCloseTo(expected, within(tol));
            }
        }
        for (int x = 0; x < out.length; x++) {
            int rel = x - cOff;
            boolean inside = rel >= 0 && rel / ldc < m && rel % ldc < n;
            if (!inside) assertThat(out[x]).as("guard cell %d of %s", x, this).isEqualTo(c[x]);
        }
    }

    @Override
    public String toString() {
        return "sgemm(transA=" + transA + ", transB=" + transB + ", m=" + m + ", n=" + n + ", k=" + k
                + ", alpha=" + alpha + ", beta=" + beta + ", lda=" + lda + ", ldb=" + ldb + ", ldc=" + ldc
                + ", offset=" + aOff + ")";
    }
}
