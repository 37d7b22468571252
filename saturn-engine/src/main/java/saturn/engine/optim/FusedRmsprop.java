package saturn.engine.optim;

import saturn.engine.kernel.Kernels;

/**
 * RMSProp as a recipe with a fused kernel, in all four variants (plain or centered, with or
 * without momentum). The composition {@code chain(scaleByRms, [traceMomentum], scaleByLearningRate)}
 * is the reference and owns the state ({@link FusedRecipe}); {@link #step} runs the same
 * equations in one pass per parameter ({@link UpdateKernels#rmsprop}) instead of the composed path's
 * copy and three or four passes. Tested equal bit for bit.
 */
final class FusedRmsprop extends FusedRecipe {

    private final Schedule learningRate;
    private final float rho;
    private final float eps;
    private final boolean centered;
    /** Whether the chain has its {@code traceMomentum} stage ({@code momentum} 0 leaves it out). */
    private final boolean withMomentum;
    private final float momentum;
    private final Applier applier = new Applier();

    FusedRmsprop(Schedule learningRate, float rho, float eps, boolean centered, boolean withMomentum, float momentum) {
        super(withMomentum
                ? Chain.of(new ScaleByRms(rho, eps, centered), new TraceMomentum(momentum, false),
                        new ScaleByLearningRate(learningRate))
                : Chain.of(new ScaleByRms(rho, eps, centered), new ScaleByLearningRate(learningRate)));
        this.learningRate = learningRate;
        this.rho = rho;
        this.eps = eps;
        this.centered = centered;
        this.withMomentum = withMomentum;
        this.momentum = momentum;
    }

    @Override
    public ParameterStep beginStep(OptState state) {
        ChainState chain = (ChainState) state;
        RmsState rms = (RmsState) chain.part(0);
        rms.increment();                                     // as ScaleByRms.update
        applier.nu = rms.nu();
        applier.mu = rms.mu();
        if (withMomentum) {
            TraceState momentum = (TraceState) chain.part(1);
            momentum.increment();                            // as TraceMomentum.update
            applier.trace = momentum.trace();
        }
        applier.f = ScaleByLearningRate.advance(learningRate, chain.children().getLast());
        chain.increment();                                   // as Chain.update
        return applier;
    }

    /** The per-parameter kernel of one step, its arrays and rate set by {@link #beginStep}. */
    private final class Applier implements ParameterStep {
        float[][] nu;
        /** Null unless centered. */
        float[][] mu;
        /** Null without momentum. */
        float[][] trace;
        float f;

        @Override
        public void apply(int p, float[] w, float[] g, Kernels kernels) {
            UpdateKernels.of(kernels).rmsprop(w, g, nu[p], mu == null ? null : mu[p], trace == null ? null : trace[p], w.length, rho, eps,
                    momentum, f);
        }
    }
}
