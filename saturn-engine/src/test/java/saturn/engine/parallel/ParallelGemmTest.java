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

class ParallelGemmTest {

    @AfterEach
    void oneCore() {
        Workers.use(1);
    }

    /**
     * Cut into bands (by rows when C has at least as many rows as columns, else by columns)
     * on 1, 2, 3 and 5 workers, on every transpose, with offsets and padded strides: the same
     * bits on every number of workers, and the product (against the Java GEMM, to rounding);
     * the cells outside C (padding, guards) stay untouched. A band computed from the wrong
     * rows of A or B, left out, or cut where the number of workers says fails it.
     */
    @Test
    void aProductCutIntoBandsHasTheSameBitsOnAnyNumberOfWorkers() {
        checkAcrossWorkers();
    }

    private static void checkAcrossWorkers() {
        OpenBlasGemm blas = OpenBlasGemm.load();
        blas.setThreads(1);
        Gemm split = new ParallelGemm(blas, saturn.engine.Backends.kernels());
        Gemm reference = new JavaGemm();
        Random r = new Random(3);
        int[][] shapes = {{128, 256, 256}, {256, 257, 128}, {37, 300, 90}, {300, 37, 90}, {65, 64, 200}, {5, 7, 3},
                {128, 128, 129}, {1000, 33, 17}, {33, 1000, 17}};
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
                reference.sgemm(ta, tb, m, n, k, 0.7f, a, aOff, lda, b, bOff, ldb, 0.3f, want, cOff, ldc);
                float[] first = null;
                for (int workers : new int[] {1, 2, 3, 5}) {
                    Workers.use(workers);
                    float[] got = c.clone();
                    split.sgemm(ta, tb, m, n, k, 0.7f, a, aOff, lda, b, bOff, ldb, 0.3f, got, cOff, ldc);
                    String what = String.format("%d workers %dx%dx%d transA=%b transB=%b", workers, m, n, k, ta, tb);
                    if (first == null) {
                        first = got;
                        for (int i = 0; i < c.length; i++) {
                            if (Math.abs(got[i] - want[i]) > 1e-4f * (1 + Math.abs(want[i])) * (float) Math.sqrt(k)) {
                                throw new AssertionError(what + " at " + i + ": " + got[i] + " against " + want[i]);
                            }
                        }
                    } else if (!java.util.Arrays.equals(got, first)) {
                        throw new AssertionError(what + ": not the bits of one worker's product");
                    }
                }
            }
        }
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
        blas.setThreads(1);
        Gemm reference = new JavaGemm();
        Random r = new Random(5);
        int[][] shapes = {{128, 96, 130}, {40, 256, 64}, {5, 7, 3}, {1, 1, 1}};
        for (int cores : new int[] {1, 2, 3, 5}) {
                Workers.use(cores);
                for (Gemm gemm : new Gemm[] {new ParallelGemm(blas, saturn.engine.Backends.kernels()), blas, reference}) {
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
    }

    /** Records each band an epilogue runs on, with a copy of those rows of C as they were then. */
    private static final class Bands implements Gemm.Epilogue {
        final float[] c;
        final int cols;
        final java.util.List<int[]> bands = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
        final java.util.Set<Thread> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
        final java.util.Map<Integer, float[]> seen = new java.util.concurrent.ConcurrentHashMap<>();
        /** Added to the band's rows of C after they are copied (an update of weight rows), or 0. */
        final float bump;

        Bands(float[] c, int cols, float bump) {
            this.c = c;
            this.cols = cols;
            this.bump = bump;
        }

        @Override
        public void rows(int r0, int r1) {
            bands.add(new int[] {r0, r1});
            threads.add(Thread.currentThread());
            seen.put(r0, java.util.Arrays.copyOfRange(c, r0 * cols, r1 * cols));
            for (int i = r0 * cols; i < r1 * cols; i++) c[i] += bump;
        }

        /** The bands cover {@code [0, m)} once each, and each saw its rows as {@code want} holds them. */
        void check(int m, float[] want, String what) {
            java.util.List<int[]> sorted = new java.util.ArrayList<>(bands);
            sorted.sort(java.util.Comparator.comparingInt(b -> b[0]));
            int next = 0;
            for (int[] b : sorted) {
                assertThat(b[0]).as("%s: bands %s", what, sorted.stream().map(java.util.Arrays::toString).toList())
                        .isEqualTo(next);
                next = b[1];
                assertThat(seen.get(b[0])).as("%s: rows [%d, %d) when their epilogue ran", what, b[0], b[1])
                        .containsExactly(java.util.Arrays.copyOfRange(want, b[0] * cols, b[1] * cols));
            }
            assertThat(next).as(what).isEqualTo(m);
        }
    }

    /**
     * A product's epilogue runs on bands of C's rows that cover C once, each band after its rows
     * are final, and the product is the bits of the same call without one: on two cores one
     * band per core, on both threads, when the product is split by rows (C at least as tall as
     * wide), whole after a split by columns; whole on one core and on the GEMMs that do not split. Running a band before its rows are done, on a wrong
     * band, or twice fails it.
     */
    @Test
    void aProductsEpilogueRunsOnEachBandOfRowsOnceTheyAreFinal() {
        OpenBlasGemm blas = OpenBlasGemm.load();
        blas.setThreads(1);
        Random r = new Random(9);
        int[][] shapes = {{128, 128, 128}, {128, 256, 256}, {37, 90, 300}, {5, 7, 3}, {1, 1, 1}};
        for (int cores : new int[] {1, 2, 3, 5}) {
                Workers.use(cores);
                for (Gemm gemm : new Gemm[] {new ParallelGemm(blas, saturn.engine.Backends.kernels()), blas, new JavaGemm()}) {
                    for (int[] s : shapes) {
                        int m = s[0], n = s[1], k = s[2];
                        float[] a = fill(r, m * k), b = fill(r, n * k), bias = fill(r, n);
                        float[] want = new float[m * n], got = new float[m * n];
                        gemm.sgemmBias(false, true, m, n, k, 1f, a, 0, k, b, 0, k, bias, want, 0, n);
                        Bands after = new Bands(got, n, 0f);
                        gemm.sgemmBias(false, true, m, n, k, 1f, a, 0, k, b, 0, k, bias, got, 0, n, after);
                        String what = gemm.name() + " on " + cores + " cores " + m + "x" + n + "x" + k;
                        assertThat(got).as(what).containsExactly(want);
                        after.check(m, want, what);
                        if (cores >= 2 && gemm instanceof ParallelGemm && m >= 32 && m >= n) {
                            assertThat(after.threads).as(what)
                                    .hasSize(Math.min(cores, Math.min(ParallelGemm.GRID, m / ParallelGemm.ALIGN)));
                        }
                    }
                }
            }
    }

    /**
     * A plain product's epilogue (a layer's update on the weight rows whose gradient it has
     * just computed, an activation's backward pass on the rows of its input gradient): run on
     * bands of C's rows that cover C once, each after its rows are final, on several workers
     * when the product is cut by rows, whole after a cut by columns, and the product is the
     * bits of the same call without it; an epilogue that changes its rows (as an update does)
     * changes only them. A band run before its rows are done, on a wrong band, or twice fails it.
     */
    @Test
    void aPlainProductsEpilogueRunsOnEachBandOfRowsOnceTheyAreFinal() {
        OpenBlasGemm blas = OpenBlasGemm.load();
        blas.setThreads(1);
        Random r = new Random(11);
        int[][] shapes = {{128, 128, 128}, {37, 65, 90}, {256, 64, 128}, {64, 512, 32}, {1, 130, 130}, {3, 2, 5}};
        for (int cores : new int[] {1, 2, 3, 5}) {
            Workers.use(cores);
            for (Gemm gemm : new Gemm[] {new ParallelGemm(blas, saturn.engine.Backends.kernels()), blas, new JavaGemm()}) {
                for (int[] s : shapes) {
                    for (boolean transA : new boolean[] {false, true}) {
                        int m = s[0], n = s[1], k = s[2];
                        int lda = transA ? m : k;
                        float[] a = fill(r, m * k), b = fill(r, k * n);
                        float[] want = new float[m * n];
                        gemm.sgemm(transA, false, m, n, k, 1f, a, 0, lda, b, 0, n, 0f, want, 0, n);
                        float[] got = new float[m * n];
                        Bands after = new Bands(got, n, 1000f);
                        gemm.sgemm(transA, false, m, n, k, 1f, a, 0, lda, b, 0, n, 0f, got, 0, n, after);
                        String what = gemm.name() + " on " + cores + " workers " + m + "x" + n + "x" + k + " transA=" + transA;
                        after.check(m, want, what);
                        for (int i = 0; i < want.length; i++) assertThat(got[i]).as(what).isEqualTo(want[i] + 1000f);
                        for (int[] band : after.bands) {   // whole row chunks of the column sums
                            assertThat(band[0] % ParallelGemm.ALIGN).as(what).isZero();
                            assertThat(band[1] == m || band[1] % ParallelGemm.ALIGN == 0).as(what).isTrue();
                        }
                        if (cores >= 2 && gemm instanceof ParallelGemm && m >= n && 2.0 * m * n * k >= 2e5) {
                            assertThat(after.threads).as(what).hasSizeGreaterThan(1);
                        }
                    }
                }
            }
        }
    }

    private static float[] fill(Random r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) r.nextGaussian();
        return x;
    }
}
