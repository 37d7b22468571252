package saturn.engine.parallel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import saturn.engine.blas.Gemm;
import saturn.engine.blas.JavaGemm;
import saturn.engine.blas.OpenBlasGemm;
import saturn.engine.kernel.Kernels;

class SplitGemmTest {

    private static final Kernels VECTOR = saturn.engine.Backends.select("java", "on").kernels();

    @AfterEach
    void oneCore() {
        Cores.use(1);
    }

    /**
     * Split in two (by rows when C has at least as many rows as columns, else by columns) on
     * every transpose, with offsets and padded strides, against the Java GEMM; the cells
     * outside C (padding, guards) stay untouched.
     */
    @Test
    void aSplitProductEqualsTheReferenceOnEveryShapeAndTranspose() {
        checkAgainstTheReference(null);
    }

    /**
     * Products with a layer's weights, split by the weight rows: C's rows (C the gradient), C's
     * columns (B the transposed weights) or the inner dimension with the helper's partial
     * product added (B the weights as stored), on every transpose, with beta ≠ 0, offsets and
     * padded strides, against the Java GEMM. A partial product left out, added twice, or taken
     * from the wrong rows of A or B fails it.
     */
    @Test
    void aProductSplitByWeightRowsEqualsTheReference() {
        checkAgainstTheReference(Gemm.Weights.C);
        checkAgainstTheReference(Gemm.Weights.B);
    }

    private static void checkAgainstTheReference(Gemm.Weights weights) {
        OpenBlasGemm blas = OpenBlasGemm.load();
        int restore = blas.threads();
        blas.setThreads(1);
        Gemm split = new SplitGemm(blas, VECTOR);
        Gemm reference = new JavaGemm();
        Random r = new Random(3);
        int[][] shapes = {{128, 256, 256}, {256, 257, 128}, {37, 300, 90}, {300, 37, 90}, {65, 64, 200}, {5, 7, 3},
                {128, 128, 129}};
        Cores.use(2);
        try {
            for (int[] s : shapes) {
                for (int t = 0; t < 4; t++) {
                    boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
                    int m = s[0], n = s[1], k = s[2];
                    int lda = (ta ? m : k) + 3, ldb = (tb ? k : n) + 1, ldc = n + 5;
                    int aOff = 7, bOff = 2, cOff = 11;
                    float[] a = fill(r, aOff + (ta ? k : m) * lda);
                    float[] b = fill(r, bOff + (tb ? n : k) * ldb);
                    float[] c = fill(r, cOff + m * ldc + 4);
                    float[] want = c.clone();
                    float[] got = c.clone();
                    reference.sgemm(ta, tb, m, n, k, 0.7f, a, aOff, lda, b, bOff, ldb, 0.3f, want, cOff, ldc);
                    if (weights == null) split.sgemm(ta, tb, m, n, k, 0.7f, a, aOff, lda, b, bOff, ldb, 0.3f, got, cOff, ldc);
                    else split.sgemm(weights, ta, tb, m, n, k, 0.7f, a, aOff, lda, b, bOff, ldb, 0.3f, got, cOff, ldc);
                    for (int i = 0; i < c.length; i++) {
                        assertThat(got[i]).as("%s %dx%dx%d transA=%b transB=%b at %d", weights, m, n, k, ta, tb, i)
                                .isCloseTo(want[i], within(1e-4f * (1 + Math.abs(want[i])) * (float) Math.sqrt(k)));
                    }
                }
            }
        } finally {
            blas.setThreads(restore);
        }
    }

    @Test
    void workSplitInTwoRunsOnTwoThreadsAndRethrowsTheHelpersFailure() {
        TwoWay two = Cores.twoWay();
        Thread[] ran = new Thread[2];
        two.run(half -> ran[half] = Thread.currentThread());
        assertThat(ran[0]).isSameAs(Thread.currentThread());
        assertThat(ran[1]).isNotNull().isNotSameAs(Thread.currentThread());
        assertThatThrownBy(() -> two.run(half -> {
            if (half == 1) throw new IllegalStateException("helper half failed");
        })).hasMessage("helper half failed");
        int[] count = new int[2];   // still usable after a failure
        two.run(half -> count[half]++);
        assertThat(count).containsExactly(1, 1);
        // a half that splits again runs the inner halves itself, on its own thread
        Thread[][] inner = new Thread[2][2];
        two.run(outer -> two.run(half -> inner[outer][half] = Thread.currentThread()));
        assertThat(inner[0]).containsOnly(Thread.currentThread());
        assertThat(inner[1][0]).isSameAs(inner[1][1]).isNotSameAs(Thread.currentThread());
    }

    /**
     * {@code C = alpha·op(A)·op(B) + bias} in every row, whatever C held before: split by rows
     * and by columns on two cores, whole on one (the interface's fill-then-add default), on
     * OpenBLAS and the Java GEMM, every transpose, with offsets and padded strides, against the
     * Java product plus the bias; the cells outside C stay untouched. A half filled with the
     * wrong columns, a missing fill or a bias added twice fails it.
     */
    @Test
    void aProductWithABiasRowEqualsTheProductPlusTheBias() {
        OpenBlasGemm blas = OpenBlasGemm.load();
        int restore = blas.threads();
        blas.setThreads(1);
        Gemm reference = new JavaGemm();
        Random r = new Random(5);
        int[][] shapes = {{128, 96, 130}, {40, 256, 64}, {5, 7, 3}, {1, 1, 1}};
        try {
            for (int cores : new int[] {1, 2}) {
                Cores.use(cores);
                for (Gemm gemm : new Gemm[] {new SplitGemm(blas, VECTOR), blas, reference}) {
                    for (int[] s : shapes) {
                        for (int t = 0; t < 4; t++) {
                            boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
                            int m = s[0], n = s[1], k = s[2];
                            int lda = (ta ? m : k) + 2, ldb = (tb ? k : n) + 3, ldc = n + 4;
                            int aOff = 3, bOff = 5, cOff = 9;
                            float[] a = fill(r, aOff + (ta ? k : m) * lda);
                            float[] b = fill(r, bOff + (tb ? n : k) * ldb);
                            float[] bias = fill(r, n);
                            float[] c = fill(r, cOff + m * ldc + 4);
                            float[] want = c.clone();
                            reference.sgemm(ta, tb, m, n, k, 0.6f, a, aOff, lda, b, bOff, ldb, 0f, want, cOff, ldc);
                            for (int i = 0; i < m; i++) {
                                for (int j = 0; j < n; j++) want[cOff + i * ldc + j] += bias[j];
                            }
                            float[] got = c.clone();
                            gemm.sgemmBias(ta, tb, m, n, k, 0.6f, a, aOff, lda, b, bOff, ldb, bias, got, cOff, ldc);
                            for (int i = 0; i < c.length; i++) {
                                assertThat(got[i]).as("%s on %d cores %dx%dx%d transA=%b transB=%b at %d", gemm.name(),
                                        cores, m, n, k, ta, tb, i)
                                        .isCloseTo(want[i], within(1e-4f * (1 + Math.abs(want[i])) * (float) Math.sqrt(k)));
                            }
                        }
                    }
                }
            }
        } finally {
            blas.setThreads(restore);
        }
    }

    private static float[] fill(Random r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) r.nextGaussian();
        return x;
    }
}
