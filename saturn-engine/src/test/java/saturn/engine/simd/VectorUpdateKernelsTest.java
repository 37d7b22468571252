package saturn.engine.simd;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import saturn.engine.kernel.Kernels;
import saturn.engine.kernel.ScalarKernels;
import saturn.engine.kernel.SumOrder;
import saturn.engine.optim.ScalarUpdateKernels;
import saturn.engine.optim.ScaleByAdam;
import saturn.engine.optim.UpdateKernels;

/**
 * VectorUpdateKernels against the scalar reference (the transformations' per-element rules)
 * on awkward lengths: tails of every size, and tensors large enough to be cut between workers.
 */
class VectorUpdateKernelsTest {

    private final UpdateKernels vectorSteps = new VectorUpdateKernels();
    private final UpdateKernels scalarSteps = new ScalarUpdateKernels();
    private final Kernels vector = new VectorKernels();
    private final Kernels scalar = new ScalarKernels();

    @org.junit.jupiter.api.Test
    void theStepsFollowTheEnginesKernels() {
        assertThat(UpdateKernels.of(scalar)).isInstanceOf(ScalarUpdateKernels.class);
        assertThat(UpdateKernels.of(vector)).isInstanceOf(VectorUpdateKernels.class);
        assertThat(UpdateKernels.of(vector).name()).isEqualTo(vector.name());
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 13, 1023, 4097, 20011, 70001})
    void fusedAdamIsBitIdentical(int n) {
        for (boolean decay : new boolean[] {false, true}) {
            float[] w = VectorKernelsTest.random(n, 11), g = VectorKernelsTest.random(n, 12), m = VectorKernelsTest.random(n, 13), v = VectorKernelsTest.random(n, 14);
            for (int i = 0; i < n; i++) v[i] = Math.abs(v[i]);
            if (n > 3) g[3] = 0f;   // a zero gradient and an exact zero second moment
            if (n > 3) v[3] = 0f;
            // gradients about the floor below which the square term is dropped (tiny and subnormal
            // products), in every lane position
            float floor = ScaleByAdam.squareFloor(0.999f);
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
                scalarSteps.adam(ws, g, ms, vs, n, 0.9f, 0.999f, c1, c2, 1e-8f, decay, 0.01f, -1e-3f);
                vectorSteps.adam(wv, g, mv, vv, n, 0.9f, 0.999f, c1, c2, 1e-8f, decay, 0.01f, -1e-3f);
                for (int b = 0; b + 1 < cuts.length; b++) {
                    scalarSteps.adamRange(banded[0], g, banded[1], banded[2], cuts[b], cuts[b + 1], 0.9f, 0.999f, c1, c2,
                            1e-8f, decay, 0.01f, -1e-3f);
                    vectorSteps.adamRange(banded[3], g, banded[4], banded[5], cuts[b], cuts[b + 1], 0.9f, 0.999f, c1, c2,
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
            float[] w = VectorKernelsTest.random(n, 21), g = VectorKernelsTest.random(n, 22), t = VectorKernelsTest.random(n, 23);
            float[] ws = w.clone(), ts = t.clone();
            float[] wv = w.clone(), tv = t.clone();
            for (int s = 0; s < 3; s++) {
                scalarSteps.momentum(ws, g, ts, n, 0.9f, nesterov, -0.01f);
                vectorSteps.momentum(wv, g, tv, n, 0.9f, nesterov, -0.01f);
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
            float[] w = VectorKernelsTest.random(n, 31), g = VectorKernelsTest.random(n, 32), t = VectorKernelsTest.random(n, 33);
            float[] ws = w.clone(), ts = t.clone();
            float[] wv = w.clone(), tv = t.clone();
            for (int s = 0; s < 3; s++) {
                scalarSteps.lars(ws, g, ts, n, scaled, 0.37f, 0.05f, -0.01f, 0.9f);
                vectorSteps.lars(wv, g, tv, n, scaled, 0.37f, 0.05f, -0.01f, 0.9f);
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
            float[] w = VectorKernelsTest.random(n, 41), g = VectorKernelsTest.random(n, 42), m = VectorKernelsTest.random(n, 43), v = VectorKernelsTest.random(n, 44);
            for (int i = 0; i < n; i++) v[i] = Math.abs(v[i]);
            float[] ws = w.clone(), ms = m.clone(), vs = v.clone(), us = new float[n];
            float[] wv = w.clone(), mv = m.clone(), vv = v.clone(), uv = new float[n];
            for (int t = 1; t <= 3; t++) {
                float c1 = (float) (1 / (1 - Math.pow(0.9, t)));
                float c2 = (float) (1 / (1 - Math.pow(0.999, t)));
                double[] partsScalar = new double[32], partsVector = new double[32];
                scalarSteps.lambMoments(ws, g, ms, vs, us, n, 0.9f, 0.999f, c1, c2, 1e-6f, decay, partsScalar);
                vectorSteps.lambMoments(wv, g, mv, vv, uv, n, 0.9f, 0.999f, c1, c2, 1e-6f, decay, partsVector);
                assertThat(uv).containsExactly(us);
                // the norms out of the moments pass are the kernels' own sumSquares, bit for bit
                assertThat(partsVector).containsExactly(partsScalar);
                assertThat(SumOrder.combine(partsVector, 0)).isEqualTo(vector.sumSquares(ws, 0, n));
                assertThat(SumOrder.combine(partsVector, 16)).isEqualTo(vector.sumSquares(us, 0, n));
                assertThat(SumOrder.combine(partsScalar, 16)).isEqualTo(VectorKernelsTest.sumOrderReference(us, 0, n)).isPositive();
                scalarSteps.addScaled(ws, us, n, 0.7f, -1e-3f);
                vectorSteps.addScaled(wv, uv, n, 0.7f, -1e-3f);
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
                float[] w = VectorKernelsTest.random(n, 51), g = VectorKernelsTest.random(n, 52), nu = VectorKernelsTest.random(n, 53), mu = VectorKernelsTest.random(n, 54), t = VectorKernelsTest.random(n, 55);
                // ν below μ² in about half the coordinates: the centered variance is clamped at 0
                for (int i = 0; i < n; i++) nu[i] = Math.abs(nu[i]);
                if (n > 3) g[3] = 0f;
                float[][] s = {w.clone(), nu.clone(), mu.clone(), t.clone()};
                float[][] v = {w.clone(), nu.clone(), mu.clone(), t.clone()};
                for (int step = 0; step < 3; step++) {
                    scalarSteps.rmsprop(s[0], g, s[1], centered ? s[2] : null, momentum ? s[3] : null, n, 0.9f, 1e-8f,
                            0.9f, -1e-3f);
                    vectorSteps.rmsprop(v[0], g, v[1], centered ? v[2] : null, momentum ? v[3] : null, n, 0.9f, 1e-8f,
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
        float[] w = VectorKernelsTest.random(n, 61), g = VectorKernelsTest.random(n, 62), sum = VectorKernelsTest.random(n, 63);
        for (int i = 0; i < n; i++) sum[i] = Math.abs(sum[i]);
        if (n > 3) g[3] = 0f;   // a zero gradient on an exact zero sum: 0/(0 + eps)
        if (n > 3) sum[3] = 0f;
        float[] ws = w.clone(), ss = sum.clone();
        float[] wv = w.clone(), sv = sum.clone();
        for (int step = 0; step < 3; step++) {
            scalarSteps.adagrad(ws, g, ss, n, 1e-10f, -1e-2f);
            vectorSteps.adagrad(wv, g, sv, n, 1e-10f, -1e-2f);
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
        float[] w = VectorKernelsTest.random(n, 81), prev = VectorKernelsTest.random(n, 82), step = VectorKernelsTest.random(n, 83);
        for (int i = 0; i < n; i++) step[i] = 0.01f + Math.abs(step[i]) * (i % 3 == 0 ? 5 : 0.01f);
        specials(w, new float[n]);                                           // −0 weights where the specials go
        float[] ws = w.clone(), ps = prev.clone(), ss = step.clone();
        float[] wv = w.clone(), pv = prev.clone(), sv = step.clone();
        for (int t = 0; t < 5; t++) {
            float[] g = VectorKernelsTest.random(n, 90 + t);
            float[] specialW = new float[n];
            specials(specialW, g);
            if (t == 1) for (int i = 0; i < n; i += 4) g[i] = ps[i];        // same sign: the step grows
            float[] gs = g.clone();
            scalarSteps.rprop(ws, g, ps, ss, n, 1.2f, 0.5f, 0.005f, 0.5f);
            vectorSteps.rprop(wv, g, pv, sv, n, 1.2f, 0.5f, 0.005f, 0.5f);
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
    @ValueSource(ints = {1, 7, 13, 1023, 4097, 20011, 70001})
    void fusedSignIsBitIdentical(int n) {
        for (boolean momentum : new boolean[] {false, true}) {
            float[] w = VectorKernelsTest.random(n, 71), g = VectorKernelsTest.random(n, 72), t = VectorKernelsTest.random(n, 73);
            specials(w, g);
            float[] ws = w.clone(), ts = t.clone();
            float[] wv = w.clone(), tv = t.clone();
            for (int step = 0; step < 3; step++) {
                scalarSteps.sign(ws, g, momentum ? ts : null, n, 0.9f, -0.5f);
                vectorSteps.sign(wv, g, momentum ? tv : null, n, 0.9f, -0.5f);
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
            float[] w = VectorKernelsTest.random(n, 81), g = VectorKernelsTest.random(n, 82), m = VectorKernelsTest.random(n, 83);
            specials(w, g);
            // m = g at the special entries, so that b1·m + (1−b1)·g is itself ±0, NaN or ±inf
            for (int i = 0; i < n; i++) if (!Float.isFinite(g[i]) || Math.abs(g[i]) < Float.MIN_NORMAL) m[i] = g[i];
            float[] ws = w.clone(), ms = m.clone();
            float[] wv = w.clone(), mv = m.clone();
            for (int step = 0; step < 3; step++) {
                scalarSteps.lion(ws, g, ms, n, 0.9f, 0.99f, decay, 0.1f, -0.5f);
                vectorSteps.lion(wv, g, mv, n, 0.9f, 0.99f, decay, 0.1f, -0.5f);
            }
            assertThat(wv).containsExactly(ws);
            assertThat(mv).containsExactly(ms);
            if (n > 1) assertThat(ws).isNotEqualTo(w);   // n = 1: only the +0 entry, which leaves w = −0 alone
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 13, 1023, 4097, 20011, 70001})
    void fusedSmorms3IsBitIdentical(int n) {
        float[] w = VectorKernelsTest.random(n, 91), g = VectorKernelsTest.random(n, 92), mem = VectorKernelsTest.random(n, 93), g1 = VectorKernelsTest.random(n, 94), g2 = VectorKernelsTest.random(n, 95);
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
            scalarSteps.smorms3(s[0], g, s[1], s[2], s[3], n, 0.3f, 1e-16f);
            vectorSteps.smorms3(v[0], g, v[1], v[2], v[3], n, 0.3f, 1e-16f);
        }
        for (int k = 0; k < s.length; k++) assertThat(v[k]).containsExactly(s[k]);
        assertThat(s[0]).isNotEqualTo(w);
    }


    @ParameterizedTest
    @ValueSource(ints = {1, 7, 13, 1023, 4097, 20011, 70001})
    void fusedScheduleFreeIsBitIdentical(int n) {
        for (float decay : new float[] {0f, 1e-4f}) {
            float[] w = VectorKernelsTest.random(n, 71), z = VectorKernelsTest.random(n, 72), v = VectorKernelsTest.random(n, 73), y = VectorKernelsTest.random(n, 74);
            for (int i = 0; i < n; i++) v[i] = Math.abs(v[i]);
            float[][] s = {w.clone(), z.clone(), v.clone(), y.clone()};
            float[][] vec = {w.clone(), z.clone(), v.clone(), y.clone()};
            float[][] banded = {w.clone(), z.clone(), v.clone(), y.clone()};
            int[] cuts = {0, n / 3, Math.min(n, n / 3 + 5), n};
            for (int t = 0; t < 3; t++) {
                float[] g = VectorKernelsTest.random(n, 75 + t);
                if (n > 3) g[3] = 1e-20f;   // a square term below the floor
                float gamma = 1e-3f * (t + 1), c = 1f / (t + 1);
                scalarSteps.scheduleFree(s[0], g, s[1], s[2], s[3], n, 0.9f, 0.999f, gamma, c, 1e-8f, decay);
                vectorSteps.scheduleFree(vec[0], g, vec[1], vec[2], vec[3], n, 0.9f, 0.999f, gamma, c, 1e-8f, decay);
                for (int b = 0; b + 1 < cuts.length; b++) {
                    vectorSteps.scheduleFreeRange(banded[0], g, banded[1], banded[2], banded[3], cuts[b], cuts[b + 1], 0.9f,
                            0.999f, gamma, c, 1e-8f, decay);
                }
            }
            for (int k = 0; k < s.length; k++) {
                assertThat(vec[k]).containsExactly(s[k]);
                assertThat(banded[k]).containsExactly(s[k]);
            }
            assertThat(s[0]).isNotEqualTo(w);
        }
    }

    /**
     * D-Adaptation's one pass: the step, the moments and the two sums (as SumOrder's partials,
     * here over runs cut between the workers for the large tensors), bit for bit.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 7, 13, 16, 256, 1023, 4097, 12_300, 20011, 65536, 70001})
    void fusedDAdaptIsBitIdentical(int n) {
        for (float decay : new float[] {0f, 1e-3f}) {
            float[] w = VectorKernelsTest.random(n, 81), m = VectorKernelsTest.random(n, 82), v = VectorKernelsTest.random(n, 83), sk = VectorKernelsTest.random(n, 84);
            for (int i = 0; i < n; i++) v[i] = Math.abs(v[i]);
            float[][] s = {w.clone(), m.clone(), v.clone(), sk.clone()};
            float[][] vec = {w.clone(), m.clone(), v.clone(), sk.clone()};
            for (int t = 0; t < 3; t++) {
                float[] g = VectorKernelsTest.random(n, 85 + t);
                if (n > 3) g[3] = 1e-20f;
                float[] gs = g.clone(), gv = g.clone();
                double[] ps = new double[32], pv = new double[32];
                scalarSteps.dadapt(s[0], gs, s[1], s[2], s[3], n, 0.9f, 0.999f, 0.9995f, 1e-4f, 5e-5f, 1e-8f, decay, ps);
                vectorSteps.dadapt(vec[0], gv, vec[1], vec[2], vec[3], n, 0.9f, 0.999f, 0.9995f, 1e-4f, 5e-5f, 1e-8f, decay, pv);
                assertThat(pv).containsExactly(ps);
                assertThat(SumOrder.combine(ps, 16)).isPositive();
                double terms = 0;
                for (int i = 0; i < n; i++) terms += gs[i];
                assertThat(SumOrder.combine(ps, 0)).isCloseTo(terms, org.assertj.core.api.Assertions.within(1e-3 * (1 + Math.abs(terms))));
            }
            for (int k = 0; k < s.length; k++) assertThat(vec[k]).containsExactly(s[k]);
            assertThat(s[0]).isNotEqualTo(w);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 13, 16, 256, 1023, 4097, 12_300, 20011, 65536, 70001})
    void fusedProdigyPassesAreBitIdentical(int n) {
        for (float decay : new float[] {0f, 1e-3f}) {
            float[] w = VectorKernelsTest.random(n, 91), m = VectorKernelsTest.random(n, 92), v = VectorKernelsTest.random(n, 93), sk = VectorKernelsTest.random(n, 94), w0 = VectorKernelsTest.random(n, 95);
            for (int i = 0; i < n; i++) v[i] = Math.abs(v[i]);
            float[][] s = {w.clone(), m.clone(), v.clone(), sk.clone()};
            float[][] vec = {w.clone(), m.clone(), v.clone(), sk.clone()};
            for (int t = 0; t < 3; t++) {
                float[] g = VectorKernelsTest.random(n, 96 + t);
                if (n > 3) g[3] = 1e-20f;   // below the floor of a term d²(1−β2)g² (d = 1e-3)
                float[] gs = g.clone(), gv = g.clone();
                double[] ps = new double[32], pv = new double[32];
                scalarSteps.prodigyMoments(s[0], gs, s[1], s[2], s[3], w0, n, 0.9f, 0.999f, 0.9995f, 1e-4f, 1e-9f, 2e-3f, ps);
                vectorSteps.prodigyMoments(vec[0], gv, vec[1], vec[2], vec[3], w0, n, 0.9f, 0.999f, 0.9995f, 1e-4f, 1e-9f, 2e-3f, pv);
                assertThat(pv).containsExactly(ps);
                assertThat(SumOrder.combine(ps, 16)).isPositive();
                scalarSteps.prodigyStep(s[0], s[1], s[2], n, 1e-3f, 1e-11f, decay);
                vectorSteps.prodigyStep(vec[0], vec[1], vec[2], n, 1e-3f, 1e-11f, decay);
            }
            for (int k = 0; k < s.length; k++) assertThat(vec[k]).containsExactly(s[k]);
            assertThat(s[0]).isNotEqualTo(w);
        }
    }
}
