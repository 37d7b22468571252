package saturn.engine.optim;

/**
 * Adam's rescaling (Kingma &amp; Ba 2015): {@code m ← β1 m + (1−β1) g},
 * {@code v ← β2 v + (1−β2) g²}, {@code u = m̂ / (√v̂ + ε)} with the bias corrections
 * {@code m̂ = m/(1−β1ᵗ)}, {@code v̂ = v/(1−β2ᵗ)}. A gradient too small for its square term
 * to be a normal float ({@code |g|} below {@link #squareFloor}, ~3.4e-18 at β2 = 0.999) adds
 * nothing to {@code v}: computing that subnormal term took a ~100-cycle CPU assist per element.
 * {@link #step} is the rule for one element, which the fused kernels share.
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
    public AdamState init(float[][] params) {
        return new AdamState(params);
    }

    @Override
    public void update(float[][] updates, OptState state, float[][] params) {
        AdamState s = (AdamState) state;
        long t = s.increment();
        float c1 = correction(b1, t);
        float c2 = correction(b2, t);
        float floor = squareFloor(b2);
        for (int p = 0; p < updates.length; p++) {
            float[] u = updates[p];
            float[] m = s.mu()[p];
            float[] v = s.nu()[p];
            for (int i = 0; i < u.length; i++) u[i] = step(u[i], m, v, i, b1, b2, c1, c2, eps, floor);
        }
    }

    /** The bias correction {@code 1/(1−βᵗ)} of step t, rounded to float. */
    static float correction(float beta, long t) {
        return (float) (1.0 / (1.0 - Math.pow(beta, t)));
    }

    /**
     * The smallest {@code |g|} whose square term {@code ((1−β2)·g)·g} the second moment keeps:
     * below it the term would be a subnormal float (or zero) and is dropped, {@code g} taken
     * as 0 there. A product with a subnormal result costs the CPU a microcode assist of ~100
     * cycles; in a deep net whose gradients vanish, most of them are that small (9.1 M of the
     * 16.5 M gradients of {@code saturn bench}'s depth-1000 model), and Adam's update took 16 ms
     * of a 163 ms step where it now takes 11. What is dropped is below {@code 2^-126} per step:
     * against {@code √v̂ + ε} with {@code ε} ≥ 1e-15 it is far below an ulp. About 3.4e-18 at
     * β2 = 0.999.
     */
    public static float squareFloor(float b2) {
        return (float) Math.sqrt(Float.MIN_NORMAL / (double) (1f - b2));
    }

    /**
     * Adam for element i: the moments {@code m[i]}, {@code v[i]} updated in place, and the
     * step {@code m̂/(√v̂ + ε)} returned ({@code c1}, {@code c2}: the {@link #correction}s;
     * {@code floor}: the {@link #squareFloor}).
     */
    static float step(float g, float[] m, float[] v, int i, float b1, float b2, float c1, float c2, float eps,
                      float floor) {
        float mi = b1 * m[i] + (1f - b1) * g;
        float gs = Math.abs(g) < floor ? 0f : g;   // no subnormal square term
        float vi = b2 * v[i] + (1f - b2) * gs * gs;
        m[i] = mi;
        v[i] = vi;
        return (mi * c1) / ((float) Math.sqrt(vi * c2) + eps);
    }
}
