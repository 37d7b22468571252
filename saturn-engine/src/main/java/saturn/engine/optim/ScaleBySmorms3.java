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
 */
public final class ScaleBySmorms3 implements GradientTransformation {

    private final Schedule learningRate;
    private final float eps;

    public ScaleBySmorms3(Schedule learningRate, float eps) {
        this.learningRate = learningRate;
        this.eps = eps;
    }

    @Override
    public OptState init(float[][] params) {
        OptState s = OptState.withSlots(params, "mem", "g1", "g2");
        for (float[] m : s.slot("mem")) java.util.Arrays.fill(m, 1f);
        return s;
    }

    @Override
    public void update(float[][] updates, OptState state, float[][] params) {
        float lr = (float) learningRate.at(state.count());
        state.increment();
        float[][] mem = state.slot("mem");
        float[][] g1 = state.slot("g1");
        float[][] g2 = state.slot("g2");
        for (int p = 0; p < updates.length; p++) {
            float[] u = updates[p];
            float[] me = mem[p];
            float[] a = g1[p];
            float[] b = g2[p];
            for (int i = 0; i < u.length; i++) {
                float g = u[i];
                float r = 1f / (me[i] + 1f);
                float ai = (1f - r) * a[i] + r * g;
                float bi = (1f - r) * b[i] + r * g * g;
                a[i] = ai;
                b[i] = bi;
                float x = ai * ai / (bi + eps);
                u[i] = g * Math.min(lr, x) / ((float) Math.sqrt(bi) + eps);
                me[i] = 1f + me[i] * (1f - x);
            }
        }
    }
}
