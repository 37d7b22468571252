package saturn.engine.optim;

import saturn.engine.kernel.Kernels;

/**
 * LARS as a recipe with a fused step. The composition
 * {@code chain(scaleByLars, scaleByLearningRate, traceMomentum)} is the reference and owns
 * {@link #init} and {@link #update}; {@link #step} computes the same floats in one pass per
 * parameter after its two norms ({@code u = λ (g + β w)}, {@code u·(−η)},
 * {@code t ← u + m t}, {@code w ← w + t}), instead of the composed path's copy and four
 * passes. Tested equal bit for bit.
 */
final class FusedLars implements GradientTransformation {

    private final GradientTransformation reference;
    private final Schedule learningRate;
    private final float momentum;
    private final float trust;
    private final float weightDecay;
    private final boolean[] mask;

    FusedLars(Schedule learningRate, float momentum, float trust, float weightDecay, boolean[] mask) {
        this.learningRate = learningRate;
        this.momentum = momentum;
        this.trust = trust;
        this.weightDecay = weightDecay;
        this.mask = mask == null ? null : mask.clone();
        this.reference = Optimizers.chain(new ScaleByLars(trust, weightDecay, mask), new ScaleByLearningRate(learningRate),
                new TraceMomentum(momentum, false));
    }

    @Override
    public OptState init(float[][] params) {
        return reference.init(params);
    }

    @Override
    public void update(float[][] updates, OptState state, float[][] params) {
        reference.update(updates, state, params);
    }

    @Override
    public boolean step(float[][] params, float[][] grads, OptState state, Kernels kernels) {
        OptState rate = state.children().get(1);
        float f = (float) -learningRate.at(rate.count());   // as ScaleByLearningRate.update
        rate.increment();
        OptState trace = state.children().get(2);
        float[][] t = trace.slot("trace");
        trace.increment();                                   // as TraceMomentum.update
        for (int p = 0; p < params.length; p++) {
            float[] w = params[p];
            float[] g = grads[p];
            float[] tp = t[p];
            if (mask != null && !mask[p]) {
                for (int i = 0; i < w.length; i++) {
                    float ti = g[i] * f + momentum * tp[i];
                    tp[i] = ti;
                    w[i] += ti;
                }
                continue;
            }
            double wn = Norms.norm(w);                       // as ScaleByLars.update
            double gn = Norms.norm(g);
            float local = wn > 0 && gn > 0 ? (float) (trust * wn / (gn + weightDecay * wn)) : 1f;
            for (int i = 0; i < w.length; i++) {
                float u = local * (g[i] + weightDecay * w[i]);
                float ti = u * f + momentum * tp[i];
                tp[i] = ti;
                w[i] += ti;
            }
        }
        state.increment();                                   // as Chain.update
        return true;
    }
}
