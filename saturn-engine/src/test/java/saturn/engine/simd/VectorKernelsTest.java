package saturn.engine.simd;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import saturn.engine.kernel.Kernels;
import saturn.engine.kernel.ScalarKernels;
import saturn.engine.kernel.SumOrder;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * VectorKernels against the scalar reference on awkward lengths (tails of every size). The
 * optimizers' steps are {@link VectorUpdateKernelsTest}'s.
 */
class VectorKernelsTest {

    private final Kernels vector = new VectorKernels();
    private final Kernels scalar = new ScalarKernels();

    static float[] random(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (r.nextGaussian() * 3);
        return x;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 13, 1023, 4097, 20011, 70001})
    void flushToZeroMultipliesAndDropsOnlySubnormalProducts(int n) {
        float[] a = random(n, n);
        float[] b = random(n, n + 2);
        // every third product lands in the subnormal range, some at its edges and some negative
        for (int i = 0; i < n; i += 3) b[i] = (float) (1e-38 * (i % 2 == 0 ? 1 : -1) / Math.max(Math.abs(a[i]), 1e-3));
        if (n > 4) {
            a[1] = Float.MIN_NORMAL;
            b[1] = 1f;    // exactly MIN_NORMAL: normal, kept
            a[4] = Float.MIN_VALUE;
            b[4] = -1f;   // the smallest subnormal: flushed to +0
        }
        float[] v = new float[n];
        float[] s = new float[n];
        vector.mulFlushToZero(a, b, v, n);
        scalar.mulFlushToZero(a, b, s, n);
        assertThat(v).containsExactly(s);
        int flushed = 0;
        for (int i = 0; i < n; i++) {
            float p = a[i] * b[i];
            if (Math.abs(p) < Float.MIN_NORMAL) {
                assertThat(Float.floatToRawIntBits(v[i])).as("index %d, product %s", i, p).isZero();
                flushed++;
            } else {
                assertThat(v[i]).isEqualTo(p);
            }
        }
        if (n > 4) {
            assertThat(v[1]).isEqualTo(Float.MIN_NORMAL);
            assertThat(flushed).isGreaterThan(n / 4);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 13, 1023, 4097, 20011, 70001})
    void elementwiseOperationsAreBitIdentical(int n) {
        float[] a = random(n, n);
        float[] b = random(n, n + 1);
        float[] v = new float[n];
        float[] s = new float[n];
        vector.mul(a, b, v, n);
        scalar.mul(a, b, s, n);
        assertThat(v).containsExactly(s);

        float[] yv = b.clone();
        float[] ys = b.clone();
        vector.axpy(-0.37f, a, yv, n);
        scalar.axpy(-0.37f, a, ys, n);
        assertThat(yv).containsExactly(ys);

        vector.scale(1.7f, yv, n);
        scalar.scale(1.7f, ys, n);
        assertThat(yv).containsExactly(ys);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 13, 1023, 4097, 20011, 70001})
    void columnSumsAreBitIdentical(int cols) {
        for (int r : new int[] {1, 3, 17}) {
            float[] g = random(r * cols, cols + r);
            float[] ov = random(cols, 5);   // garbage: column sums overwrite
            float[] os = random(cols, 6);
            vector.columnSums(g, r, cols, ov);
            scalar.columnSums(g, r, cols, os);
            assertThat(ov).containsExactly(os);
            double s0 = 0;
            for (int k = 0; k < r; k++) s0 += g[k * cols];
            assertThat(os[0]).isEqualTo((float) s0);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 13, 257, 1023})
    void dotThenMoveIsDotCopyAndAdd(int n) {
        for (Kernels k : new Kernels[] {scalar, vector}) {
            for (boolean add : new boolean[] {false, true}) {
                float[] x = random(n + 3, 61), g = random(n + 5, 62), p = random(n + 2, 63);
                double want = k.dot(x, 3, g, 5, n);
                float[] wantG = g.clone(), wantP = p.clone();
                System.arraycopy(x, 3, wantG, 5, n);
                if (add) k.axpy(1f, x, 3, wantP, 2, n);
                double got = k.dotThenMove(x, 3, g, 5, add ? p : null, 2, n);
                assertThat(got).isEqualTo(want);
                assertThat(g).containsExactly(wantG);
                assertThat(p).containsExactly(wantP);
                if (add) assertThat(p).isNotEqualTo(random(n + 2, 63));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 13, 16, 256, 1023, 4097, 12_300, 20011, 65536, 70001})
    void reductionsAgreeToDoubleRounding(int n) {
        float[] x = random(n + 5, n * 31L);
        for (int off : new int[] {0, 5}) {
            double ss = scalar.sumSquares(x, off, n);
            assertThat(vector.sumSquares(x, off, n)).isEqualTo(ss);      // one order for every kernel (SumOrder)
            assertThat(ss).isEqualTo(sumOrderReference(x, off, n));
            double sequential = 0;
            for (int i = 0; i < n; i++) sequential += (double) x[off + i] * x[off + i];
            // float partials of at most 256 squares: relative error below 256 * 2^-24
            assertThat(ss).isCloseTo(sequential, within(1.6e-5 * sequential));
            double sumAbs = 0;
            for (int i = 0; i < n; i++) sumAbs += Math.abs(x[off + i]);
            if (off == 0) {
                float[] y = random(n, n * 17L);
                double absDot = 0;
                for (int i = 0; i < n; i++) absDot += Math.abs((double) x[i] * y[i]);
                assertThat(vector.dot(x, 0, y, 0, n)).isCloseTo(scalar.dot(x, 0, y, 0, n), within(1e-13 * absDot + 1e-300));
                assertThat(scalar.dot(x, 0, x, 0, n)).isCloseTo(ss, within(1.6e-5 * ss));
            }
            assertThat(vector.sum(x, off, n)).isCloseTo(scalar.sum(x, off, n), within(1e-13 * sumAbs));
        }
    }

    /**
     * SumOrder written out plainly: float partial i mod 16 in index order, flushed every 4096
     * to the double totals of the run of 16384 elements it belongs to, each partial's run
     * totals added in run order from 0, then the tree.
     */
    static double sumOrderReference(float[] x, int off, int n) {
        int runs = Math.max(1, (n + 16383) / 16384);
        double[][] run = new double[runs][16];
        float[] block = new float[16];
        for (int i = 0; i < n; i++) {
            block[i % 16] = Math.fma(x[off + i], x[off + i], block[i % 16]);
            if ((i + 1) % 4096 == 0 || i == n - 1) {
                for (int j = 0; j < 16; j++) run[i / 16384][j] += block[j];
                java.util.Arrays.fill(block, 0f);
            }
        }
        double[] parts = new double[16];
        for (int j = 0; j < 16; j++) {
            for (int r = 0; r < runs; r++) parts[j] += run[r][j];
        }
        for (int width = 16; width > 1; width /= 2) {
            for (int k = 0; k < width / 2; k++) parts[k] = parts[2 * k] + parts[2 * k + 1];
        }
        return parts[0];
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 13, 1023, 4097, 20011, 70001})
    void reductionsRespectTheOffset(int n) {
        float[] x = new float[n + 3];
        java.util.Arrays.fill(x, 2f);
        x[0] = 1000f;
        x[1] = 1000f;
        x[2] = 1000f;
        assertThat(vector.sum(x, 3, n)).isEqualTo(2.0 * n);
        assertThat(vector.sumSquares(x, 3, n)).isEqualTo(4.0 * n);
        float[] y = new float[n + 1];
        java.util.Arrays.fill(y, 3f);
        y[0] = -1000f;
        for (Kernels k : new Kernels[] {scalar, vector}) assertThat(k.dot(x, 3, y, 1, n)).isEqualTo(6.0 * n);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 13, 1023, 4097, 20011, 70001})
    void axpyWithOffsetsTouchesOnlyItsWindowAndMatchesThePlainOne(int n) {
        float[] x = random(n + 5, n);
        float[] y = random(n + 9, n + 2);
        float[] expected = java.util.Arrays.copyOfRange(y, 4, 4 + n);
        scalar.axpy(0.61f, java.util.Arrays.copyOfRange(x, 5, 5 + n), expected, n);
        for (Kernels k : new Kernels[] {scalar, vector}) {
            float[] out = y.clone();
            k.axpy(0.61f, x, 5, out, 4, n);
            assertThat(java.util.Arrays.copyOfRange(out, 4, 4 + n)).containsExactly(expected);
            assertThat(java.util.Arrays.copyOfRange(out, 0, 4)).containsExactly(java.util.Arrays.copyOfRange(y, 0, 4));
            assertThat(java.util.Arrays.copyOfRange(out, 4 + n, n + 9))
                    .containsExactly(java.util.Arrays.copyOfRange(y, 4 + n, n + 9));
        }
    }
}
