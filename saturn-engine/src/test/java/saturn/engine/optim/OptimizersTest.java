package saturn.engine.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class OptimizersTest {

    /** Runs two steps on one scalar parameter with the given gradients; returns w after each. */
    private static float[] twoSteps(GradientTransformation opt, float w0, float g1, float g2) {
        float[][] params = {{w0}};
        OptState state = opt.init(params);
        float[] out = new float[2];
        float[] gs = {g1, g2};
        for (int s = 0; s < 2; s++) {
            float[][] updates = {{gs[s]}};
            opt.update(updates, state, params);
            Optimizers.applyUpdates(params, updates);
            out[s] = params[0][0];
        }
        return out;
    }

    @Test
    void sgdByHand() {
        float[] w = twoSteps(Optimizers.sgd(0.1), 1f, 2f, -1f);
        assertThat(w[0]).isCloseTo(0.8f, within(1e-6f));
        assertThat(w[1]).isCloseTo(0.9f, within(1e-6f));
    }

    @Test
    void momentumAndNesterovByHand() {
        // t1 = 2, w = 1 - 0.1*2 = 0.8; t2 = -1 + 0.9*2 = 0.8, w = 0.8 - 0.08 = 0.72
        float[] m = twoSteps(Optimizers.momentum(Schedule.constant(0.1), 0.9), 1f, 2f, -1f);
        assertThat(m[0]).isCloseTo(0.8f, within(1e-6f));
        assertThat(m[1]).isCloseTo(0.72f, within(1e-6f));
        // Nesterov: u1 = 2 + 0.9*2 = 3.8 -> 0.62; t2 = 0.8, u2 = -1 + 0.9*0.8 = -0.28 -> 0.648
        float[] n = twoSteps(Optimizers.nesterov(Schedule.constant(0.1), 0.9), 1f, 2f, -1f);
        assertThat(n[0]).isCloseTo(0.62f, within(1e-6f));
        assertThat(n[1]).isCloseTo(0.648f, within(1e-6f));
    }

    @Test
    void adamByHand() {
        double b1 = 0.9, b2 = 0.999, eps = 1e-8, lr = 0.1;
        float[] w = twoSteps(Optimizers.adam(Schedule.constant(lr), b1, b2, eps), 1f, 2f, -1f);
        // step 1: m̂ = g, v̂ = g² -> update = -lr * sign(g) (up to eps)
        double w1 = 1 - lr * 2 / (2 + eps);
        double m = 0.9 * 0.1 * 2 + 0.1 * -1;             // 0.08
        double v = 0.999 * 0.001 * 4 + 0.001 * 1;        // 0.004996
        double mHat = m / (1 - 0.81);
        double vHat = v / (1 - 0.999 * 0.999);
        double w2 = w1 - lr * mHat / (Math.sqrt(vHat) + eps);
        assertThat((double) w[0]).isCloseTo(w1, within(1e-6));
        assertThat((double) w[1]).isCloseTo(w2, within(1e-5));
    }

    /**
     * Gradients too small for their square term to be a normal float add nothing to Adam's
     * second moment (computing that subnormal term took a slow CPU assist per element), the
     * ones at or above the floor add their term; the update itself equals double-precision
     * Adam without the rule to float rounding, since ε dwarfs what is dropped.
     */
    @Test
    void adamDropsSquareTermsThatWouldBeSubnormal() {
        float a2 = 1f - 0.999f;
        float floor = ScaleByAdam.squareFloor(0.999f);
        assertThat((double) floor).isCloseTo(3.43e-18, within(0.01e-18));
        assertThat(a2 * floor * floor).isGreaterThanOrEqualTo(Float.MIN_NORMAL * 0.999f);
        float below = Math.nextDown(floor);
        assertThat(a2 * below * below).isLessThan(Float.MIN_NORMAL * 1.001f);
        float[] g = {1e-19f, -2e-18f, below, floor, 1e-17f, -1e-3f, 0f};
        GradientTransformation adam = Optimizers.scaleByAdam(0.9, 0.999, 1e-8);
        float[][] updates = {g.clone()};
        OptState state = adam.init(new float[][] {new float[g.length]});
        adam.update(updates, state, null);
        float[] v = ((AdamState) state).nu()[0];
        for (int i = 0; i < g.length; i++) {
            boolean dropped = Math.abs(g[i]) < floor;
            assertThat(v[i]).as("v of g = %s", g[i]).isEqualTo(dropped ? 0f : a2 * g[i] * g[i]);
            if (!dropped && g[i] != 0) assertThat(v[i]).isGreaterThan(0f);
            // m̂ = g, v̂ = g² exactly at step 1: u = g / (|g| + eps), in double without the rule
            double want = g[i] / (Math.abs((double) g[i]) + 1e-8);
            assertThat((double) updates[0][i]).as("u of g = %s", g[i]).isCloseTo(want, within(Math.ulp((float) want) * 2.0));
        }
    }

    @Test
    void adamwDecaysWeightsDecoupled() {
        // with a zero gradient Adam's step is 0, so only the decay acts: w -= lr * wd * w
        float[] w = twoSteps(Optimizers.adamw(Schedule.constant(0.1), 0.9, 0.999, 1e-8, 0.5, null), 2f, 0f, 0f);
        assertThat(w[0]).isCloseTo(2f - 0.1f * 0.5f * 2f, within(1e-6f));
        assertThat(w[1]).isCloseTo(w[0] - 0.1f * 0.5f * w[0], within(1e-6f));
        float[] masked = twoSteps(Optimizers.adamw(Schedule.constant(0.1), 0.9, 0.999, 1e-8, 0.5, new boolean[] {false}),
                2f, 0f, 0f);
        assertThat(masked[1]).isEqualTo(2f);
    }

    @Test
    void chainWithIdentityEqualsInner() {
        float[] plain = twoSteps(Optimizers.adam(0.05), 0.3f, 1.5f, 0.7f);
        float[] left = twoSteps(Optimizers.chain(Optimizers.identity(), Optimizers.adam(0.05)), 0.3f, 1.5f, 0.7f);
        float[] right = twoSteps(Optimizers.chain(Optimizers.adam(0.05), Optimizers.identity()), 0.3f, 1.5f, 0.7f);
        assertThat(left).isEqualTo(plain);
        assertThat(right).isEqualTo(plain);
    }

    @Test
    void adamWithZeroBeta1IsRmsPropWithBiasCorrection() {
        // b1 = 0: u = g / (sqrt(v / (1 - b2^t)) + eps)
        float[] w = twoSteps(Optimizers.adam(Schedule.constant(0.1), 0, 0.9, 0), 1f, 2f, 4f);
        double v2 = 0.9 * 0.1 * 4 + 0.1 * 16;
        double expected = 1 - 0.1 - 0.1 * 4 / Math.sqrt(v2 / (1 - 0.81));
        assertThat((double) w[1]).isCloseTo(expected, within(1e-5));
    }

    @Test
    void scheduleIsReadAtEachStepAndStateIsExposed() {
        GradientTransformation opt = Optimizers.adam(step -> step == 0 ? 1.0 : 0.0, 0.9, 0.999, 1e-8);
        float[][] params = {{0f, 0f}, {0f}};
        OptState state = opt.init(params);
        float[][] u = {{1f, 1f}, {1f}};
        opt.update(u, state, params);
        assertThat(u[0][0]).isCloseTo(-1f, within(1e-6f));
        float[][] u2 = {{1f, 1f}, {1f}};
        opt.update(u2, state, params);
        assertThat(u2[0][0]).isZero();
        assertThat(state.arrays()).containsKeys("0.mu.0", "0.mu.1", "0.nu.0", "0.nu.1");
        assertThat(state.arrays().get("0.mu.1")[0]).isCloseTo(0.19f, within(1e-6f));
        assertThat(state.counters()).containsEntry("0.count", 2L).containsEntry("1.count", 2L);
    }

    @Test
    void adamConvergesOnRosenbrock() {
        GradientTransformation opt = Optimizers.adam(Schedule.constant(0.02), 0.9, 0.999, 1e-8);
        float[][] p = {{-1.2f, 1f}};
        OptState state = opt.init(p);
        float[][] u = new float[1][2];
        for (int s = 0; s < 20000; s++) {
            float x = p[0][0], y = p[0][1];
            u[0][0] = -2 * (1 - x) - 400 * x * (y - x * x);
            u[0][1] = 200 * (y - x * x);
            opt.update(u, state, p);
            Optimizers.applyUpdates(p, u);
        }
        assertThat(p[0][0]).isCloseTo(1f, within(0.05f));
        assertThat(p[0][1]).isCloseTo(1f, within(0.1f));
    }
}
