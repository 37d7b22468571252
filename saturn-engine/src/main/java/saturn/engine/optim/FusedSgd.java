package saturn.engine.optim;

import saturn.engine.kernel.Kernels;

/**
 * SGD, heavy-ball momentum and Nesterov as recipes with a fused kernel. The composition
 * {@code chain([traceMomentum], scaleByLearningRate)} is the readable reference and owns
 * {@link #init} and {@link #update} (so the state is the chain's); {@link #step} applies
 * {@code w ← w + (−η)·g} ({@link Kernels#axpy}) or the momentum update
 * ({@link Kernels#momentum}) in one pass per parameter, tested equal bit for bit.
 */
final class FusedSgd implements GradientTransformation {

    private final GradientTransformation reference;
    private final Schedule learningRate;
    private final boolean momentum;
    private final float beta;
    private final boolean nesterov;

    /** Plain SGD. */
    FusedSgd(Schedule learningRate) {
        this.learningRate = learningRate;
        this.momentum = false;
        this.beta = 0f;
        this.nesterov = false;
        this.reference = Optimizers.chain(new ScaleByLearningRate(learningRate));
    }

    /** Momentum {@code beta}, Nesterov or heavy ball. */
    FusedSgd(Schedule learningRate, float beta, boolean nesterov) {
        this.learningRate = learningRate;
        this.momentum = true;
        this.beta = beta;
        this.nesterov = nesterov;
        this.reference = Optimizers.chain(new TraceMomentum(beta, nesterov), new ScaleByLearningRate(learningRate));
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
        OptState rate = state.children().getLast();
        float f = (float) -learningRate.at(rate.count());   // as ScaleByLearningRate.update
        rate.increment();
        if (momentum) {
            OptState trace = state.children().getFirst();
            float[][] t = trace.slot("trace");
            trace.increment();                                 // as TraceMomentum.update
            for (int p = 0; p < params.length; p++) {
                kernels.momentum(params[p], grads[p], t[p], params[p].length, beta, nesterov, f);
            }
        } else {
            // composed: u = g·f, then w + u; axpy computes w + f·g, the same product and sum
            for (int p = 0; p < params.length; p++) kernels.axpy(f, grads[p], params[p], params[p].length);
        }
        state.increment();                                    // as Chain.update
        return true;
    }
}
