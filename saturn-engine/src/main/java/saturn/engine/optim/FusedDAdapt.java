package saturn.engine.optim;

import saturn.engine.kernel.Kernels;

/**
 * D-Adaptation's Adam as a recipe with a fused step: {@code chain(dadaptAdam)} is the reference
 * and owns the state ({@link FusedRecipe}); {@link #beginStep} advances it as one {@code update}
 * would, each parameter then takes one pass ({@link UpdateKernels#dadapt}: its step and its two
 * sums), and {@code finish} sets the next d from the sums in parameter order. Tested equal bit
 * for bit to the chain.
 */
final class FusedDAdapt extends FusedRecipe {

    private final DAdaptAdam rule;
    private final Applier applier = new Applier();

    FusedDAdapt(DAdaptAdam rule) {
        super(Chain.of(rule));
        this.rule = rule;
    }

    @Override
    public ParameterStep beginStep(OptState state) {
        ChainState chain = (ChainState) state;
        DAdaptState s = (DAdaptState) chain.part(0);
        applier.s = s;
        applier.k = rule.begin(s);
        rule.sums().begin(s.mu().length);
        chain.increment();   // as Chain.update
        return applier;
    }

    /** The per-parameter kernel of one step, its constants set by {@link #beginStep}. */
    private final class Applier implements ParameterStep {
        DAdaptState s;
        DAdaptAdam.Constants k;

        @Override
        public void apply(int p, float[] param, float[] grad, Kernels kernels) {
            ParameterSums sums = rule.sums();
            UpdateKernels.of(kernels).dadapt(param, grad, s.mu()[p], s.nu()[p], s.s()[p], param.length, rule.b1(), rule.b2(),
                    k.sb2, k.a1, k.as, rule.eps(), k.decay, sums.partials);
            sums.record(p);
        }

        @Override
        public void finish(Kernels kernels) {
            rule.finish(s, k, rule.sums().first(), rule.sums().second());
        }
    }
}
