package saturn.engine.blas;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.FloatRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JavaGemmTest {

    private final Gemm gemm = new JavaGemm();

    @Property(tries = 150)
    void matchesTripleLoopInDouble(@ForAll boolean transA, @ForAll boolean transB,
                                   @ForAll @IntRange(min = 1, max = 40) int m,
                                   @ForAll @IntRange(min = 1, max = 40) int n,
                                   @ForAll @IntRange(min = 1, max = 40) int k,
                                   @ForAll @FloatRange(min = -2, max = 2) float alpha,
                                   @ForAll @FloatRange(min = -2, max = 2) float beta,
                                   @ForAll @IntRange(min = 0, max = 3) int pad,
                                   @ForAll @IntRange(min = 0, max = 5) int offset,
                                   @ForAll long seed) {
        GemmCase g = GemmCase.random(seed, transA, transB, m, n, k, alpha, beta, pad, offset);
        g.assertMatchesReference(g.run(gemm));
    }

    @Test
    void crossesEveryBlockBoundary() {
        // k and n straddle the packing block sizes; m = 1 is a single row
        int[][] shapes = {{3, JavaGemm.NC + 1, JavaGemm.KC + 3}, {1, 2 * JavaGemm.NC + 5, 2 * JavaGemm.KC + 1},
                {JavaGemm.KC + 1, 1, JavaGemm.KC}};
        for (int[] s : shapes) {
            for (int t = 0; t < 4; t++) {
                GemmCase g = GemmCase.random(t, (t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], 0.75f, -0.5f, 2, 3);
                g.assertMatchesReference(g.run(gemm));
            }
        }
    }

    @Test
    void betaZeroOverwritesNaNAndKZeroOnlyScales() {
        float[] a = {1, 2};
        float[] b = {3, 4};
        float[] c = {Float.NaN};
        gemm.sgemm(false, false, 1, 1, 2, 1f, a, 0, 2, b, 0, 1, 0f, c, 0, 1);
        assertThat(c[0]).isEqualTo(11f);
        float[] c2 = {5f};
        gemm.sgemm(false, false, 1, 1, 0, 1f, a, 0, 1, b, 0, 1, 2f, c2, 0, 1);
        assertThat(c2[0]).isEqualTo(10f);
    }

    @Test
    void rejectsOperandsThatRunPastTheArray() {
        float[] a = new float[6];
        float[] b = new float[6];
        float[] c = new float[4];
        assertThatThrownBy(() -> gemm.sgemm(false, false, 2, 2, 3, 1f, a, 1, 3, b, 0, 2, 0f, c, 0, 2))
                .isInstanceOf(IndexOutOfBoundsException.class).hasMessageContaining("A");
        assertThatThrownBy(() -> gemm.sgemm(false, false, 2, 2, 3, 1f, a, 0, 2, b, 0, 2, 0f, c, 0, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lda");
    }
}
