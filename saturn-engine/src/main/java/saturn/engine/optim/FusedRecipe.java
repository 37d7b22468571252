package saturn.engine.optim;

/**
 * A named recipe with a fused step whose composition stays the readable reference:
 * {@link #init} and {@link #update} are the chain's, so the state (its parts' typed states
 * and every counter) is the chain's and a checkpoint cannot tell the two apart.
 * Subclasses add {@link #beginStep}, which must advance the chain's counters as one
 * {@link #update} would; {@code FusedStepTest} checks each against its chain bit for bit.
 */
abstract class FusedRecipe implements GradientTransformation {

    private final Chain reference;

    FusedRecipe(Chain reference) {
        this.reference = reference;
    }

    @Override
    public final ChainState init(float[][] params) {
        return reference.init(params);
    }

    @Override
    public final void update(float[][] updates, OptState state, float[][] params) {
        reference.update(updates, state, params);
    }
}
