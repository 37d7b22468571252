package saturn.engine.optim;

/**
 * vSGD (Schaul, Zhang &amp; LeCun 2013, "No More Pesky Learning Rates", ICML, arXiv:1206.1106):
 * SGD whose rates come from running estimates of the gradient's mean ḡ, its mean square v̄ and
 * the diagonal curvature h̄, with an adaptive memory τ. The curvature is the finite-difference
 * estimate of the authors' {@code vSGDfd} (Schaul &amp; LeCun 2013): the batch's gradient is
 * taken a second time at {@code θ + δ}, {@code δ = s·ḡ} (on the first step, {@code s·g} with the
 * batch's gradient itself; the authors' s = 1), and {@code h = |g(θ+δ) − g(θ)|/|δ|}
 * ({@link GradientProbe}; 0 where δ is 0). With s = 1 the estimate is the curvature over the
 * distance ḡ, which is local when gradients are small against the weights (a network's), and
 * far-reaching when they are not: on Rosenbrock's function, whose gradients are in the hundreds,
 * s = 1 stalls away from the minimum and s = 1e-3 converges. Element-wise
 * (vSGD-l), per element, with {@code f = 1/τ}:
 * <pre>
 *   ḡ ← (1−f) ḡ + f g
 *   v̄ ← (1−f) v̄ + f g² + ε
 *   h̄ ← (1−f) h̄ + f (h + ε)
 *   r = ḡ²/v̄;   w ← w − η(t)·(r/h̄)·g;   τ ← (1 − r) τ + 1
 * </pre>
 * Layer-wise (vSGD-b, {@code layers}), per tensor: one f, r and rate for all of it, with
 * {@code ‖g‖²} in place of g² ({@code ℓ̄}), the largest element of h in place of h, and
 * {@code r = ‖ḡ‖²/ℓ̄}. The first step starts the averages from its own sample, the square and
 * the curvature overestimated by the factor {@code c} (the paper's slow start), and τ from 1.
 * η(t) is a multiplier, 1 by default; the rates are the method's own. The second gradient costs
 * one forward and one backward pass per step (two more on the first).
 */
public final class Vsgd implements GradientTransformation, GradientProbe {

    private final Schedule rate;
    private final float slowStart;
    private final float eps;
    private final float displacement;
    private final boolean layers;

    /** @param displacement s, the probe's displacement in units of ḡ */
    public Vsgd(Schedule rate, float slowStart, float eps, float displacement, boolean layers) {
        this.rate = rate;
        this.slowStart = slowStart;
        this.eps = eps;
        this.displacement = displacement;
        this.layers = layers;
    }

    @Override
    public VsgdState init(float[][] params) {
        return new VsgdState(params, layers);
    }

    @Override
    public boolean needsGradient(OptState state) {
        return state.count() == 0;
    }

    @Override
    public void moveOut(float[][] params, float[][] grads, OptState state) {
        VsgdState s = (VsgdState) state;
        for (int p = 0; p < params.length; p++) {
            float[] w = params[p];
            float[] d = s.gbar()[p];
            if (s.count() == 0) System.arraycopy(grads[p], 0, d, 0, d.length);   // the first direction: g itself
            System.arraycopy(w, 0, s.saved[p], 0, w.length);
            for (int i = 0; i < w.length; i++) w[i] = w[i] + displacement * d[i];
        }
    }

    @Override
    public void moveBack(float[][] params, float[][] grads, OptState state) {
        VsgdState s = (VsgdState) state;
        for (int p = 0; p < params.length; p++) {
            System.arraycopy(grads[p], 0, s.probed[p], 0, grads[p].length);
            System.arraycopy(s.saved[p], 0, params[p], 0, params[p].length);
        }
        s.probedAt = s.count();
    }

    @Override
    public void update(float[][] updates, OptState state, float[][] params) {
        VsgdState s = (VsgdState) state;
        if (s.probedAt != s.count()) {
            throw new IllegalStateException("vSGD reads a second gradient of each batch: its step runs through "
                    + "the training step's probe (GradientProbe), which has not run for this step");
        }
        boolean first = s.count() == 0;
        float f = (float) -rate.at(s.count());
        s.increment();
        for (int p = 0; p < updates.length; p++) {
            if (layers) tensor(updates[p], s, p, first, f);
            else elements(updates[p], s, p, first, f);
        }
    }

    private void elements(float[] u, VsgdState s, int p, boolean first, float f) {
        float[] gbar = s.gbar()[p], vbar = s.square()[p], hbar = s.hbar()[p], tau = s.tau()[p], probed = s.probed[p];
        for (int i = 0; i < u.length; i++) {
            float h = curvature(u[i], probed[i], displacement * gbar[i]);
            u[i] = step(u[i], h, gbar, vbar, hbar, tau, i, first, slowStart, eps) * f;
        }
    }

    private void tensor(float[] u, VsgdState s, int p, boolean first, float f) {
        float[] gbar = s.gbar()[p], probed = s.probed[p];
        float largest = 0f;
        for (int i = 0; i < u.length; i++) {
            largest = Math.max(largest, curvature(u[i], probed[i], displacement * gbar[i]));
        }
        float keep = first ? 0f : 1f - 1f / s.tau()[p][0];
        float take = first ? 1f : 1f / s.tau()[p][0];
        for (int i = 0; i < u.length; i++) gbar[i] = keep * gbar[i] + take * u[i];
        float square = (float) saturn.engine.Backends.kernels().sumSquares(u, 0, u.length);
        float mean = (float) saturn.engine.Backends.kernels().sumSquares(gbar, 0, u.length);
        float lbar, hbar;
        if (first) {
            lbar = slowStart * (square + eps);
            hbar = slowStart * (largest + eps);
        } else {
            lbar = keep * s.square()[p][0] + take * square + eps;
            hbar = keep * s.hbar()[p][0] + take * (largest + eps);
        }
        float r = mean / lbar;
        s.square()[p][0] = lbar;
        s.hbar()[p][0] = hbar;
        s.tau()[p][0] = (1f - r) * (first ? 1f : s.tau()[p][0]) + 1f;
        float eta = r / hbar;
        for (int i = 0; i < u.length; i++) u[i] = eta * u[i] * f;
    }

    /** The curvature of one element along δ: {@code |g(θ+δ) − g(θ)|/|δ|}, 0 where δ is 0. */
    static float curvature(float g, float probed, float delta) {
        return delta != 0 ? Math.abs(probed - g) / Math.abs(delta) : 0f;
    }

    /**
     * The element-wise rule for element i: the averages and τ updated in place; returns the step
     * {@code (r/h̄)·g} (before the multiplier). {@code h}: this step's curvature; {@code c}: the
     * slow-start factor of the first step.
     */
    static float step(float g, float h, float[] gbar, float[] vbar, float[] hbar, float[] tau, int i, boolean first,
                      float c, float eps) {
        float gb, vb, hb, t;
        if (first) {
            gb = g;
            vb = c * (g * g + eps);
            hb = c * (h + eps);
            t = 1f;
        } else {
            t = tau[i];
            float f = 1f / t;
            gb = (1f - f) * gbar[i] + f * g;
            vb = (1f - f) * vbar[i] + f * (g * g) + eps;
            hb = (1f - f) * hbar[i] + f * (h + eps);
        }
        float r = gb * gb / vb;
        gbar[i] = gb;
        vbar[i] = vb;
        hbar[i] = hb;
        tau[i] = (1f - r) * t + 1f;
        return r / hb * g;
    }
}
