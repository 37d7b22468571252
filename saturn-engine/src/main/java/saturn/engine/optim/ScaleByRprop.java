package saturn.engine.optim;

/**
 * iRprop− (Igel &amp; Hüsken 2000; Riedmiller &amp; Braun 1993), per coordinate, from the
 * gradient's sign only:
 * <pre>
 *   if g·g_prev &gt; 0:  Δ ← min(Δ·η+, Δmax)
 *   if g·g_prev &lt; 0:  Δ ← max(Δ·η−, Δmin),  g ← 0   (no step, and no sign test next time)
 *   u = Δ·sign(g);   g_prev ← g
 * </pre>
 * Δ starts at Δ0 in every coordinate. The output is the step's size with the gradient's
 * sign; {@code chain(scaleByRprop, scale(−1))} descends. No learning rate.
 *
 * <p>Full-batch by design: a sign flip is read as "the last step jumped over a minimum". On
 * mini-batches, batch noise flips the signs of small-gradient coordinates at random, and each
 * flip halves their Δ while a steady sign grows it only by 1.2: noisy coordinates' steps
 * shrink towards Δmin (and stay near it), so on mini-batches Rprop trains slowly or stalls.
 * Use it with full batches ({@code --batch} ≥ the training set) or large ones.
 * {@link #step} is the rule for one element.
 */
public final class ScaleByRprop implements GradientTransformation {

    private final float etaPlus;
    private final float etaMinus;
    private final float stepMin;
    private final float stepMax;
    private final float initialStep;

    public ScaleByRprop(float etaPlus, float etaMinus, float stepMin, float stepMax, float initialStep) {
        this.etaPlus = etaPlus;
        this.etaMinus = etaMinus;
        this.stepMin = stepMin;
        this.stepMax = stepMax;
        this.initialStep = initialStep;
    }

    @Override
    public RpropState init(float[][] params) {
        return new RpropState(params, initialStep);
    }

    @Override
    public void update(float[][] updates, OptState state, float[][] params) {
        RpropState s = (RpropState) state;
        s.increment();
        for (int p = 0; p < updates.length; p++) {
            float[] u = updates[p];
            float[] prev = s.prev()[p];
            float[] step = s.step()[p];
            for (int i = 0; i < u.length; i++) u[i] = step(u[i], prev, step, i, etaPlus, etaMinus, stepMin, stepMax);
        }
    }

    /**
     * iRprop− for element i: {@code step[i]} and {@code prev[i]} updated in place, the output
     * {@code Δ·sign(g)} returned ({@link Math#signum}; g taken as +0 after a sign change).
     */
    static float step(float g, float[] prev, float[] step, int i, float etaPlus, float etaMinus, float stepMin,
                      float stepMax) {
        float s = g * prev[i];
        if (s > 0) {
            step[i] = Math.min(step[i] * etaPlus, stepMax);
        } else if (s < 0) {
            step[i] = Math.max(step[i] * etaMinus, stepMin);
            g = 0f;
        }
        prev[i] = g;
        return step[i] * Math.signum(g);
    }
}
