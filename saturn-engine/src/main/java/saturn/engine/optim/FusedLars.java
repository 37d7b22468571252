package saturn.engine.optim;

import saturn.engine.kernel.Kernels;

/**
 * LARS as a recipe with a fused step. The composition
 * {@code chain(scaleByLars, scaleByLearningRate, traceMomentum)} is the reference and owns
 * the state ({@link FusedRecipe}); {@link #step} computes the local rate from the two norms
 * as {@link ScaleByLars} does, then the same floats in one pass per parameter
 * ({@link UpdateKernels#lars}) instead of the composed path's copy and four passes. Tested
 * equal bit for bit.
 */
final class FusedLars extends FusedRecipe {

    private final Schedule learningRate;
    private final float momentum;
    private final float trust;
    private final float weightDecay;
    private final boolean[] mask;
    private final Applier applier = new Applier();

    FusedLars(Schedule learningRate, float momentum, float trust, float weightDecay, boolean[] mask) {
        super(Chain.of(new ScaleByLars(trust, weightDecay, mask), new ScaleByLearningRate(learningRate),
                new TraceMomentum(momentum, false)));
        this.learningRate = learningRate;
        this.momentum = momentum;
        this.trust = trust;
        this.weightDecay = weightDecay;
        this.mask = mask == null ? null : mask.clone();
    }

    @Override
    public ParameterStep beginStep(OptState state) {
        ChainState chain = (ChainState) state;
        applier.f = ScaleByLearningRate.advance(learningRate, chain.part(1));
        TraceState momentum = (TraceState) chain.part(2);
        momentum.increment();                                // as TraceMomentum.update
        applier.trace = momentum.trace();
        chain.increment();                                   // as Chain.update
        return applier;
    }

    /** The per-parameter kernel of one step, its constants set by {@link #beginStep}. */
    private final class Applier implements ParameterStep {
        float f;
        float[][] trace;

        @Override
        public void apply(int p, float[] w, float[] g, Kernels kernels) {
            if (mask != null && !mask[p]) {
                UpdateKernels.of(kernels).lars(w, g, trace[p], w.length, false, 1f, 0f, f, momentum);
                return;
            }
            float local = ScaleByLars.localRate(Norms.norm(w), Norms.norm(g), trust, weightDecay);   // as ScaleByLars.update
            UpdateKernels.of(kernels).lars(w, g, trace[p], w.length, true, local, weightDecay, f, momentum);
        }
    }
}
