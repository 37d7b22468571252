package saturn.engine.optim;

/**
 * Heavy-ball momentum (optax {@code trace}): {@code t ← g + β t}, output {@code t}; with
 * Nesterov the output is {@code g + β t}.
 */
public final class TraceMomentum implements GradientTransformation {

    private final float decay;
    private final boolean nesterov;

    public TraceMomentum(float decay, boolean nesterov) {
        this.decay = decay;
        this.nesterov = nesterov;
    }

    @Override
    public OptState init(float[][] params) {
        return OptState.withSlots(params, "trace");
    }

    @Override
    public void update(float[][] updates, OptState state, float[][] params) {
        float[][] trace = advance(state);
        for (int p = 0; p < updates.length; p++) {
            float[] u = updates[p];
            float[] t = trace[p];
            for (int i = 0; i < u.length; i++) {
                float g = u[i];
                float ti = g + decay * t[i];
                t[i] = ti;
                u[i] = nesterov ? g + decay * ti : ti;
            }
        }
    }

    /**
     * Advances the state's counter as one {@link #update} and returns its trace arrays: the
     * part of an update that the fused recipes' {@code beginStep} share.
     */
    static float[][] advance(OptState state) {
        state.increment();
        return state.slot("trace");
    }
}
