package saturn.engine.optim;

/** Leaves updates unchanged: the neutral element of {@code chain}. */
public final class Identity implements GradientTransformation {

    @Override
    public OptState init(float[][] params) {
        return OptState.empty();
    }

    @Override
    public void update(float[][] updates, OptState state, float[][] params) {
    }
}
