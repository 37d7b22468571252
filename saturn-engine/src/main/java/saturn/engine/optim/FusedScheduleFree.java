package saturn.engine.optim;

import saturn.engine.kernel.Kernels;

/**
 * Schedule-Free AdamW as a recipe with a fused step: {@code chain(scheduleFreeAdamW)} is the
 * reference and owns the state ({@link FusedRecipe}); {@link #beginStep} advances it as one
 * {@code update} would and runs {@link ScheduleFreeAdamW#step} in one pass per parameter, or
 * per band of rows inside the backward pass ({@link UpdateKernels#scheduleFree}). Tested equal
 * bit for bit to the chain.
 */
final class FusedScheduleFree extends FusedRecipe implements GradientPoint {

    private final ScheduleFreeAdamW rule;
    private final Applier applier = new Applier();

    FusedScheduleFree(ScheduleFreeAdamW rule) {
        super(Chain.of(rule));
        this.rule = rule;
    }

    @Override
    public void toGradientPoint(float[][] params, OptState state) {
        rule.toGradientPoint(params, ((ChainState) state).part(0));
    }

    @Override
    public ParameterStep beginStep(OptState state) {
        ChainState chain = (ChainState) state;
        ScheduleFreeState s = (ScheduleFreeState) chain.part(0);
        ScheduleFreeAdamW.Constants k = rule.advance(s);
        applier.s = s;
        applier.gamma = k.step;
        applier.c = k.average;
        applier.decay = k.decay;
        chain.increment();   // as Chain.update
        return applier;
    }

    /** The per-parameter kernel of one step, its constants set by {@link #beginStep}. */
    private final class Applier implements ParameterStep {
        ScheduleFreeState s;
        float gamma;
        float c;
        float decay;

        @Override
        public void apply(int p, float[] param, float[] grad, Kernels kernels) {
            UpdateKernels.of(kernels).scheduleFree(param, grad, s.z()[p], s.nu()[p], s.point()[p], param.length, rule.b1(),
                    rule.b2(), gamma, c, rule.eps(), decay);
        }

        @Override
        public boolean appliesRanges() {
            return true;
        }

        @Override
        public void applyRange(int p, float[] param, float[] grad, int from, int to, Kernels kernels) {
            UpdateKernels.of(kernels).scheduleFreeRange(param, grad, s.z()[p], s.nu()[p], s.point()[p], from, to, rule.b1(),
                    rule.b2(), gamma, c, rule.eps(), decay);
        }
    }
}
