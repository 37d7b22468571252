package saturn.engine.optim;

import saturn.engine.kernel.Kernels;

/**
 * LAMB as a recipe with a fused step. The composition
 * {@code chain(scaleByAdam, [addDecayedWeights], scaleByTrustRatio, scaleByLearningRate)} is
 * the reference and owns the state ({@link FusedRecipe}); {@link #step} makes two passes per
 * parameter: Adam's moments and step (plus decay) into a scratch array
 * ({@link Kernels#lambMoments}), then, after the two norms, {@code w ← w + (u·ratio)·(−η)}
 * ({@link Kernels#addScaled}). Tested equal bit for bit; the one scratch array (as large as
 * the largest parameter) is allocated on the first step.
 */
final class FusedLamb extends FusedRecipe {

    private final Schedule learningRate;
    private final float b1;
    private final float b2;
    private final float eps;
    private final float weightDecay;
    /** Adam's step of the parameter being updated, before the trust ratio (the largest parameter's size). */
    private float[] scratch = new float[0];
    private final Applier applier = new Applier();

    FusedLamb(Schedule learningRate, float b1, float b2, float eps, float weightDecay) {
        super(weightDecay == 0
                ? Optimizers.chain(new ScaleByAdam(b1, b2, eps), new ScaleByTrustRatio(null),
                        new ScaleByLearningRate(learningRate))
                : Optimizers.chain(new ScaleByAdam(b1, b2, eps), new AddDecayedWeights(weightDecay, null),
                        new ScaleByTrustRatio(null), new ScaleByLearningRate(learningRate)));
        this.learningRate = learningRate;
        this.b1 = b1;
        this.b2 = b2;
        this.eps = eps;
        this.weightDecay = weightDecay;
    }

    @Override
    public ParameterStep beginStep(OptState state) {
        return applier.begin(state, b1, b2, learningRate);
    }

    /** The per-parameter kernel of one step, its constants set by {@link #beginStep}. */
    private final class Applier extends AdamApplier {

        @Override
        public void apply(int p, float[] w, float[] g, Kernels kernels) {
            if (scratch.length < w.length) scratch = new float[w.length];   // grows on the first step only
            float[] u = scratch;
            kernels.lambMoments(w, g, mu[p], nu[p], u, w.length, b1, b2, c1, c2, eps, weightDecay);
            double wn = Norms.norm(w);                           // as ScaleByTrustRatio.update
            double un = Norms.prefixNorm(u, w.length);
            if (wn == 0 || un == 0) {
                kernels.axpy(f, u, w, w.length);                 // w + f·u: the same product and sum as u·f
            } else {
                kernels.addScaled(w, u, w.length, (float) (wn / un), f);
            }
        }
    }
}
