package saturn.engine.optim;

/**
 * The per-step part of the Adam-based fused recipes (Adam/AdamW, LAMB): advances the chain's
 * counters exactly as {@code chain(scaleByAdam, …, scaleByLearningRate)} does and holds what
 * every parameter's kernel then needs — the moments and the bias corrections of step t.
 */
abstract class AdamApplier implements GradientTransformation.ParameterStep {

    float[][] mu;
    float[][] nu;
    /** {@code 1/(1−β1ᵗ)} and {@code 1/(1−β2ᵗ)}: {@link ScaleByAdam#correction}. */
    float c1;
    float c2;
    /** {@code −η(t)}. */
    float f;

    /** Counters of {@code state} (Adam first, learning rate last) advanced by one step; returns this. */
    AdamApplier begin(OptState state, float b1, float b2, Schedule learningRate) {
        ChainState chain = (ChainState) state;
        AdamState adam = (AdamState) chain.part(0);
        long t = adam.increment();                                           // as ScaleByAdam.update
        mu = adam.mu();
        nu = adam.nu();
        c1 = ScaleByAdam.correction(b1, t);
        c2 = ScaleByAdam.correction(b2, t);
        f = ScaleByLearningRate.advance(learningRate, chain.children().getLast());
        chain.increment();                                                   // as Chain.update
        return this;
    }
}
