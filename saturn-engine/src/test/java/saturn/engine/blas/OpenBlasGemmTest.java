package saturn.engine.blas;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.FloatRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpenBlasGemmTest {

    private final OpenBlasGemm blas = OpenBlasGemm.load();
    private final Gemm java = new JavaGemm();

    @Property(tries = 200)
    void agreesWithJavaGemmAndTheReference(@ForAll boolean transA, @ForAll boolean transB,
                                           @ForAll @IntRange(min = 1, max = 70) int m,
                                           @ForAll @IntRange(min = 1, max = 70) int n,
                                           @ForAll @IntRange(min = 1, max = 70) int k,
                                           @ForAll @FloatRange(min = -2, max = 2) float alpha,
                                           @ForAll @FloatRange(min = -2, max = 2) float beta,
                                           @ForAll @IntRange(min = 0, max = 4) int pad,
                                           @ForAll @IntRange(min = 0, max = 9) int offset,
                                           @ForAll long seed) {
        GemmCase g = GemmCase.random(seed, transA, transB, m, n, k, alpha, beta, pad, offset);
        float[] native_ = g.run(blas);
        g.assertMatchesReference(native_);
        float[] pure = g.run(java);
        for (int x = 0; x < pure.length; x++) {
            assertThat(native_[x]).as("cell %d of %s", x, g)
                    .isCloseTo(pure[x], org.assertj.core.api.Assertions.within(2e-5f * (1 + Math.abs(pure[x])) * k));
        }
    }

    @Property(tries = 100)
    void syrkLowerIsTheLowerTriangleOfTheProductAndLeavesTheRestOfC(
            @ForAll @IntRange(min = 1, max = 70) int n, @ForAll @IntRange(min = 1, max = 70) int k,
            @ForAll @FloatRange(min = -2, max = 2) float alpha, @ForAll @FloatRange(min = -2, max = 2) float beta,
            @ForAll @IntRange(min = 0, max = 4) int pad, @ForAll @IntRange(min = 0, max = 9) int offset,
            @ForAll long seed) {
        java.util.Random r = new java.util.Random(seed);
        int lda = n + pad, ldc = n + pad + 1;
        float[] a = new float[offset + k * lda];
        float[] c = new float[offset + n * ldc + 3];
        for (int i = 0; i < a.length; i++) a[i] = (float) r.nextGaussian();
        for (int i = 0; i < c.length; i++) c[i] = (float) r.nextGaussian();
        float[] viaGemm = c.clone();
        java.sgemm(true, false, n, n, k, alpha, a, offset, lda, a, offset, lda, beta, viaGemm, offset, ldc);
        float[] viaJava = c.clone();
        java.syrkLower(n, k, alpha, a, offset, lda, beta, viaJava, offset, ldc);
        assertThat(viaJava).containsExactly(viaGemm);   // the default is the whole product
        float[] viaSyrk = c.clone();
        blas.syrkLower(n, k, alpha, a, offset, lda, beta, viaSyrk, offset, ldc);
        for (int x = 0; x < c.length; x++) {
            int row = (x - offset) / ldc, col = (x - offset) % ldc;
            boolean lower = x >= offset && row < n && col <= row;
            boolean inC = x >= offset && row < n && col < n;
            if (lower) {
                assertThat(viaSyrk[x]).as("C[%d][%d]", row, col)
                        .isCloseTo(viaGemm[x], org.assertj.core.api.Assertions.within(2e-5f * (1 + Math.abs(viaGemm[x])) * k));
            } else if (!inC) {
                assertThat(viaSyrk[x]).as("outside C at %d", x).isEqualTo(c[x]);   // padding and guards untouched
            }
        }
    }

    @Test
    void mlpShapesWithBothThreadCounts() {
        // forward h = x W^T, backward dx = dh W, dW = dh^T x at batch 33, width 67
        int batch = 33, in = 67, out = 45;
        for (int threads : new int[] {1, 2}) {
            blas.setThreads(threads);
            assertThat(blas.threads()).isEqualTo(threads);
            GemmCase.random(1, false, true, batch, out, in, 1f, 0f, 0, 0).assertMatchesReference(
                    GemmCase.random(1, false, true, batch, out, in, 1f, 0f, 0, 0).run(blas));
            GemmCase dx = GemmCase.random(2, false, false, batch, in, out, 1f, 0f, 0, 0);
            dx.assertMatchesReference(dx.run(blas));
            GemmCase dw = GemmCase.random(3, true, false, out, in, batch, 1f, 1f, 0, 0);
            dw.assertMatchesReference(dw.run(blas));
        }
        blas.setThreads(1);   // the engine's setting: its workers parallelize
    }

    @Test
    void multiThreadedCallsWorkAgainAfterTheWorkersWereStopped() {
        int restore = blas.threads();
        try {
            for (int round = 0; round < 3; round++) {
                blas.setThreads(2);
                GemmCase big = GemmCase.random(40 + round, false, true, 150, 130, 140, 1f, 0.5f, 0, 0);
                big.assertMatchesReference(big.run(blas));
                blas.setThreads(1);
                blas.stopWorkers();
                GemmCase single = GemmCase.random(50 + round, true, false, 33, 20, 70, 1f, 0f, 0, 0);
                single.assertMatchesReference(single.run(blas));
            }
        } finally {
            blas.setThreads(restore);
        }
        assertThat(blas.threads()).isEqualTo(restore);
    }

    @Test
    void describesTheBundledLibrary() {
        assertThat(blas.config()).contains("0.3.31");
        assertThat(blas.coreName()).isNotBlank();
        assertThat(Files.isRegularFile(blas.directory().resolve("libopenblas.so.0"))).isTrue();
        assertThat(blas.toString()).startsWith("openblas 0.3.31 (");
    }

    @Test
    void checksBoundsInJavaBeforeCallingNativeCode() {
        float[] a = new float[6];
        float[] b = new float[6];
        float[] c = new float[4];
        assertThatThrownBy(() -> blas.sgemm(false, false, 2, 2, 3, 1f, a, 0, 3, b, 0, 2, 0f, c, 1, 2))
                .isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("C");
        assertThatThrownBy(() -> blas.sgemm(true, false, 2, 2, 3, 1f, a, 0, 1, b, 0, 2, 0f, c, 0, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lda");
        assertThatThrownBy(() -> blas.setThreads(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void kZeroAndBetaZeroFollowBlasSemantics() {
        float[] a = {1, 2};
        float[] b = {3, 4};
        float[] c = {Float.NaN};
        blas.sgemm(false, false, 1, 1, 2, 1f, a, 0, 2, b, 0, 1, 0f, c, 0, 1);
        assertThat(c[0]).isEqualTo(11f);
        float[] c2 = {5f};
        blas.sgemm(false, false, 1, 1, 0, 1f, a, 0, 1, b, 0, 1, 3f, c2, 0, 1);
        assertThat(c2[0]).isEqualTo(15f);
    }
}
