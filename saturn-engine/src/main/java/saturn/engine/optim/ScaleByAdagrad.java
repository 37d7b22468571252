package saturn.engine.optim;

/**
 * Adagrad's rescaling (Duchi, Hazan &amp; Singer 2011): {@code s ← s + g²},
 * {@code u = g / (√s + ε)}, the sum starting at 0 (PyTorch's default). Each coordinate's
 * step shrinks as {@code 1/√t} under a steady gradient.
 */
public final class ScaleByAdagrad implements GradientTransformation {

    private final float eps;

    public ScaleByAdagrad(float eps) {
        this.eps = eps;
    }

    @Override
    public OptState init(float[][] params) {
        return OptState.withSlots(params, "sum");
    }

    @Override
    public void update(float[][] updates, OptState state, float[][] params) {
        float[][] sum = state.slot("sum");
        state.increment();
        for (int p = 0; p < updates.length; p++) {
            float[] u = updates[p];
            float[] s = sum[p];
            for (int i = 0; i < u.length; i++) {
                float g = u[i];
                float si = s[i] + g * g;
                s[i] = si;
                u[i] = g / ((float) Math.sqrt(si) + eps);
            }
        }
    }
}
