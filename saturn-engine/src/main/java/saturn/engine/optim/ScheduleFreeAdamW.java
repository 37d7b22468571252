package saturn.engine.optim;

/**
 * Schedule-Free AdamW (Defazio, Yang, Mehta, Mishchenko, Khaled &amp; Cutkosky 2024, "The Road
 * Less Scheduled", arXiv:2405.15682; the authors' reference implementation): no schedule to set.
 * The gradient g is taken at y, between the base iterate z and the running average x of the z's;
 * per element, at step t (from 0):
 * <pre>
 *   z ← z − γ λ y                       (decoupled decay, at y)
 *   ν ← β2 ν + (1−β2) g²
 *   z ← z − γ g/(√ν + ε)
 *   x ← (1 − c) x + c z
 *   y ← β1 x + (1 − β1) z
 * </pre>
 * with the step {@code γ = η(t)·min(1, (t+1)/warmup)·√(1 − β2^(t+1))} (Adam's second-moment bias
 * correction folded into it) and the averaging weight {@code c = w_t/Σ_{s≤t} w_s},
 * {@code w_t = (max_{s≤t} γ_s)²} (the paper's weighting, with its polynomial power r = 0).
 *
 * <p>The parameters hold x between steps ({@link GradientPoint}): {@link #update} runs on the
 * exchanged arrangement (parameters y, {@link ScheduleFreeState#point()} x), writes the new y
 * to the state and returns {@code x_new − y}, which the caller adds to the parameters. As in
 * {@link ScaleByAdam}, a gradient whose square term would be subnormal adds nothing to ν.
 * {@link #step} is the rule for one element, which the fused kernels share.
 */
public final class ScheduleFreeAdamW implements GradientTransformation, GradientPoint {

    private final Schedule learningRate;
    private final float b1;
    private final float b2;
    private final float eps;
    private final float weightDecay;
    private final long warmup;
    private final Constants constants = new Constants();

    public ScheduleFreeAdamW(Schedule learningRate, float b1, float b2, float eps, float weightDecay, long warmup) {
        this.learningRate = learningRate;
        this.b1 = b1;
        this.b2 = b2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.warmup = warmup;
    }

    @Override
    public ScheduleFreeState init(float[][] params) {
        return new ScheduleFreeState(params);
    }

    @Override
    public void toGradientPoint(float[][] params, OptState state) {
        ((ScheduleFreeState) state).swap(params);
    }

    @Override
    public void update(float[][] updates, OptState state, float[][] params) {
        ScheduleFreeState s = (ScheduleFreeState) state;
        Constants k = advance(s);
        float floor = ScaleByAdam.squareFloor(b2);
        for (int p = 0; p < updates.length; p++) {
            float[] u = updates[p];
            float[] y = params[p];
            for (int i = 0; i < u.length; i++) {
                u[i] = step(u[i], y[i], s.z()[p], s.nu()[p], s.point()[p], i, b1, b2, k.step, k.average, eps, k.decay, floor);
            }
        }
    }

    /** One step's constants: γ, the averaging weight c and the decay γλ. */
    static final class Constants {
        float step;
        float average;
        float decay;
    }

    /**
     * Advances the state's counter and scalars by one step and returns its constants (the object
     * is reused): the one place they are computed, shared with the fused recipe.
     */
    Constants advance(ScheduleFreeState s) {
        long t = s.count();
        double ramp = t < warmup ? (t + 1) / (double) warmup : 1;
        double gamma = learningRate.at(t) * ramp * Math.sqrt(1 - Math.pow(b2, t + 1));
        double maxStep = Math.max(gamma, s.maxStep());
        double weight = maxStep * maxStep;
        double weightSum = s.weightSum() + weight;
        s.set(maxStep, weightSum);
        s.increment();
        constants.step = (float) gamma;
        constants.average = weightSum > 0 ? (float) (weight / weightSum) : 0f;
        constants.decay = (float) (gamma * weightDecay);
        return constants;
    }

    /**
     * The rule for element i: {@code z}, {@code v} and the point array (x on entry, the new y on
     * exit) updated in place; returns {@code x_new − y}. {@code gamma}: γ; {@code c}: the
     * averaging weight; {@code decay}: γλ; {@code floor}: {@link ScaleByAdam#squareFloor}.
     */
    static float step(float g, float y, float[] z, float[] v, float[] point, int i, float b1, float b2, float gamma,
                      float c, float eps, float decay, float floor) {
        float zi = z[i];
        if (decay != 0) zi = zi - decay * y;
        float gs = Math.abs(g) < floor ? 0f : g;   // no subnormal square term
        float vi = b2 * v[i] + (1f - b2) * gs * gs;
        zi = zi - gamma * (g / ((float) Math.sqrt(vi) + eps));
        float xi = (1f - c) * point[i] + c * zi;
        z[i] = zi;
        v[i] = vi;
        point[i] = b1 * xi + (1f - b1) * zi;
        return xi - y;
    }

    float b1() {
        return b1;
    }

    float b2() {
        return b2;
    }

    float eps() {
        return eps;
    }
}
