package saturn.engine.optim;

/**
 * Lion's direction (Chen et al. 2023, "Symbolic Discovery of Optimization Algorithms"):
 * {@code u = sign(β1 m + (1−β1) g)}, then {@code m ← β2 m + (1−β2) g}. The interpolation
 * that gives the sign uses β1, the tracked momentum β2 (slower); with decoupled weight decay
 * and the learning rate, {@code w ← w − η (u + λ w)}. {@link #step} is the rule for one element.
 */
public final class ScaleByLion implements GradientTransformation {

    private final float b1;
    private final float b2;

    public ScaleByLion(float b1, float b2) {
        this.b1 = b1;
        this.b2 = b2;
    }

    @Override
    public LionState init(float[][] params) {
        return new LionState(params);
    }

    @Override
    public void update(float[][] updates, OptState state, float[][] params) {
        LionState s = (LionState) state;
        s.increment();
        for (int p = 0; p < updates.length; p++) {
            float[] u = updates[p];
            float[] m = s.mu()[p];
            for (int i = 0; i < u.length; i++) u[i] = step(u[i], m, i, b1, b2);
        }
    }

    /**
     * Lion for element i: the direction {@code sign(β1 m + (1−β1) g)} ({@link Math#signum}:
     * ±0 and NaN pass through) returned, {@code m[i]} updated in place.
     */
    static float step(float g, float[] m, int i, float b1, float b2) {
        float u = Math.signum(b1 * m[i] + (1f - b1) * g);
        m[i] = b2 * m[i] + (1f - b2) * g;
        return u;
    }
}
