package saturn.engine.optim;

/**
 * {@code u_p ← m_p·u_p}: one factor per parameter array (per-layer learning rates,
 * {@code chain(optimizer, scaleByParameter(m))}). Since every optimizer's update is linear in
 * its learning rate with its state independent of it, this is the optimizer with each
 * parameter's learning rate multiplied by {@code m_p} (to rounding), for Adam, SGD, momentum,
 * RMSprop and the others alike. It has no fused kernel: a chain with it takes the composed
 * path.
 */
public final class ScaleByParameter implements GradientTransformation {

    private final float[] factors;

    /** @param factors one per parameter array, in the order the optimizer sees them */
    public ScaleByParameter(float[] factors) {
        this.factors = factors.clone();
    }

    @Override
    public OptState init(float[][] params) {
        if (params.length != factors.length) {
            throw new IllegalArgumentException(factors.length + " factors for " + params.length + " parameters");
        }
        return OptState.empty();
    }

    @Override
    public void update(float[][] updates, OptState state, float[][] params) {
        for (int p = 0; p < updates.length; p++) {
            float m = factors[p];
            if (m == 1f) continue;
            float[] u = updates[p];
            for (int i = 0; i < u.length; i++) u[i] *= m;
        }
    }
}
