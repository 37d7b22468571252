package saturn.engine.optim;

import saturn.engine.kernel.Kernels;

/**
 * Adam and AdamW as a recipe with a fused kernel. The composition
 * {@code chain(scaleByAdam, [addDecayedWeights], scaleByLearningRate)} stays the readable
 * reference and owns the state ({@link FusedRecipe}: slots {@code mu}, {@code nu} and every
 * counter). {@link #step} ({@link #beginStep}) runs the same equations in one pass per
 * parameter through {@link Kernels#adam}, tested equal bit for bit to the chain.
 */
final class FusedAdam extends FusedRecipe {

    private final float b1;
    private final float b2;
    private final float eps;
    private final Schedule learningRate;
    /** AdamW: decay the parameters selected by {@code mask} (null = all). */
    private final boolean decay;
    private final float weightDecay;
    private final boolean[] mask;
    private final Applier applier = new Applier();

    FusedAdam(float b1, float b2, float eps, Schedule learningRate, boolean decay, float weightDecay, boolean[] mask) {
        super(decay
                ? Optimizers.chain(new ScaleByAdam(b1, b2, eps), new AddDecayedWeights(weightDecay, mask),
                        new ScaleByLearningRate(learningRate))
                : Optimizers.chain(new ScaleByAdam(b1, b2, eps), new ScaleByLearningRate(learningRate)));
        this.b1 = b1;
        this.b2 = b2;
        this.eps = eps;
        this.learningRate = learningRate;
        this.decay = decay;
        this.weightDecay = weightDecay;
        this.mask = mask == null ? null : mask.clone();
    }

    @Override
    public ParameterStep beginStep(OptState state) {
        OptState adam = state.children().getFirst();
        OptState rate = state.children().getLast();
        long t = adam.increment();                       // as ScaleByAdam.update
        applier.mu = adam.slot("mu");
        applier.nu = adam.slot("nu");
        applier.c1 = (float) (1.0 / (1.0 - Math.pow(b1, t)));
        applier.c2 = (float) (1.0 / (1.0 - Math.pow(b2, t)));
        applier.f = ScaleByLearningRate.advance(learningRate, rate);
        state.increment();                                // as Chain.update
        return applier;
    }

    /** The per-parameter kernel of one step, its constants set by {@link #beginStep}. */
    private final class Applier implements ParameterStep {
        float[][] mu;
        float[][] nu;
        float c1;
        float c2;
        float f;

        @Override
        public void apply(int p, float[] param, float[] grad, Kernels kernels) {
            boolean decayed = decay && (mask == null || mask[p]);
            kernels.adam(param, grad, mu[p], nu[p], param.length, b1, b2, c1, c2, eps, decayed, weightDecay, f);
        }
    }
}
