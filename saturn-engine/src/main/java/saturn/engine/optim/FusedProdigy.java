package saturn.engine.optim;

import saturn.engine.kernel.Kernels;

/**
 * Prodigy as a recipe with a fused step: {@code chain(prodigy)} is the reference and owns the
 * state ({@link FusedRecipe}); each parameter's first pass ({@link UpdateKernels#prodigyMoments})
 * runs as soon as its gradient is final, and {@code finish}, once d is known, the second pass
 * over every parameter ({@link UpdateKernels#prodigyStep}). Tested equal bit for bit to the chain.
 */
final class FusedProdigy extends FusedRecipe {

    private final Prodigy rule;
    private final Applier applier = new Applier();

    FusedProdigy(Prodigy rule) {
        super(Chain.of(rule));
        this.rule = rule;
    }

    @Override
    public ParameterStep beginStep(OptState state) {
        ChainState chain = (ChainState) state;
        ProdigyState s = (ProdigyState) chain.part(0);
        applier.s = s;
        applier.k = rule.begin(s);
        int n = s.mu().length;
        rule.sums().begin(n);
        if (applier.params.length != n) applier.params = new float[n][];
        chain.increment();   // as Chain.update
        return applier;
    }

    /** The per-parameter first pass of one step, and the second pass in {@link #finish}. */
    private final class Applier implements ParameterStep {
        ProdigyState s;
        Prodigy.Constants k;
        /** The parameters met by {@link #apply}, for the second pass. */
        float[][] params = new float[0][];

        @Override
        public void apply(int p, float[] param, float[] grad, Kernels kernels) {
            ParameterSums sums = rule.sums();
            UpdateKernels.of(kernels).prodigyMoments(param, grad, s.mu()[p], s.nu()[p], s.s()[p], s.w0()[p], param.length,
                    rule.b1(), rule.b2(), k.b3, k.am, k.av, k.as, sums.partials);
            sums.record(p);
            params[p] = param;
        }

        @Override
        public void finish(Kernels kernels) {
            boolean moves = rule.finish(s, k, rule.sums().first(), rule.sums().second());
            UpdateKernels steps = UpdateKernels.of(kernels);
            for (int p = 0; p < params.length; p++) {
                if (moves) steps.prodigyStep(params[p], s.mu()[p], s.nu()[p], params[p].length, k.stepRate, k.stepEps, k.decay);
                params[p] = null;
            }
        }
    }
}
