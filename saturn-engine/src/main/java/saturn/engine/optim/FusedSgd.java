package saturn.engine.optim;

import saturn.engine.kernel.Kernels;

/**
 * SGD, heavy-ball momentum and Nesterov as recipes with a fused kernel. The composition
 * {@code chain([traceMomentum], scaleByLearningRate)} is the readable reference and owns
 * the state ({@link FusedRecipe}); {@link #step} applies
 * {@code w ← w + (−η)·g} ({@link Kernels#axpy}) or the momentum update
 * ({@link UpdateKernels#momentum}) in one pass per parameter, tested equal bit for bit.
 */
final class FusedSgd extends FusedRecipe {

    private final Schedule learningRate;
    private final boolean momentum;
    private final float beta;
    private final boolean nesterov;
    private final Applier applier = new Applier();

    /** Plain SGD. */
    FusedSgd(Schedule learningRate) {
        super(Chain.of(new ScaleByLearningRate(learningRate)));
        this.learningRate = learningRate;
        this.momentum = false;
        this.beta = 0f;
        this.nesterov = false;
    }

    /** Momentum {@code beta}, Nesterov or heavy ball. */
    FusedSgd(Schedule learningRate, float beta, boolean nesterov) {
        super(Chain.of(new TraceMomentum(beta, nesterov), new ScaleByLearningRate(learningRate)));
        this.learningRate = learningRate;
        this.momentum = true;
        this.beta = beta;
        this.nesterov = nesterov;
    }

    @Override
    public ParameterStep beginStep(OptState state) {
        ChainState chain = (ChainState) state;
        applier.f = ScaleByLearningRate.advance(learningRate, chain.children().getLast());
        if (momentum) {
            TraceState trace = (TraceState) chain.part(0);
            trace.increment();                                // as TraceMomentum.update
            applier.trace = trace.trace();
        }
        chain.increment();                                    // as Chain.update
        return applier;
    }

    /** The per-parameter kernel of one step, its constants set by {@link #beginStep}. */
    private final class Applier implements ParameterStep {
        float f;
        float[][] trace;

        @Override
        public void apply(int p, float[] param, float[] grad, Kernels kernels) {
            if (momentum) {
                UpdateKernels.of(kernels).momentum(param, grad, trace[p], param.length, beta, nesterov, f);
            } else {
                // composed: u = g·f, then w + u; axpy computes w + f·g, the same product and sum
                kernels.axpy(f, grad, param, param.length);
            }
        }
    }
}
