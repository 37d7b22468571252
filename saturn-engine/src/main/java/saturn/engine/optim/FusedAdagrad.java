package saturn.engine.optim;

import saturn.engine.kernel.Kernels;

/**
 * Adagrad as a recipe with a fused kernel. The composition
 * {@code chain(scaleByAdagrad, scaleByLearningRate)} is the reference and owns the state
 * ({@link FusedRecipe}: slot {@code sum}); {@link #step} runs it in one pass per parameter
 * ({@link Kernels#adagrad}), tested equal bit for bit.
 */
final class FusedAdagrad extends FusedRecipe {

    private final Schedule learningRate;
    private final float eps;
    private final Applier applier = new Applier();

    FusedAdagrad(Schedule learningRate, float eps) {
        super(Optimizers.chain(new ScaleByAdagrad(eps), new ScaleByLearningRate(learningRate)));
        this.learningRate = learningRate;
        this.eps = eps;
    }

    @Override
    public ParameterStep beginStep(OptState state) {
        OptState adagrad = state.children().getFirst();
        adagrad.increment();                                 // as ScaleByAdagrad.update
        applier.sum = adagrad.slot("sum");
        applier.f = ScaleByLearningRate.advance(learningRate, state.children().getLast());
        state.increment();                                   // as Chain.update
        return applier;
    }

    /** The per-parameter kernel of one step, its arrays and rate set by {@link #beginStep}. */
    private final class Applier implements ParameterStep {
        float[][] sum;
        float f;

        @Override
        public void apply(int p, float[] w, float[] g, Kernels kernels) {
            kernels.adagrad(w, g, sum[p], w.length, eps, f);
        }
    }
}
