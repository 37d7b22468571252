package saturn.engine.optim;

import saturn.engine.kernel.Kernels;

/**
 * LAMB as a recipe with a fused step. The composition
 * {@code chain(scaleByAdam, [addDecayedWeights], scaleByTrustRatio, scaleByLearningRate)} is
 * the reference and owns {@link #init} and {@link #update}; {@link #step} makes two passes per
 * parameter: Adam's moments and step (plus decay) into a scratch array, then, after the two
 * norms, {@code w ← w + (−η)·ratio·u}. Tested equal bit for bit; the scratch arrays (one per
 * parameter, like the composed path's update arrays) are allocated on the first step.
 */
final class FusedLamb implements GradientTransformation {

    private final GradientTransformation reference;
    private final Schedule learningRate;
    private final float b1;
    private final float b2;
    private final float eps;
    private final float weightDecay;
    private float[][] scratch;

    FusedLamb(Schedule learningRate, float b1, float b2, float eps, float weightDecay) {
        this.learningRate = learningRate;
        this.b1 = b1;
        this.b2 = b2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        ScaleByAdam adam = new ScaleByAdam(b1, b2, eps);
        this.reference = weightDecay == 0
                ? Optimizers.chain(adam, new ScaleByTrustRatio(null), new ScaleByLearningRate(learningRate))
                : Optimizers.chain(adam, new AddDecayedWeights(weightDecay, null), new ScaleByTrustRatio(null),
                        new ScaleByLearningRate(learningRate));
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
        if (scratch == null || scratch.length != params.length) {
            scratch = new float[params.length][];
            for (int p = 0; p < params.length; p++) scratch[p] = new float[params[p].length];
        }
        OptState adam = state.children().getFirst();
        OptState rate = state.children().getLast();
        float[][] mu = adam.slot("mu");
        float[][] nu = adam.slot("nu");
        long t = adam.increment();                           // as ScaleByAdam.update
        float c1 = (float) (1.0 / (1.0 - Math.pow(b1, t)));
        float c2 = (float) (1.0 / (1.0 - Math.pow(b2, t)));
        float a1 = 1f - b1;
        float a2 = 1f - b2;
        float f = (float) -learningRate.at(rate.count());   // as ScaleByLearningRate.update
        rate.increment();
        for (int p = 0; p < params.length; p++) {
            float[] w = params[p];
            float[] g = grads[p];
            float[] m = mu[p];
            float[] v = nu[p];
            float[] u = scratch[p];
            for (int i = 0; i < w.length; i++) {
                float gi = g[i];
                float mi = b1 * m[i] + a1 * gi;
                float vi = b2 * v[i] + a2 * gi * gi;
                m[i] = mi;
                v[i] = vi;
                float ui = (mi * c1) / ((float) Math.sqrt(vi * c2) + eps);
                if (weightDecay != 0) ui += weightDecay * w[i];   // as AddDecayedWeights.update
                u[i] = ui;
            }
            double wn = Norms.norm(w);                           // as ScaleByTrustRatio.update
            double un = Norms.norm(u);
            if (wn == 0 || un == 0) {
                for (int i = 0; i < w.length; i++) w[i] += u[i] * f;
            } else {
                float ratio = (float) (wn / un);
                for (int i = 0; i < w.length; i++) w[i] += (u[i] * ratio) * f;
            }
        }
        state.increment();                                   // as Chain.update
        return true;
    }
}
