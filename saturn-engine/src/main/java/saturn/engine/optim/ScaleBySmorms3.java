package saturn.engine.optim;

/**
 * SMORMS3 (Simon Funk, "RMSprop loses to SMORMS3 - Beware the Epsilon!", 2015): RMSProp
 * whose averaging window adapts per coordinate. With memory {@code mem} (starting at 1):
 * <pre>
 *   r   = 1/(mem+1)
 *   g1  ← (1−r) g1 + r g          g2 ← (1−r) g2 + r g²
 *   x   = g1²/(g2+ε)              (in [0, 1]: how consistent the gradient's sign has been)
 *   u   = g · min(η, x) / (√g2 + ε)
 *   mem ← 1 + mem (1 − x)
 * </pre>
 * The learning rate η sits inside the {@code min}, so this transformation reads the schedule
 * itself and outputs the step's magnitude: the recipe is {@code chain(scaleBySmorms3, scale(−1))}.
 * {@link #step} is the rule for one element.
 */
public final class ScaleBySmorms3 implements GradientTransformation {

    private final Schedule learningRate;
    private final float eps;

    public ScaleBySmorms3(Schedule learningRate, float eps) {
        this.learningRate = learningRate;
        this.eps = eps;
    }

    @Override
    public Smorms3State init(float[][] params) {
        return new Smorms3State(params);
    }

    @Override
    public void update(float[][] updates, OptState state, float[][] params) {
        Smorms3State s = (Smorms3State) state;
        float lr = (float) learningRate.at(s.count());
        s.increment();
        for (int p = 0; p < updates.length; p++) {
            float[] u = updates[p];
            float[] mem = s.mem()[p];
            float[] g1 = s.g1()[p];
            float[] g2 = s.g2()[p];
            for (int i = 0; i < u.length; i++) u[i] = step(u[i], mem, g1, g2, i, lr, eps);
        }
    }

    /**
     * SMORMS3 for element i: {@code g1[i]}, {@code g2[i]} and {@code mem[i]} updated in place,
     * the step's magnitude {@code g·min(η, x)/(√g2 + ε)} returned.
     */
    static float step(float g, float[] mem, float[] g1, float[] g2, int i, float lr, float eps) {
        float r = 1f / (mem[i] + 1f);
        float a = (1f - r) * g1[i] + r * g;
        float b = (1f - r) * g2[i] + r * g * g;
        g1[i] = a;
        g2[i] = b;
        float x = a * a / (b + eps);
        mem[i] = 1f + mem[i] * (1f - x);
        return g * Math.min(lr, x) / ((float) Math.sqrt(b) + eps);
    }
}
