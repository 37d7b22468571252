package saturn.engine.optim;

/**
 * Adam's rescaling (Kingma &amp; Ba 2015): {@code m ← β1 m + (1−β1) g},
 * {@code v ← β2 v + (1−β2) g²}, {@code u = m̂ / (√v̂ + ε)} with the bias corrections
 * {@code m̂ = m/(1−β1ᵗ)}, {@code v̂ = v/(1−β2ᵗ)}. A gradient too small for its square term
 * to be a normal float ({@code |g|} below
 * {@link saturn.engine.kernel.Kernels#adamSquareFloor}, ~3.4e-18 at β2 = 0.999) adds nothing
 * to {@code v}: computing that subnormal term took a ~100-cycle CPU assist per element.
 */
public final class ScaleByAdam implements GradientTransformation {

    private final float b1;
    private final float b2;
    private final float eps;

    public ScaleByAdam(float b1, float b2, float eps) {
        this.b1 = b1;
        this.b2 = b2;
        this.eps = eps;
    }

    @Override
    public OptState init(float[][] params) {
        return OptState.withSlots(params, "mu", "nu");
    }

    @Override
    public void update(float[][] updates, OptState state, float[][] params) {
        float[][] mu = state.slot("mu");
        float[][] nu = state.slot("nu");
        long t = state.increment();
        float c1 = (float) (1.0 / (1.0 - Math.pow(b1, t)));
        float c2 = (float) (1.0 / (1.0 - Math.pow(b2, t)));
        float a1 = 1f - b1;
        float a2 = 1f - b2;
        float floor = saturn.engine.kernel.Kernels.adamSquareFloor(a2);
        for (int p = 0; p < updates.length; p++) {
            float[] u = updates[p];
            float[] m = mu[p];
            float[] v = nu[p];
            for (int i = 0; i < u.length; i++) {
                float g = u[i];
                float mi = b1 * m[i] + a1 * g;
                float gs = Math.abs(g) < floor ? 0f : g;
                float vi = b2 * v[i] + a2 * gs * gs;
                m[i] = mi;
                v[i] = vi;
                u[i] = (mi * c1) / ((float) Math.sqrt(vi * c2) + eps);
            }
        }
    }
}
