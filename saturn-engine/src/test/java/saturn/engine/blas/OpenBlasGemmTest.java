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
        blas.setThreads(Runtime.getRuntime().availableProcessors());
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
