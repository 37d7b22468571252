package saturn.engine.optim;

import saturn.engine.kernel.Kernels;

/**
 * signSGD and Signum as recipes with a fused kernel. The composition
 * {@code chain([traceMomentum], scaleBySign, scaleByLearningRate)} is the reference and owns
 * the state ({@link FusedRecipe}); {@link #step} applies {@code w ← w + sign(g or t)·(−η)} in
 * one pass per parameter ({@link UpdateKernels#sign}), tested equal bit for bit, signed zeros and
 * NaN included.
 */
final class FusedSign extends FusedRecipe {

    private final Schedule learningRate;
    /** Signum: the sign of the trace {@code t ← g + β t} instead of the gradient's. */
    private final boolean momentum;
    private final float beta;
    private final Applier applier = new Applier();

    /** signSGD. */
    FusedSign(Schedule learningRate) {
        super(Chain.of(new ScaleBySign(), new ScaleByLearningRate(learningRate)));
        this.learningRate = learningRate;
        this.momentum = false;
        this.beta = 0f;
    }

    /** Signum with momentum {@code beta}. */
    FusedSign(Schedule learningRate, float beta) {
        super(Chain.of(new TraceMomentum(beta, false), new ScaleBySign(), new ScaleByLearningRate(learningRate)));
        this.learningRate = learningRate;
        this.momentum = true;
        this.beta = beta;
    }

    @Override
    public ParameterStep beginStep(OptState state) {
        ChainState chain = (ChainState) state;
        if (momentum) {
            TraceState trace = (TraceState) chain.part(0);
            trace.increment();                               // as TraceMomentum.update
            applier.trace = trace.trace();
        }
        // ScaleBySign keeps no counter
        applier.f = ScaleByLearningRate.advance(learningRate, chain.children().getLast());
        chain.increment();                                   // as Chain.update
        return applier;
    }

    /** The per-parameter kernel of one step, its arrays and rate set by {@link #beginStep}. */
    private final class Applier implements ParameterStep {
        /** Null for signSGD. */
        float[][] trace;
        float f;

        @Override
        public void apply(int p, float[] w, float[] g, Kernels kernels) {
            UpdateKernels.of(kernels).sign(w, g, trace == null ? null : trace[p], w.length, beta, f);
        }
    }
}
