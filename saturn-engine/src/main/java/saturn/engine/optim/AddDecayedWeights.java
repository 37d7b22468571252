package saturn.engine.optim;

/**
 * Decoupled weight decay (Loshchilov &amp; Hutter 2019): {@code u ← u + λ·w}, for the
 * parameters selected by the mask (all when the mask is null). Placed before the learning
 * rate in AdamW, so the decay is scaled by the rate as in optax.
 */
public final class AddDecayedWeights implements GradientTransformation {

    private final float weightDecay;
    private final boolean[] mask;

    public AddDecayedWeights(float weightDecay, boolean[] mask) {
        this.weightDecay = weightDecay;
        this.mask = mask == null ? null : mask.clone();
    }

    @Override
    public OptState init(float[][] params) {
        if (mask != null && mask.length != params.length) {
            throw new IllegalArgumentException("weight-decay mask has " + mask.length + " entries for " + params.length + " parameters");
        }
        return OptState.empty();
    }

    @Override
    public void update(float[][] updates, OptState state, float[][] params) {
        for (int p = 0; p < updates.length; p++) {
            if (mask != null && !mask[p]) continue;
            float[] u = updates[p];
            float[] w = params[p];
            for (int i = 0; i < u.length; i++) u[i] = step(u[i], w[i], weightDecay);
        }
    }

    /** Decay for one element: {@code u + λ w}. */
    static float step(float u, float w, float weightDecay) {
        return u + weightDecay * w;
    }
}
