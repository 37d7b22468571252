package saturn.engine.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * D-Adaptation, Prodigy, Schedule-Free AdamW and vSGD against their papers' equations worked by
 * hand in double, step by step: the weights, the moments and the step estimates.
 */
class SelfTuningOptimizersTest {

    /** Runs the given gradients on one weight through the optimizer's composed path. */
    private static float[] run(GradientTransformation opt, OptState state, float[] w, float... grads) {
        float[] out = new float[grads.length];
        GradientPoint point = GradientPoint.find(opt);
        for (int t = 0; t < grads.length; t++) {
            float[][] params = {w};
            if (point != null) point.toGradientPoint(params, state);
            float[][] u = {{grads[t]}};
            opt.update(u, state, params);
            Optimizers.applyUpdates(params, u);
            out[t] = w[0];
        }
        return out;
    }

    @Test
    void dadaptByHand() {
        double b1 = 0.9, b2 = 0.81, eps = 1e-3, d0 = 1e-3, sb2 = 0.9;
        GradientTransformation opt = Optimizers.dadaptAdam(Schedule.constant(1), b1, b2, eps, 0, d0);
        float[] w = {1f};
        OptState state = opt.init(new float[][] {w});
        float[] after = run(opt, state, w, 2f, 2f);
        DAdaptState s = (DAdaptState) ((ChainState) state).part(0);
        // step 1: s and v start at 0, so the numerator's term is 0 and d stays d0
        double d = d0, m = d * (1 - b1) * 2, v = (1 - b2) * 4, sk = d * (1 - sb2) * 2;
        double w1 = 1 - m / (Math.sqrt(v) + eps);
        // step 2: the term with step 1's s and v, then the moments
        double term = 2 * sk / (Math.sqrt(v) + eps);
        double r = (1 - sb2) * d * term;
        m = b1 * m + d * (1 - b1) * 2;
        v = b2 * v + (1 - b2) * 4;
        sk = sb2 * sk + d * (1 - sb2) * 2;
        double w2 = w1 - m / (Math.sqrt(v) + eps);
        double dHat = r / ((1 - sb2) * sk);
        assertThat(dHat).as("the estimate grows here").isGreaterThan(d0);
        assertThat((double) after[0]).isCloseTo(w1, within(1e-7));
        assertThat((double) after[1]).isCloseTo(w2, within(1e-7));
        assertThat((double) s.mu()[0][0]).isCloseTo(m, within(1e-9));
        assertThat((double) s.s()[0][0]).isCloseTo(sk, within(1e-9));
        assertThat(s.numerator()).isCloseTo(r, within(1e-6 * r));
        assertThat(s.d()).isCloseTo(dHat, within(1e-6 * dHat));
    }

    @Test
    void dadaptNeverShrinksItsEstimateAndDecaysDecoupled() {
        // opposite gradients: the inner product is negative, d stays at d0
        GradientTransformation opt = Optimizers.dadaptAdam(Schedule.constant(1), 0.9, 0.999, 1e-8, 0, 1e-3);
        float[] w = {1f};
        OptState state = opt.init(new float[][] {w});
        run(opt, state, w, 2f, -2f, 2f);
        assertThat(((DAdaptState) ((ChainState) state).part(0)).d()).isEqualTo(1e-3);
        // a zero gradient: the step is the decay alone, λ·d·η·w
        GradientTransformation decayed = Optimizers.dadaptAdam(Schedule.constant(0.5), 0.9, 0.999, 1e-8, 0.1, 1e-2);
        float[] u = {2f};
        run(decayed, decayed.init(new float[][] {u}), u, 0f);
        assertThat((double) u[0]).isCloseTo(2 - 0.1 * 1e-2 * 0.5 * 2, within(1e-7));
    }

