package saturn.engine.optim;

/** {@code u ← c·u} for a constant c (optax {@code scale}); {@code scale(−1)} turns a step into a descent update. */
public final class Scale implements GradientTransformation {

    private final float factor;

    public Scale(float factor) {
        this.factor = factor;
    }

    @Override
    public OptState init(float[][] params) {
        return OptState.empty();
    }

    @Override
    public void update(float[][] updates, OptState state, float[][] params) {
        for (float[] u : updates) {
            for (int i = 0; i < u.length; i++) u[i] *= factor;
        }
    }
}
