package saturn.engine.optim;

import saturn.engine.kernel.Kernels;

/**
 * Adam and AdamW as a recipe with a fused kernel. The composition
 * {@code chain(scaleByAdam, [addDecayedWeights], scaleByLearningRate)} stays the readable
 * reference and owns the state ({@link FusedRecipe}: {@link AdamState} and every counter). {@link #step} ({@link #beginStep}) runs the same equations in one pass per
 * parameter through {@link UpdateKernels#adam}, tested equal bit for bit to the chain.
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
                ? Chain.of(new ScaleByAdam(b1, b2, eps), new AddDecayedWeights(weightDecay, mask),
                        new ScaleByLearningRate(learningRate))
                : Chain.of(new ScaleByAdam(b1, b2, eps), new ScaleByLearningRate(learningRate)));
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
        return applier.begin(state, b1, b2, learningRate);
    }

    /** The per-parameter kernel of one step, its constants set by {@link #beginStep}. */
    private final class Applier extends AdamApplier {

        @Override
        public void apply(int p, float[] param, float[] grad, Kernels kernels) {
            boolean decayed = decay && (mask == null || mask[p]);
            UpdateKernels.of(kernels).adam(param, grad, mu[p], nu[p], param.length, b1, b2, c1, c2, eps, decayed, weightDecay, f);
        }

        @Override
        public boolean appliesRanges() {
            return true;
        }

        @Override
        public void applyRange(int p, float[] param, float[] grad, int from, int to, Kernels kernels) {
            boolean decayed = decay && (mask == null || mask[p]);
            UpdateKernels.of(kernels).adamRange(param, grad, mu[p], nu[p], from, to, b1, b2, c1, c2, eps, decayed, weightDecay, f);
        }
    }
}
