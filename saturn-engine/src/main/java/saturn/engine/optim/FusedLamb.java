package saturn.engine.optim;

import saturn.engine.kernel.Kernels;
import saturn.engine.kernel.SumOrder;

/**
 * LAMB as a recipe with a fused step. The composition
 * {@code chain(scaleByAdam, [addDecayedWeights], scaleByTrustRatio, scaleByLearningRate)} is
 * the reference and owns the state ({@link FusedRecipe}); {@link #step} makes two passes per
 * parameter: Adam's moments and step (plus decay) written over the gradient, summing the squares
 * of the weights and of the step on the way ({@link UpdateKernels#lambMoments}; every kernel sums
 * in the one order of {@code SumOrder}, so these are the composition's norms bit for bit),
 * then {@code w ← w + (u·ratio)·(−η)} ({@link UpdateKernels#addScaled}). Tested equal bit for bit.
 * Writing over the gradient (which {@link GradientTransformation.ParameterStep#apply} may
 * clobber) instead of a scratch array saves a read-for-ownership and a write-back per tensor.
 */
final class FusedLamb extends FusedRecipe {

    private final Schedule learningRate;
    private final float b1;
    private final float b2;
    private final float eps;
    private final float weightDecay;
    /** The partial sums of squares of the parameter and of its step, out of the moments pass. */
    private final double[] partials = new double[2 * SumOrder.PARTS];
    private final Applier applier = new Applier();

    FusedLamb(Schedule learningRate, float b1, float b2, float eps, float weightDecay) {
        super(weightDecay == 0
                ? Chain.of(new ScaleByAdam(b1, b2, eps), new ScaleByTrustRatio(null),
                        new ScaleByLearningRate(learningRate))
                : Chain.of(new ScaleByAdam(b1, b2, eps), new AddDecayedWeights(weightDecay, null),
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
            float[] u = g;   // the step overwrites the gradient it was computed from: no scratch to stream through
            UpdateKernels updates = UpdateKernels.of(kernels);
            updates.lambMoments(w, g, mu[p], nu[p], u, w.length, b1, b2, c1, c2, eps, weightDecay, partials);
            double wn = Math.sqrt(SumOrder.combine(partials, 0));   // = Norms.norm(w), as ScaleByTrustRatio.update
            double un = Math.sqrt(SumOrder.combine(partials, SumOrder.PARTS));
            // a ratio of 1 (a zero norm) leaves u·1 = u: the composition's skipped multiplication
            updates.addScaled(w, u, w.length, ScaleByTrustRatio.ratio(wn, un), f);
        }
    }
}
