package saturn.engine.optim;

/**
 * Adagrad's rescaling (Duchi, Hazan &amp; Singer 2011): {@code s ← s + g²},
 * {@code u = g / (√s + ε)}, the sum starting at 0 (PyTorch's default). Each coordinate's
 * step shrinks as {@code 1/√t} under a steady gradient. {@link #step} is the rule for one element.
 */
public final class ScaleByAdagrad implements GradientTransformation {

    private final float eps;

    public ScaleByAdagrad(float eps) {
        this.eps = eps;
    }

    @Override
    public AdagradState init(float[][] params) {
        return new AdagradState(params);
    }

    @Override
    public void update(float[][] updates, OptState state, float[][] params) {
        AdagradState s = (AdagradState) state;
        s.increment();
        for (int p = 0; p < updates.length; p++) {
            float[] u = updates[p];
            float[] sum = s.sum()[p];
            for (int i = 0; i < u.length; i++) u[i] = step(u[i], sum, i, eps);
        }
    }

    /** Adagrad for element i: {@code sum[i]} updated in place, the step {@code g / (√s + ε)} returned. */
    static float step(float g, float[] sum, int i, float eps) {
        float si = sum[i] + g * g;
        sum[i] = si;
        return g / ((float) Math.sqrt(si) + eps);
    }
}