    @Test
    void prodigyByHand() {
        // β1 = 0: the first step is already larger than d0, so the estimate grows at the second
        double b1 = 0, b2 = 0.81, b3 = 0.9, eps = 1e-3, d0 = 1e-3, coef = 1;
        GradientTransformation opt = Optimizers.prodigy(Schedule.constant(1), b1, b2, eps, 0, d0, coef);
        float[] w = {1f};
        OptState state = opt.init(new float[][] {w});
        float[] after = run(opt, state, w, 2f, 2f);
        ProdigyState s = (ProdigyState) ((ChainState) state).part(0);
        // step 1: w = w0, so the term is 0 and d stays d0; the step uses d0 throughout
        double d = d0, dl = d;
        double m = d * (1 - b1) * 2, v = d * d * (1 - b2) * 4, sk = d / d0 * dl * 2;
        double r = 0;
        double w1 = 1 - dl * m / (Math.sqrt(v) + d * eps);
        // step 2: the term against w0, then d from r/|s|, the step with the old d and the new d in ε
        double term = 2 * (1 - w1);
        r = b3 * r + d / d0 * dl * term;
        m = b1 * m + d * (1 - b1) * 2;
        v = b2 * v + d * d * (1 - b2) * 4;
        sk = b3 * sk + d / d0 * dl * 2;
        double dNew = Math.max(d, coef * r / sk);
        assertThat(dNew).as("the estimate grows here").isGreaterThan(d0);
        double w2 = w1 - dl * m / (Math.sqrt(v) + dNew * eps);
        assertThat((double) after[0]).isCloseTo(w1, within(1e-7));
        assertThat((double) after[1]).isCloseTo(w2, within(1e-7));
        // w0 − w is a float difference of nearby floats (1 − 0.9977): ~3e-5 of it is rounding
        assertThat(s.numerator()).isCloseTo(r, within(1e-4 * r));
        assertThat(s.d()).isCloseTo(dNew, within(1e-4 * dNew));
        assertThat(s.dMax()).isEqualTo(s.d());
        assertThat(s.w0()[0][0]).isEqualTo(1f);
    }

    @Test
    void prodigyWithOnlyZeroGradientsMovesNothing() {
        GradientTransformation opt = Optimizers.prodigy(Schedule.constant(1), 0.9, 0.999, 1e-8, 0.1, 1e-6, 1);
        float[] w = {-0f, 3f};
        OptState state = opt.init(new float[][] {w});
        float[][] params = {w};
        for (int t = 0; t < 2; t++) {
            float[][] u = {{0f, 0f}};
            opt.update(u, state, params);
            Optimizers.applyUpdates(params, u);
        }
        assertThat(Float.floatToRawIntBits(w[0])).isEqualTo(Float.floatToRawIntBits(-0f));
        assertThat(w[1]).isEqualTo(3f);
        assertThat(((ProdigyState) ((ChainState) state).part(0)).d()).isEqualTo(1e-6);
    }

    @Test
    void scheduleFreeByHand() {
        // β2 as the engine holds it, a float (0.999f is 0.99900001…): γ's bias correction reads it
        double lr = 0.1, b1 = 0.9, b2 = 0.999f, eps = 1e-8;
        GradientTransformation opt = Optimizers.scheduleFreeAdamW(Schedule.constant(lr), b1, b2, eps, 0, 0);
        float[] w = {1f};
        OptState state = opt.init(new float[][] {w});
        float[] after = run(opt, state, w, 2f, -1f);
        ScheduleFreeState s = (ScheduleFreeState) ((ChainState) state).part(0);
        // t = 0: γ0 = lr·√(1−β2); c = 1, so x = z; y between them is z too
        double g0 = lr * Math.sqrt(1 - b2);
        double v = (1 - b2) * 4;
        double z = 1 - g0 * 2 / (Math.sqrt(v) + eps);
        double x = z;
        double y = b1 * x + (1 - b1) * z;
        // t = 1: γ1 = lr·√(1−β2²), c = γ1²/(γ0² + γ1²); the gradient -1 was taken at y
        double g1 = lr * Math.sqrt(1 - b2 * b2);
        double c = g1 * g1 / (g0 * g0 + g1 * g1);
        v = b2 * v + (1 - b2) * 1;
        z = z - g1 * -1 / (Math.sqrt(v) + eps);
        double x1 = (1 - c) * x + c * z;
        double y1 = b1 * x1 + (1 - b1) * z;
        assertThat((double) after[0]).as("x after one step").isCloseTo(x, within(1e-6));
        assertThat((double) after[1]).as("x after two").isCloseTo(x1, within(1e-6));
        assertThat((double) s.point()[0][0]).as("y, kept in the state between steps").isCloseTo(y1, within(1e-6));
        assertThat((double) s.z()[0][0]).isCloseTo(z, within(1e-6));
        assertThat(s.weightSum()).isCloseTo(g0 * g0 + g1 * g1, within(1e-12));
        assertThat(y).isCloseTo(0.9, within(1e-6));
    }

    @Test
    void scheduleFreeWarmsUpAndDecaysAtY() {
        // warm-up over 4 steps: γ0 = lr/4·√(1−β2); with β1 = 0 the gradient point y is z, and a zero
        // gradient moves z by the decay alone: z ← z − γλ y
        GradientTransformation opt = Optimizers.scheduleFreeAdamW(Schedule.constant(0.2), 0, 0.999, 1e-8, 0.5, 4);
        float[] w = {2f};
        OptState state = opt.init(new float[][] {w});
        run(opt, state, w, 0f);
        double gamma = 0.2 / 4 * Math.sqrt(1 - (double) 0.999f);
        ScheduleFreeState s = (ScheduleFreeState) ((ChainState) state).part(0);
        assertThat((double) s.z()[0][0]).isCloseTo(2 - gamma * 0.5 * 2, within(1e-7));
        assertThat(s.maxStep()).isCloseTo(gamma, within(1e-12));
    }

