package saturn.engine.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * D-Adaptation, Prodigy and Schedule-Free AdamW against their papers' equations worked by hand
 * in double on one weight, step by step: the weights, the moments and the step estimates.
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
}
