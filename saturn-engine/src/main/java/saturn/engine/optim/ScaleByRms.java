package saturn.engine.optim;

/**
 * RMSProp's rescaling (Tieleman &amp; Hinton 2012): {@code ν ← ρ ν + (1−ρ) g²},
 * {@code u = g / (√ν + ε)}. Centered (Graves 2013) also tracks {@code μ ← ρ μ + (1−ρ) g}
 * and divides by {@code √(ν − μ²) + ε}, the running standard deviation instead of the
 * running RMS. ε sits outside the root, as in PyTorch's {@code RMSprop}. No bias correction:
 * with ν starting at 0 the first steps are larger than later ones (Adam with β1 = 0 is
 * this plus the correction {@code ν̂ = ν/(1−ρᵗ)}). {@link #step} is the rule for one element.
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
    public RmsState init(float[][] params) {
        return new RmsState(params, centered);
    }

    @Override
    public void update(float[][] updates, OptState state, float[][] params) {
        RmsState s = (RmsState) state;
        s.increment();
        for (int p = 0; p < updates.length; p++) {
            float[] u = updates[p];
            float[] v = s.nu()[p];
            float[] m = centered ? s.mu()[p] : null;
            for (int i = 0; i < u.length; i++) u[i] = step(u[i], v, m, i, decay, eps);
        }
    }

    /**
     * RMSProp for element i: {@code nu[i]} (and {@code mu[i]}, when {@code mu} is not null:
     * centered) updated in place, the step {@code g / (√max(ν − μ², 0) + ε)} returned.
     */
    static float step(float g, float[] nu, float[] mu, int i, float decay, float eps) {
        float a = 1f - decay;
        float vi = decay * nu[i] + a * g * g;
        nu[i] = vi;
        float var = vi;
        if (mu != null) {
            float mi = decay * mu[i] + a * g;
            mu[i] = mi;
            var = vi - mi * mi;
        }
        return g / ((float) Math.sqrt(Math.max(var, 0f)) + eps);
    }
}
