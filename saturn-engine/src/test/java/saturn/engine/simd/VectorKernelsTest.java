package saturn.engine.simd;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import saturn.engine.kernel.Kernels;
import saturn.engine.kernel.ScalarKernels;
import saturn.engine.kernel.SumOrder;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** VectorKernels against the scalar reference on awkward lengths (tails of every size). */
class VectorKernelsTest {

    private final Kernels vector = new VectorKernels();
    private final Kernels scalar = new ScalarKernels();

    private static float[] random(int n, long seed) {
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
    @ValueSource(ints = {1, 7, 13, 1023, 4097, 20011, 70001})
    void fusedAdamIsBitIdentical(int n) {
        for (boolean decay : new boolean[] {false, true}) {
            float[] w = random(n, 11), g = random(n, 12), m = random(n, 13), v = random(n, 14);
            for (int i = 0; i < n; i++) v[i] = Math.abs(v[i]);
            if (n > 3) g[3] = 0f;   // a zero gradient and an exact zero second moment
            if (n > 3) v[3] = 0f;
            // gradients about the floor below which the square term is dropped (tiny and subnormal
            // products), in every lane position
            float floor = saturn.engine.kernel.Kernels.adamSquareFloor(1f - 0.999f);
            float[] tiny = {floor, Math.nextDown(floor), -floor, 1e-20f, -3e-19f, 1e-30f, 2 * floor, Float.MIN_VALUE};
            for (int i = 5; i < n; i += 3) {
                g[i] = tiny[(i / 3) % tiny.length];
                v[i] = 0f;   // else v swamps the term
            }
            float[] ws = w.clone(), ms = m.clone(), vs = v.clone();
            float[] wv = w.clone(), mv = m.clone(), vv = v.clone();
            // and band by band (adamRange: a band's update run by the core that computed it), at
            // boundaries off the vector length, on both kernels
            float[][] banded = {w.clone(), m.clone(), v.clone(), w.clone(), m.clone(), v.clone()};
            int[] cuts = {0, n / 3, Math.min(n, n / 3 + 5), n};
            for (int t = 1; t <= 3; t++) {
                float c1 = (float) (1 / (1 - Math.pow(0.9, t)));
                float c2 = (float) (1 / (1 - Math.pow(0.999, t)));
                scalar.adam(ws, g, ms, vs, n, 0.9f, 0.999f, c1, c2, 1e-8f, decay, 0.01f, -1e-3f);
                vector.adam(wv, g, mv, vv, n, 0.9f, 0.999f, c1, c2, 1e-8f, decay, 0.01f, -1e-3f);
                for (int b = 0; b + 1 < cuts.length; b++) {
                    scalar.adamRange(banded[0], g, banded[1], banded[2], cuts[b], cuts[b + 1], 0.9f, 0.999f, c1, c2,
                            1e-8f, decay, 0.01f, -1e-3f);
                    vector.adamRange(banded[3], g, banded[4], banded[5], cuts[b], cuts[b + 1], 0.9f, 0.999f, c1, c2,
                            1e-8f, decay, 0.01f, -1e-3f);
                }
            }
            assertThat(wv).containsExactly(ws);
            assertThat(mv).containsExactly(ms);
            assertThat(vv).containsExactly(vs);
            for (int k = 0; k < 6; k += 3) {
                assertThat(banded[k]).containsExactly(ws);
                assertThat(banded[k + 1]).containsExactly(ms);
                assertThat(banded[k + 2]).containsExactly(vs);
            }
            assertThat(ws).isNotEqualTo(w);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 13, 1023, 4097, 20011, 70001})
    void fusedMomentumIsBitIdentical(int n) {
        for (boolean nesterov : new boolean[] {false, true}) {
            float[] w = random(n, 21), g = random(n, 22), t = random(n, 23);
            float[] ws = w.clone(), ts = t.clone();
            float[] wv = w.clone(), tv = t.clone();
            for (int s = 0; s < 3; s++) {
                scalar.momentum(ws, g, ts, n, 0.9f, nesterov, -0.01f);
                vector.momentum(wv, g, tv, n, 0.9f, nesterov, -0.01f);
            }
            assertThat(wv).containsExactly(ws);
            assertThat(tv).containsExactly(ts);
            assertThat(ws).isNotEqualTo(w);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 13, 1023, 4097, 20011, 70001})
    void fusedLarsIsBitIdentical(int n) {
        for (boolean scaled : new boolean[] {false, true}) {
            float[] w = random(n, 31), g = random(n, 32), t = random(n, 33);
            float[] ws = w.clone(), ts = t.clone();
            float[] wv = w.clone(), tv = t.clone();
            for (int s = 0; s < 3; s++) {
                scalar.lars(ws, g, ts, n, scaled, 0.37f, 0.05f, -0.01f, 0.9f);
                vector.lars(wv, g, tv, n, scaled, 0.37f, 0.05f, -0.01f, 0.9f);
            }
            assertThat(wv).containsExactly(ws);
            assertThat(tv).containsExactly(ts);
            assertThat(ws).isNotEqualTo(w);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 13, 16, 256, 1023, 4097, 12_300, 20011, 65536, 70001})
    void fusedLambPassesAreBitIdentical(int n) {
        for (float decay : new float[] {0f, 0.01f}) {
            float[] w = random(n, 41), g = random(n, 42), m = random(n, 43), v = random(n, 44);
            for (int i = 0; i < n; i++) v[i] = Math.abs(v[i]);
            float[] ws = w.clone(), ms = m.clone(), vs = v.clone(), us = new float[n];
            float[] wv = w.clone(), mv = m.clone(), vv = v.clone(), uv = new float[n];
            for (int t = 1; t <= 3; t++) {
                float c1 = (float) (1 / (1 - Math.pow(0.9, t)));
                float c2 = (float) (1 / (1 - Math.pow(0.999, t)));
                double[] partsScalar = new double[32], partsVector = new double[32];
                scalar.lambMoments(ws, g, ms, vs, us, n, 0.9f, 0.999f, c1, c2, 1e-6f, decay, partsScalar);
                vector.lambMoments(wv, g, mv, vv, uv, n, 0.9f, 0.999f, c1, c2, 1e-6f, decay, partsVector);
                assertThat(uv).containsExactly(us);
                // the norms out of the moments pass are the kernels' own sumSquares, bit for bit
                assertThat(partsVector).containsExactly(partsScalar);
                assertThat(SumOrder.combine(partsVector, 0)).isEqualTo(vector.sumSquares(ws, 0, n));
                assertThat(SumOrder.combine(partsVector, 16)).isEqualTo(vector.sumSquares(us, 0, n));
                assertThat(SumOrder.combine(partsScalar, 16)).isEqualTo(sumOrderReference(us, 0, n)).isPositive();
                scalar.addScaled(ws, us, n, 0.7f, -1e-3f);
                vector.addScaled(wv, uv, n, 0.7f, -1e-3f);
            }
            assertThat(wv).containsExactly(ws);
            assertThat(mv).containsExactly(ms);
            assertThat(vv).containsExactly(vs);
            assertThat(ws).isNotEqualTo(w);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 13, 1023, 4097, 20011, 70001})
    void fusedRmspropIsBitIdentical(int n) {
        for (boolean centered : new boolean[] {false, true}) {
            for (boolean momentum : new boolean[] {false, true}) {
                float[] w = random(n, 51), g = random(n, 52), nu = random(n, 53), mu = random(n, 54), t = random(n, 55);
                // ν below μ² in about half the coordinates: the centered variance is clamped at 0
                for (int i = 0; i < n; i++) nu[i] = Math.abs(nu[i]);
                if (n > 3) g[3] = 0f;
                float[][] s = {w.clone(), nu.clone(), mu.clone(), t.clone()};
                float[][] v = {w.clone(), nu.clone(), mu.clone(), t.clone()};
                for (int step = 0; step < 3; step++) {
                    scalar.rmsprop(s[0], g, s[1], centered ? s[2] : null, momentum ? s[3] : null, n, 0.9f, 1e-8f,
                            0.9f, -1e-3f);
                    vector.rmsprop(v[0], g, v[1], centered ? v[2] : null, momentum ? v[3] : null, n, 0.9f, 1e-8f,
                            0.9f, -1e-3f);
                }
                for (int k = 0; k < s.length; k++) assertThat(v[k]).containsExactly(s[k]);
                assertThat(s[0]).isNotEqualTo(w);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 13, 1023, 4097, 20011, 70001})
    void fusedAdagradIsBitIdentical(int n) {
        float[] w = random(n, 61), g = random(n, 62), sum = random(n, 63);
        for (int i = 0; i < n; i++) sum[i] = Math.abs(sum[i]);
        if (n > 3) g[3] = 0f;   // a zero gradient on an exact zero sum: 0/(0 + eps)
        if (n > 3) sum[3] = 0f;
        float[] ws = w.clone(), ss = sum.clone();
        float[] wv = w.clone(), sv = sum.clone();
        for (int step = 0; step < 3; step++) {
            scalar.adagrad(ws, g, ss, n, 1e-10f, -1e-2f);
            vector.adagrad(wv, g, sv, n, 1e-10f, -1e-2f);
        }
        assertThat(wv).containsExactly(ws);
        assertThat(sv).containsExactly(ss);
        assertThat(ws).isNotEqualTo(w);
    }

    /** Signed zeros, NaN and infinities at both ends (in the vector body and in the tail) of {@code g}, on {@code w = −0}. */
    private static void specials(float[] w, float[] g) {
        float[] s = {0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MIN_VALUE, -Float.MIN_VALUE};
        for (int k = 0; k < s.length && k < g.length; k++) {
            g[k] = s[k];
            w[k] = -0f;
            if (g.length >= 2 * s.length) {
                g[g.length - 1 - k] = s[k];
                w[g.length - 1 - k] = -0f;
            }
        }
    }

    /**
     * iRprop−'s masks against the reference's branches: gradients that keep, flip and lose
     * their sign, steps hitting both bounds, signed zeros and NaN (specials), over five steps.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 7, 13, 1023, 4097, 20011, 70001})
    void fusedRpropIsBitIdentical(int n) {
        float[] w = random(n, 81), prev = random(n, 82), step = random(n, 83);
        for (int i = 0; i < n; i++) step[i] = 0.01f + Math.abs(step[i]) * (i % 3 == 0 ? 5 : 0.01f);
        specials(w, new float[n]);                                           // −0 weights where the specials go
        float[] ws = w.clone(), ps = prev.clone(), ss = step.clone();
        float[] wv = w.clone(), pv = prev.clone(), sv = step.clone();
        for (int t = 0; t < 5; t++) {
            float[] g = random(n, 90 + t);
            float[] specialW = new float[n];
            specials(specialW, g);
            if (t == 1) for (int i = 0; i < n; i += 4) g[i] = ps[i];        // same sign: the step grows
            float[] gs = g.clone();
            scalar.rprop(ws, g, ps, ss, n, 1.2f, 0.5f, 0.005f, 0.5f);
            vector.rprop(wv, g, pv, sv, n, 1.2f, 0.5f, 0.005f, 0.5f);
            assertThat(g).containsExactly(gs);                               // the gradient is read only
            assertThat(wv).containsExactly(ws);
            assertThat(pv).containsExactly(ps);
            assertThat(sv).containsExactly(ss);
        }
        if (n > 7) assertThat(ws).isNotEqualTo(w);                            // n <= 7: specials only
        if (n >= 1023) assertThat(ss).contains(0.5f, 0.005f);              // steps reached both bounds
    }

    /** One sweep equal to dot, then the copy, then axpy(1), on both kernels, at an offset. */
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
    @ValueSource(ints = {1, 7, 13, 1023, 4097, 20011, 70001})
    void fusedSignIsBitIdentical(int n) {
        for (boolean momentum : new boolean[] {false, true}) {
            float[] w = random(n, 71), g = random(n, 72), t = random(n, 73);
            specials(w, g);
            float[] ws = w.clone(), ts = t.clone();
            float[] wv = w.clone(), tv = t.clone();
            for (int step = 0; step < 3; step++) {
                scalar.sign(ws, g, momentum ? ts : null, n, 0.9f, -0.5f);
                vector.sign(wv, g, momentum ? tv : null, n, 0.9f, -0.5f);
            }
            assertThat(wv).containsExactly(ws);
            assertThat(tv).containsExactly(ts);
            if (!momentum) {
                // sign(+0) = +0 leaves −0 alone (−0 + −0); sign(−0) = −0 turns it into +0 (−0 + +0)
                for (int k : n >= 14 ? new int[] {0, n - 1} : new int[] {0}) {
                    assertThat(Float.floatToRawIntBits(wv[k])).isEqualTo(Float.floatToRawIntBits(-0f));
                }
                if (n > 3) {
                    assertThat(Float.floatToRawIntBits(wv[1])).isZero();
                    assertThat(wv[2]).isNaN();
                    assertThat(wv[3]).isEqualTo(-1.5f);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 13, 1023, 4097, 20011, 70001})
    void fusedLionIsBitIdentical(int n) {
        for (boolean decay : new boolean[] {false, true}) {
            float[] w = random(n, 81), g = random(n, 82), m = random(n, 83);
            specials(w, g);
            // m = g at the special entries, so that b1·m + (1−b1)·g is itself ±0, NaN or ±inf
            for (int i = 0; i < n; i++) if (!Float.isFinite(g[i]) || Math.abs(g[i]) < Float.MIN_NORMAL) m[i] = g[i];
            float[] ws = w.clone(), ms = m.clone();
            float[] wv = w.clone(), mv = m.clone();
            for (int step = 0; step < 3; step++) {
                scalar.lion(ws, g, ms, n, 0.9f, 0.99f, decay, 0.1f, -0.5f);
                vector.lion(wv, g, mv, n, 0.9f, 0.99f, decay, 0.1f, -0.5f);
            }
            assertThat(wv).containsExactly(ws);
            assertThat(mv).containsExactly(ms);
            if (n > 1) assertThat(ws).isNotEqualTo(w);   // n = 1: only the +0 entry, which leaves w = −0 alone
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 13, 1023, 4097, 20011, 70001})
    void fusedSmorms3IsBitIdentical(int n) {
        float[] w = random(n, 91), g = random(n, 92), mem = random(n, 93), g1 = random(n, 94), g2 = random(n, 95);
        for (int i = 0; i < n; i++) {
            mem[i] = 1f + Math.abs(mem[i]);
            g2[i] = Math.abs(g2[i]);
        }
        if (n > 3) {   // a zero gradient on the initial state: x = 0/(0 + eps)
            g[3] = 0f;
            mem[3] = 1f;
            g1[3] = 0f;
            g2[3] = 0f;
        }
        float[][] s = {w.clone(), mem.clone(), g1.clone(), g2.clone()};
        float[][] v = {w.clone(), mem.clone(), g1.clone(), g2.clone()};
        for (int step = 0; step < 3; step++) {
            // lr 0.3 inside min(lr, x), x in [0, 1]: both sides of the min are taken
            scalar.smorms3(s[0], g, s[1], s[2], s[3], n, 0.3f, 1e-16f);
            vector.smorms3(v[0], g, v[1], v[2], v[3], n, 0.3f, 1e-16f);
        }
        for (int k = 0; k < s.length; k++) assertThat(v[k]).containsExactly(s[k]);
        assertThat(s[0]).isNotEqualTo(w);
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
    private static double sumOrderReference(float[] x, int off, int n) {
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
