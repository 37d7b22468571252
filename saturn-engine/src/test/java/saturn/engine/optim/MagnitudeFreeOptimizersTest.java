package saturn.engine.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Each optimizer that does not depend on the gradient's magnitude against two (or three) steps of its paper's equations, worked out
 * here in double on 2–3 element parameters, independently of the implementation.
 */
class MagnitudeFreeOptimizersTest {

    private static final Schedule LR = Schedule.constant(0.1);

    private static void assertClose(float[] actual, double... expected) {
        assertThat(actual).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat((double) actual[i]).as("element " + i).isCloseTo(expected[i], within(1e-6 + 1e-6 * Math.abs(expected[i])));
        }
    }

    @Test
    void rpropGrowsOnSteadySignsBacktracksNothingOnAFlipAndSkipsTheNextSignTest() {
        // Δ0 = 0.1; g1 = (2, −3, 0), g2 = (1, 4, 5), g3 = (1, −1, 5)
        float[][] w = Steps.single(Optimizers.rprop(), new float[] {1, 1, 1},
                new float[] {2, -3, 0}, new float[] {1, 4, 5}, new float[] {1, -1, 5});
        // step 1: no previous gradient, Δ stays 0.1, w −= Δ sign(g)
        assertClose(w[0], 0.9, 1.1, 1.0);
        // step 2: coord 0 same sign -> Δ = 0.12; coord 1 flips -> Δ = 0.05 and no step; coord 2: previous 0 -> Δ 0.1
        assertClose(w[1], 0.9 - 0.12, 1.1, 0.9);
        // step 3: coord 0 -> Δ = 0.144; coord 1: previous gradient was zeroed, so Δ stays 0.05 and it steps;
        // coord 2 same sign -> Δ = 0.12
        assertClose(w[2], 0.9 - 0.12 - 0.144, 1.1 + 0.05, 0.9 - 0.12);
    }

    @Test
    void rpropClampsItsStepToTheBounds() {
        // η+ = 2, η− = 0.5, Δ in [0.04, 0.15], Δ0 = 0.1
        GradientTransformation opt = Optimizers.rprop(2, 0.5, 0.04, 0.15, 0.1);
        float[][] up = Steps.single(opt, new float[] {0}, new float[] {1}, new float[] {1}, new float[] {1});
        assertClose(up[2], -0.1 - 0.15 - 0.15);   // 0.1, then min(0.2, 0.15), then 0.15
        float[][] flips = Steps.single(Optimizers.rprop(2, 0.5, 0.04, 0.15, 0.1), new float[] {0},
                new float[] {1}, new float[] {-1}, new float[] {-1}, new float[] {1}, new float[] {1});
        // Δ: 0.1 (step), flip -> 0.05 (no step), 0.05 (step, no test), flip -> 0.04 clamped from 0.025 (no step), 0.04
        assertClose(flips[4], -0.1 + 0.05 - 0.04);
    }

    @Test
    void rpropOnNoisyMiniBatchGradientsShrinksItsStepsTowardsTheMinimumStep() {
        // the documented mini-batch behaviour: at the optimum, batch noise alone sets the gradient's sign
        GradientTransformation opt = Optimizers.rprop();
        int n = 1000;
        float[][] w = {new float[n]};
        OptState state = opt.init(w);
        java.util.SplittableRandom rng = new java.util.SplittableRandom(3);
        for (int s = 0; s < 200; s++) {
            float[][] g = {new float[n]};
            for (int i = 0; i < n; i++) g[0][i] = w[0][i] + (float) rng.nextGaussian();
            opt.update(g, state, w);
            Optimizers.applyUpdates(w, g);
        }
        float[] steps = ((RpropState) state.children().getFirst()).step()[0].clone();
        java.util.Arrays.sort(steps);
        assertThat(steps[n / 2]).as("median step after 200 noisy steps (started at 0.1)").isLessThan(1e-3f);
    }

    @Test
    void rmspropPlainCenteredAndWithMomentum() {
        double rho = 0.9;
        float[] w0 = {1, 2};
        float[] g1 = {2, -1};
        float[] g2 = {1, 3};
        double[] v1 = {0.1 * 4, 0.1 * 1};
        double[] v2 = {rho * v1[0] + 0.1 * 1, rho * v1[1] + 0.1 * 9};
        double[] u1 = {2 / Math.sqrt(v1[0]), -1 / Math.sqrt(v1[1])};
        double[] u2 = {1 / Math.sqrt(v2[0]), 3 / Math.sqrt(v2[1])};
        float[][] plain = Steps.single(Optimizers.rmsprop(LR, rho, 0, false, 0), w0, g1, g2);
        assertClose(plain[0], 1 - 0.1 * u1[0], 2 - 0.1 * u1[1]);
        assertClose(plain[1], 1 - 0.1 * (u1[0] + u2[0]), 2 - 0.1 * (u1[1] + u2[1]));

        // centered: divide by √(v − m²), m the running mean of g
        double[] m1 = {0.1 * 2, 0.1 * -1};
        double[] m2 = {rho * m1[0] + 0.1 * 1, rho * m1[1] + 0.1 * 3};
        double[] c1 = {2 / Math.sqrt(v1[0] - m1[0] * m1[0]), -1 / Math.sqrt(v1[1] - m1[1] * m1[1])};
        double[] c2 = {1 / Math.sqrt(v2[0] - m2[0] * m2[0]), 3 / Math.sqrt(v2[1] - m2[1] * m2[1])};
        float[][] centered = Steps.single(Optimizers.rmsprop(LR, rho, 0, true, 0), w0, g1, g2);
        assertClose(centered[1], 1 - 0.1 * (c1[0] + c2[0]), 2 - 0.1 * (c1[1] + c2[1]));

        // momentum 0.5 on the rescaled gradient: t2 = u2 + 0.5 u1
        float[][] mom = Steps.single(Optimizers.rmsprop(LR, rho, 0, false, 0.5), w0, g1, g2);
        assertClose(mom[1], 1 - 0.1 * u1[0] - 0.1 * (u2[0] + 0.5 * u1[0]), 2 - 0.1 * u1[1] - 0.1 * (u2[1] + 0.5 * u1[1]));
    }

    @Test
    void adagradDividesByTheRootOfTheSumOfSquares() {
        float[][] w = Steps.single(Optimizers.adagrad(LR, 0), new float[] {1, 2}, new float[] {3, -4}, new float[] {4, 3});
        assertClose(w[0], 1 - 0.1, 2 + 0.1);   // g/√g² = sign(g)
        assertClose(w[1], 1 - 0.1 - 0.1 * 4 / 5, 2 + 0.1 - 0.1 * 3 / 5);
    }

    @Test
    void smorms3FollowsFunksUpdate() {
        double lr = 0.6, eps = 1e-16;
        float[] w0 = {1, 1};
        float[] g1 = {2, 2};
        float[] g2 = {-1, 3};   // coord 0 flips its sign (small x), coord 1 agrees (x > lr)
        float[][] w = Steps.single(Optimizers.smorms3(Schedule.constant(lr), eps), w0, g1, g2);
        double[] expected = new double[2];
        for (int i = 0; i < 2; i++) {
            double mem = 1, a = 0, b = 0, x = w0[i];
            for (double g : new double[] {g1[i], g2[i]}) {
                double r = 1 / (mem + 1);
                a = (1 - r) * a + r * g;
                b = (1 - r) * b + r * g * g;
                double ratio = a * a / (b + eps);
                x -= g * Math.min(lr, ratio) / (Math.sqrt(b) + eps);
                mem = 1 + mem * (1 - ratio);
            }
            expected[i] = x;
        }
        // by hand for step 1: mem = 1, r = 1/2, a = g/2, b = g²/2, ratio = 1/2 < lr, step = g (1/2)/(|g|/√2) = sign(g)/√2
        assertClose(w[0], 1 - 1 / Math.sqrt(2), 1 - 1 / Math.sqrt(2));
        assertClose(w[1], expected);
        // step 2: r = 1/2.5; coord 1's ratio is above lr, coord 0's below
        double a1 = 0.6 * 1 + 0.4 * 3, b1 = 0.6 * 2 + 0.4 * 9;
        assertThat(a1 * a1 / b1).isGreaterThan(lr);
        double a0 = 0.6 * 1 + 0.4 * -1, b0 = 0.6 * 2 + 0.4 * 1;
        assertThat(a0 * a0 / b0).isLessThan(lr);
        assertClose(w[1], 1 - 1 / Math.sqrt(2) + 1 * (a0 * a0 / b0) / Math.sqrt(b0), 1 - 1 / Math.sqrt(2) - 3 * lr / Math.sqrt(b1));
    }

    @Test
    void signSgdAndSignumMoveByTheLearningRateWhateverTheMagnitude() {
        float[][] s = Steps.single(Optimizers.signSgd(LR), new float[] {1, 1, 1}, new float[] {3, -0.001f, 0},
                new float[] {-1e-6f, 50, 2});
        assertClose(s[0], 0.9, 1.1, 1.0);
        assertClose(s[1], 1.0, 1.0, 0.9);
        // Signum, β = 0.9: t2 = g2 + 0.9 t1 = (−0.5 + 0.9, −1 − 0.9) keeps coord 0 moving down against g2
        float[][] m = Steps.single(Optimizers.signum(LR, 0.9), new float[] {1, 1}, new float[] {1, -1}, new float[] {-0.5f, -1});
        assertClose(m[0], 0.9, 1.1);
        assertClose(m[1], 0.8, 1.2);
    }

    @Test
    void lionTakesTheSignOfTheB1InterpolationAndTracksMomentumWithB2() {
        double b1 = 0.9, b2 = 0.99, lr = 0.1, wd = 0.5;
        GradientTransformation opt = Optimizers.lion(Schedule.constant(lr), b1, b2, wd);
        float[][] params = {{1, 2}};
        OptState state = opt.init(params);
        float[] g1 = {10, 1};
        float[] g2 = {-0.5f, -1};
        float[][][] w = Steps.run(opt, state, params, new float[][] {g1}, new float[][] {g2});
        // step 1: m = 0, c = (1 − b1) g1 -> sign(g1); w −= lr (sign + wd w)
        double[] w1 = {1 - lr * (1 + wd * 1), 2 - lr * (1 + wd * 2)};
        assertClose(w[0][0], w1);
        // m1 = (1 − b2) g1 = (0.1, 0.01); c = b1 m1 + (1 − b1) g2 = (0.09 − 0.05, 0.009 − 0.1) -> (+, −)
        double[] m1 = {(1 - b2) * 10, (1 - b2) * 1};
        double c0 = b1 * m1[0] + (1 - b1) * -0.5, c1 = b1 * m1[1] + (1 - b1) * -1;
        assertThat(c0).isPositive();
        assertThat(c1).isNegative();
        assertClose(w[1][0], w1[0] - lr * (1 + wd * w1[0]), w1[1] - lr * (-1 + wd * w1[1]));
        // the tracked momentum uses b2: m2 = b2 m1 + (1 − b2) g2
        assertClose(((LionState) state.children().getFirst()).mu()[0], b2 * m1[0] + (1 - b2) * -0.5, b2 * m1[1] + (1 - b2) * -1);
    }

    @Test
    void larsScalesEachMatrixByItsTrustRatioAndLeavesVectorsToMomentumSgd() {
        double eta = 0.1, wd = 0.01, mu = 0.9, lr = 1.0;
        GradientTransformation opt = Optimizers.lars(Schedule.constant(lr), mu, eta, wd, new boolean[] {true, false});
        float[][] params = {{3, 4}, {0.5f}};
        float[][][] w = Steps.run(opt, params, new float[][] {{0.6f, 0.8f}, {2}}, new float[][] {{0, 1}, {1}});
        // step 1: ‖w‖ = 5, ‖g‖ = 1, λ = η‖w‖/(‖g‖ + β‖w‖)
        double l1 = eta * 5 / (1 + wd * 5);
        double[] v1 = {lr * l1 * (0.6 + wd * 3), lr * l1 * (0.8 + wd * 4)};
        double[] w1 = {3 - v1[0], 4 - v1[1]};
        assertClose(w[0][0], w1);
        assertClose(w[0][1], 0.5 - 2);   // bias: plain lr·g
        // step 2: λ from the new weights, v ← μ v + lr λ (g + β w)
        double n1 = Math.hypot(w1[0], w1[1]);
        double l2 = eta * n1 / (1 + wd * n1);
        double[] v2 = {mu * v1[0] + lr * l2 * (0 + wd * w1[0]), mu * v1[1] + lr * l2 * (1 + wd * w1[1])};
        assertClose(w[1][0], w1[0] - v2[0], w1[1] - v2[1]);
        assertClose(w[1][1], 0.5 - 2 - (mu * 2 + 1));
    }

    @Test
    void lambRescalesTheAdamStepPerTensorByTheTrustRatio() {
        double b1 = 0.9, b2 = 0.999, eps = 1e-6, wd = 0.1, lr = 0.1;
        GradientTransformation opt = Optimizers.lamb(Schedule.constant(lr), b1, b2, eps, wd);
        float[][] params = {{1, -2, 2}, {0.5f, 0.5f}};
        float[][][] g = {{{0.3f, 0.1f, -0.2f}, {1, -1}}, {{-0.1f, 0.4f, 0.2f}, {0.5f, 2}}};
        float[][][] out = Steps.run(opt, params, g);
        double[][] w = {{1, -2, 2}, {0.5, 0.5}};
        double[][] m = {new double[3], new double[2]};
        double[][] v = {new double[3], new double[2]};
        for (int t = 1; t <= 2; t++) {
            for (int p = 0; p < 2; p++) {
                int n = w[p].length;
                double[] r = new double[n];
                double rn = 0, wn = 0;
                for (int i = 0; i < n; i++) {
                    double gi = g[t - 1][p][i];
                    m[p][i] = b1 * m[p][i] + (1 - b1) * gi;
                    v[p][i] = b2 * v[p][i] + (1 - b2) * gi * gi;
                    double mHat = m[p][i] / (1 - Math.pow(b1, t));
                    double vHat = v[p][i] / (1 - Math.pow(b2, t));
                    r[i] = mHat / (Math.sqrt(vHat) + eps) + wd * w[p][i];
                    rn += r[i] * r[i];
                    wn += w[p][i] * w[p][i];
                }
                double ratio = Math.sqrt(wn) / Math.sqrt(rn);
                for (int i = 0; i < n; i++) w[p][i] -= lr * ratio * r[i];
            }
            assertClose(out[t - 1][0], w[0]);
            assertClose(out[t - 1][1], w[1]);
        }
        // the step of each tensor is lr·‖w‖ (before the update): step 1 moves tensor 0 by 0.1·3
        double moved = Math.sqrt(Math.pow(out[0][0][0] - 1, 2) + Math.pow(out[0][0][1] + 2, 2) + Math.pow(out[0][0][2] - 2, 2));
        assertThat(moved).isCloseTo(0.3, within(1e-6));
    }

    @Test
    void momentumWithZeroBetaIsSgdAndSignumWithZeroBetaIsSignSgd() {
        float[] w0 = {0.3f, -1.2f, 2f};
        float[][] gs = {{1.5f, -0.7f, 0.2f}, {-0.4f, 0.9f, 3f}, {0.1f, 0.1f, -2f}};
        assertThat(Steps.single(Optimizers.momentum(LR, 0), w0, gs)).isDeepEqualTo(Steps.single(Optimizers.sgd(LR), w0, gs));
        assertThat(Steps.single(Optimizers.signum(LR, 0), w0, gs)).isDeepEqualTo(Steps.single(Optimizers.signSgd(LR), w0, gs));
        assertThat(Steps.single(Optimizers.rmsprop(LR, 0.9, 1e-8, false, 0), w0, gs))
                .isDeepEqualTo(Steps.single(Optimizers.chain(Optimizers.rmsprop(LR, 0.9, 1e-8, false, 0), Optimizers.identity()), w0, gs));
    }

    @Test
    void adamWithZeroBeta1AndEpsIsRmsPropWithTheRateScaledByTheBiasCorrection() {
        // Adam(β1 = 0, β2 = ρ, ε = 0): u_t = g/√(v_t/(1 − ρᵗ)) = √(1 − ρᵗ) · g/√v_t, RMSProp's step times √(1 − ρᵗ)
        double rho = 0.95, lr = 0.05;
        float[] w0 = {0.3f, -1.2f, 2f};
        float[][] gs = {{1.5f, -0.7f, 0.2f}, {-0.4f, 0.9f, 3f}, {0.1f, 0.1f, -2f}, {2f, -3f, 0.5f}};
        float[][] adam = Steps.single(Optimizers.adam(Schedule.constant(lr), 0, rho, 0), w0, gs);
        Schedule corrected = step -> lr * Math.sqrt(1 - Math.pow(rho, step + 1));
        float[][] rms = Steps.single(Optimizers.rmsprop(corrected, rho, 0, false, 0), w0, gs);
        for (int s = 0; s < gs.length; s++) {
            for (int i = 0; i < w0.length; i++) assertThat(rms[s][i]).isCloseTo(adam[s][i], within(2e-6f));
        }
        // and without the correction they differ (first step: Adam moves by lr, RMSProp by lr/√(1−ρ))
        float[][] plain = Steps.single(Optimizers.rmsprop(Schedule.constant(lr), rho, 0, false, 0), w0, gs);
        assertThat((double) plain[0][0]).isCloseTo(0.3 - lr / Math.sqrt(1 - rho), within(1e-6));
        assertThat((double) adam[0][0]).isCloseTo(0.3 - lr, within(1e-6));
    }
}
