package saturn.engine.optim;

import saturn.engine.kernel.Kernels;

/**
 * Adagrad as a recipe with a fused kernel. The composition
 * {@code chain(scaleByAdagrad, scaleByLearningRate)} is the reference and owns the state
 * ({@link FusedRecipe}: {@link AdagradState}); {@link #step} runs it in one pass per parameter
 * ({@link UpdateKernels#adagrad}), tested equal bit for bit.
 */
final class FusedAdagrad extends FusedRecipe {

    private final Schedule learningRate;
    private final float eps;
    private final Applier applier = new Applier();

    FusedAdagrad(Schedule learningRate, float eps) {
        super(Chain.of(new ScaleByAdagrad(eps), new ScaleByLearningRate(learningRate)));
        this.learningRate = learningRate;
        this.eps = eps;
    }

    @Override
    public ParameterStep beginStep(OptState state) {
        ChainState chain = (ChainState) state;
        AdagradState adagrad = (AdagradState) chain.part(0);
        adagrad.increment();                                 // as ScaleByAdagrad.update
        applier.sum = adagrad.sum();
        applier.f = ScaleByLearningRate.advance(learningRate, chain.part(1));
        chain.increment();                                   // as Chain.update
        return applier;
    }

    /** The per-parameter kernel of one step, its arrays and rate set by {@link #beginStep}. */
    private final class Applier implements ParameterStep {
        float[][] sum;
        float f;

        @Override
        public void apply(int p, float[] w, float[] g, Kernels kernels) {
            UpdateKernels.of(kernels).adagrad(w, g, sum[p], w.length, eps, f);
        }
    }
}
