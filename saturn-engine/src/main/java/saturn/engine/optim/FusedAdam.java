package saturn.engine.optim;

import saturn.engine.kernel.Kernels;

/**
 * Adam and AdamW as a recipe with a fused kernel. The composition
 * {@code chain(scaleByAdam, [addDecayedWeights], scaleByLearningRate)} stays the readable
 * reference: {@link #init} and {@link #update} are the chain's, so the state (slots
 * {@code mu}, {@code nu} and every counter) is laid out exactly as the chain's and a
 * checkpoint cannot tell them apart. {@link #step} runs the same equations in one pass per
 * parameter through {@link Kernels#adam}, tested equal bit for bit to the chain.
 */
final class FusedAdam implements GradientTransformation {

    private final GradientTransformation reference;
    private final float b1;
    private final float b2;
    private final float eps;
    private final Schedule learningRate;
    /** AdamW: decay the parameters selected by {@code mask} (null = all). */
    private final boolean decay;
    private final float weightDecay;
    private final boolean[] mask;

    FusedAdam(float b1, float b2, float eps, Schedule learningRate, boolean decay, float weightDecay, boolean[] mask) {
        this.b1 = b1;
        this.b2 = b2;
        this.eps = eps;
        this.learningRate = learningRate;
        this.decay = decay;
        this.weightDecay = weightDecay;
        this.mask = mask == null ? null : mask.clone();
        this.reference = decay
                ? Optimizers.chain(new ScaleByAdam(b1, b2, eps), new AddDecayedWeights(weightDecay, mask),
                        new ScaleByLearningRate(learningRate))
                : Optimizers.chain(new ScaleByAdam(b1, b2, eps), new ScaleByLearningRate(learningRate));
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
        OptState adam = state.children().getFirst();
        OptState rate = state.children().getLast();
        float[][] mu = adam.slot("mu");
        float[][] nu = adam.slot("nu");
        long t = adam.increment();                       // as ScaleByAdam.update
        float c1 = (float) (1.0 / (1.0 - Math.pow(b1, t)));
        float c2 = (float) (1.0 / (1.0 - Math.pow(b2, t)));
        float f = (float) -learningRate.at(rate.count());   // as ScaleByLearningRate.update
        rate.increment();
        for (int p = 0; p < params.length; p++) {
            boolean decayed = decay && (mask == null || mask[p]);
            kernels.adam(params[p], grads[p], mu[p], nu[p], params[p].length, b1, b2, c1, c2, eps,
                    decayed, weightDecay, f);
        }
        state.increment();                                // as Chain.update
        return true;
    }
}
