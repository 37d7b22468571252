package saturn.engine.optim;

import saturn.engine.kernel.Kernels;

/**
 * SMORMS3 as a recipe with a fused kernel. The composition
 * {@code chain(scaleBySmorms3, scale(−1))} is the reference and owns the state
 * ({@link FusedRecipe}: {@link Smorms3State}); {@link #step} runs it in one
 * pass per parameter ({@link UpdateKernels#smorms3}), tested equal bit for bit.
 */
final class FusedSmorms3 extends FusedRecipe {

    private final Schedule learningRate;
    private final float eps;
    private final Applier applier = new Applier();

    FusedSmorms3(Schedule learningRate, float eps) {
        super(Chain.of(new ScaleBySmorms3(learningRate, eps), new Scale(-1f)));
        this.learningRate = learningRate;
        this.eps = eps;
    }

    @Override
    public ParameterStep beginStep(OptState state) {
        ChainState chain = (ChainState) state;
        Smorms3State smorms3 = (Smorms3State) chain.part(0);
        applier.lr = (float) learningRate.at(smorms3.count());   // as ScaleBySmorms3.update: η sits inside its min
        smorms3.increment();
        applier.mem = smorms3.mem();
        applier.g1 = smorms3.g1();
        applier.g2 = smorms3.g2();
        chain.increment();                                   // as Chain.update (Scale keeps no counter)
        return applier;
    }

    /** The per-parameter kernel of one step, its arrays and rate set by {@link #beginStep}. */
    private final class Applier implements ParameterStep {
        float[][] mem;
        float[][] g1;
        float[][] g2;
        float lr;

        @Override
        public void apply(int p, float[] w, float[] g, Kernels kernels) {
            UpdateKernels.of(kernels).smorms3(w, g, mem[p], g1[p], g2[p], w.length, lr, eps);
        }
    }
}
