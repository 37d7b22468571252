package saturn.engine.optim;

/**
 * RMSProp's rescaling (Tieleman &amp; Hinton 2012): {@code ν ← ρ ν + (1−ρ) g²},
 * {@code u = g / (√ν + ε)}. Centered (Graves 2013) also tracks {@code μ ← ρ μ + (1−ρ) g}
 * and divides by {@code √(ν − μ²) + ε}, the running standard deviation instead of the
 * running RMS. ε sits outside the root, as in PyTorch's {@code RMSprop}. No bias correction:
 * with ν starting at 0 the first steps are larger than later ones (Adam with β1 = 0 is
 * this plus the correction {@code ν̂ = ν/(1−ρᵗ)}).
 */
public final class ScaleByRms implements GradientTransformation {

    private final float decay;
    private final float eps;
    private final boolean centered;

    public ScaleByRms(float decay, float eps, boolean centered) {
        this.decay = decay;
        this.eps = eps;
        this.centered = centered;
    }

    @Override
    public OptState init(float[][] params) {
        return centered ? OptState.withSlots(params, "nu", "mu") : OptState.withSlots(params, "nu");
    }

    @Override
    public void update(float[][] updates, OptState state, float[][] params) {
        float[][] nu = state.slot("nu");
        float[][] mu = centered ? state.slot("mu") : null;
        state.increment();
        float a = 1f - decay;
        for (int p = 0; p < updates.length; p++) {
            float[] u = updates[p];
            float[] v = nu[p];
            float[] m = centered ? mu[p] : null;
            for (int i = 0; i < u.length; i++) {
                float g = u[i];
                float vi = decay * v[i] + a * g * g;
                v[i] = vi;
                float var = vi;
                if (m != null) {
                    float mi = decay * m[i] + a * g;
                    m[i] = mi;
                    var = vi - mi * mi;
                }
                u[i] = g / ((float) Math.sqrt(Math.max(var, 0f)) + eps);
            }
        }
    }
}
