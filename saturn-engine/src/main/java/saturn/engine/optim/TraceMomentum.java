package saturn.engine.optim;

/**
 * Heavy-ball momentum (optax {@code trace}): {@code t ← g + β t}, output {@code t}; with
 * Nesterov the output is {@code g + β t}. {@link #step} is the rule for one element.
 */
public final class TraceMomentum implements GradientTransformation {

    private final float decay;
    private final boolean nesterov;

    public TraceMomentum(float decay, boolean nesterov) {
        this.decay = decay;
        this.nesterov = nesterov;
    }

    @Override
    public TraceState init(float[][] params) {
        return new TraceState(params);
    }

    @Override
    public void update(float[][] updates, OptState state, float[][] params) {
        TraceState s = (TraceState) state;
        s.increment();
        for (int p = 0; p < updates.length; p++) {
            float[] u = updates[p];
            float[] t = s.trace()[p];
            for (int i = 0; i < u.length; i++) u[i] = step(u[i], t, i, decay, nesterov);
        }
    }

    /** Momentum for element i: {@code t[i] ← g + β t[i]}, returning it, or {@code g + β t[i]} with Nesterov. */
    static float step(float g, float[] t, int i, float decay, boolean nesterov) {
        float ti = g + decay * t[i];
        t[i] = ti;
        return nesterov ? g + decay * ti : ti;
    }
}