    /** Steps on {@code ½ Σ a_i w_i²} (gradient a·w) as a training step runs them, with the probe's second gradient. */
    private static void quadraticSteps(GradientTransformation opt, OptState state, float[] w, float[] a, int steps) {
        float[][] params = {w};
        float[][] g = {new float[w.length]};
        GradientProbe probe = GradientProbe.find(opt);
        for (int t = 0; t < steps; t++) {
            if (probe.needsGradient(state)) for (int i = 0; i < w.length; i++) g[0][i] = a[i] * w[i];
            probe.moveOut(params, g, state);
            for (int i = 0; i < w.length; i++) g[0][i] = a[i] * w[i];
            probe.moveBack(params, g, state);
            float[][] u = {new float[w.length]};
            for (int i = 0; i < w.length; i++) u[0][i] = a[i] * w[i];
            opt.update(u, state, params);
            Optimizers.applyUpdates(params, u);
        }
    }

    @Test
    void vsgdByHand() {
        // ½·4w² from w = 1: the finite difference along ḡ reads the curvature 4 exactly
        double c = 2;
        GradientTransformation opt = Optimizers.vsgd(Schedule.constant(1), c, 0, 1, false);
        float[] w = {1f};
        OptState state = opt.init(new float[][] {w});
        quadraticSteps(opt, state, w, new float[] {4f}, 1);
        // first step: averages from g = 4 (v̄, h̄ times c); r = ḡ²/v̄ = 1/2, η = r/h̄ = 1/16; τ = (1 − r)·1 + 1
        double gb = 4, vb = c * 16, hb = c * 4, r = gb * gb / vb, tau = (1 - r) + 1;
        double w1 = 1 - r / hb * 4;
        assertThat((double) w[0]).isCloseTo(w1, within(1e-7));
        quadraticSteps(opt, state, w, new float[] {4f}, 1);
        double g = 4 * w1, f = 1 / tau;
        gb = (1 - f) * gb + f * g;
        vb = (1 - f) * vb + f * g * g;
        hb = (1 - f) * hb + f * 4;
        r = gb * gb / vb;
        double w2 = w1 - r / hb * g;
        VsgdState s = (VsgdState) state;
        assertThat((double) w[0]).isCloseTo(w2, within(1e-6));
        assertThat((double) s.gbar()[0][0]).isCloseTo(gb, within(1e-6));
        assertThat((double) s.hbar()[0][0]).isCloseTo(hb, within(1e-6));
        assertThat((double) s.tau()[0][0]).isCloseTo((1 - r) * tau + 1, within(1e-6));
    }

    @Test
    void vsgdPerTensorByHand() {
        // ½(4w₁² + w₂²): one rate for the tensor, from ‖ḡ‖²/ℓ̄ and the largest curvature (4)
        double c = 2;
        GradientTransformation opt = Optimizers.vsgd(Schedule.constant(1), c, 0, 1, true);
        float[] w = {1f, 1f};
        float[] a = {4f, 1f};
        OptState state = opt.init(new float[][] {w});
        quadraticSteps(opt, state, w, a, 2);
        double[] g1 = {4, 1};
        double lbar = c * 17, hbar = c * 4, r = 17 / lbar, tau = (1 - r) + 1;
        double[] w1 = {1 - r / hbar * 4, 1 - r / hbar * 1};
        double[] g = {4 * w1[0], w1[1]};
        double f = 1 / tau;
        double[] gb = {(1 - f) * g1[0] + f * g[0], (1 - f) * g1[1] + f * g[1]};
        lbar = (1 - f) * lbar + f * (g[0] * g[0] + g[1] * g[1]);
        hbar = (1 - f) * hbar + f * 4;
        r = (gb[0] * gb[0] + gb[1] * gb[1]) / lbar;
        double eta = r / hbar;
        assertThat((double) w[0]).isCloseTo(w1[0] - eta * g[0], within(1e-6));
        assertThat((double) w[1]).isCloseTo(w1[1] - eta * g[1], within(1e-6));
        VsgdState s = (VsgdState) state;
        assertThat((double) s.square()[0][0]).isCloseTo(lbar, within(1e-5));
        assertThat(s.tau()[0]).hasSize(1);
    }

    @Test
    void vsgdRefusesAStepWithoutItsSecondGradient() {
        GradientTransformation opt = Optimizers.vsgd(Schedule.constant(1), 2, 1e-9, 1, false);
        float[][] params = {{1f}};
        OptState state = opt.init(params);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> opt.update(new float[][] {{1f}}, state, params))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("second gradient");
    }
}
