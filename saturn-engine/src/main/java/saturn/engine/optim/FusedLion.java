package saturn.engine.optim;

import saturn.engine.kernel.Kernels;

/**
 * Lion as a recipe with a fused kernel. The composition
 * {@code chain(scaleByLion, [addDecayedWeights], scaleByLearningRate)} is the reference and
 * owns the state ({@link FusedRecipe}: {@link LionState}); {@link #step} runs it in one pass per
 * parameter ({@link UpdateKernels#lion}), tested equal bit for bit.
 */
final class FusedLion extends FusedRecipe {

    private final Schedule learningRate;
    private final float b1;
    private final float b2;
    /** Whether the chain has its {@code addDecayedWeights} stage (weight decay 0 leaves it out). */
    private final boolean decay;
    private final float weightDecay;
    private final Applier applier = new Applier();

    FusedLion(Schedule learningRate, float b1, float b2, boolean decay, float weightDecay) {
        super(decay
                ? Chain.of(new ScaleByLion(b1, b2), new AddDecayedWeights(weightDecay, null),
                        new ScaleByLearningRate(learningRate))
                : Chain.of(new ScaleByLion(b1, b2), new ScaleByLearningRate(learningRate)));
        this.learningRate = learningRate;
        this.b1 = b1;
        this.b2 = b2;
        this.decay = decay;
        this.weightDecay = weightDecay;
    }

    @Override
    public ParameterStep beginStep(OptState state) {
        ChainState chain = (ChainState) state;
        LionState lion = (LionState) chain.part(0);
        lion.increment();                                    // as ScaleByLion.update
        applier.mu = lion.mu();
        applier.f = ScaleByLearningRate.advance(learningRate, chain.children().getLast());
        chain.increment();                                   // as Chain.update
        return applier;
    }

    /** The per-parameter kernel of one step, its arrays and rate set by {@link #beginStep}. */
    private final class Applier implements ParameterStep {
        float[][] mu;
        float f;

        @Override
        public void apply(int p, float[] w, float[] g, Kernels kernels) {
            UpdateKernels.of(kernels).lion(w, g, mu[p], w.length, b1, b2, decay, weightDecay, f);
        }
    }
}
