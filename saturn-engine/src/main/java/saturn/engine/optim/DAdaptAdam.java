package saturn.engine.optim;

/**
 * D-Adaptation for Adam (Defazio &amp; Mishchenko 2023, "Learning-Rate-Free Learning by
 * D-Adaptation", ICML, arXiv:2301.07733; the authors' {@code DAdaptAdam}, version 3): Adam whose
 * step size is an estimate d of the distance to the solution, grown from {@code d0} as the
 * iterates move. With {@code dη = d·η(t)} (η the learning-rate multiplier, 1 by default) and
 * {@code √β2} as the weight of the estimate's averages, per step:
 * <pre>
 *   r ← √β2 r + (1 − √β2) dη Σ g·s/(√v + ε)          (s, v from before this step)
 *   m ← β1 m + dη(1 − β1) g
 *   v ← β2 v + (1 − β2) g²
 *   s ← √β2 s + dη(1 − √β2) g
 *   w ← w − m/(√v + ε) − λ dη w                      (decoupled decay λ)
 *   d ← max(d, r/((1 − √β2) ‖s‖₁))                   (when ‖s‖₁ > 0 and η(t) > 0)
 * </pre>
 * The sums run over every parameter in {@link ParameterSums}' fixed order. The step of w needs
 * no new d, so one pass per parameter does everything ({@link UpdateKernels#dadapt}) and d
 * follows once all are done. As in the authors' code, a step whose {@code ‖s‖₁} is 0 (every
 * gradient so far zero) leaves r and d as they were; unlike it, the decay still applies then.
 * No bias correction (the authors' default) and no growth cap. {@link #term} and {@link #step}
 * are the rules for one element, which the fused kernels share.
 */
public final class DAdaptAdam implements GradientTransformation {

    private final Schedule learningRate;
    private final float b1;
    private final float b2;
    private final float eps;
    private final float weightDecay;
    private final double d0;
    private final double sqrtB2;
    private final Constants constants = new Constants();
    private final ParameterSums sums = new ParameterSums();
    private float[] terms = new float[0];

    public DAdaptAdam(Schedule learningRate, float b1, float b2, float eps, float weightDecay, double d0) {
        this.learningRate = learningRate;
        this.b1 = b1;
        this.b2 = b2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.d0 = d0;
        this.sqrtB2 = Math.sqrt(b2);
    }

    @Override
    public DAdaptState init(float[][] params) {
        return new DAdaptState(params, d0);
    }

    @Override
    public void update(float[][] updates, OptState state, float[][] params) {
        DAdaptState s = (DAdaptState) state;
        Constants k = begin(s);
        float floor = ScaleByAdam.squareFloor(b2);
        sums.begin(updates.length);
        for (int p = 0; p < updates.length; p++) {
            float[] u = updates[p];
            float[] w = params[p];
            float[] m = s.mu()[p], v = s.nu()[p], sp = s.s()[p];
            if (terms.length < u.length) terms = new float[u.length];
            for (int i = 0; i < u.length; i++) {
                terms[i] = term(u[i], sp, v, i, eps);
                u[i] = step(u[i], w[i], m, v, sp, i, b1, b2, k.sb2, k.a1, k.as, eps, k.decay, floor);
            }
            sums.addTensor(p, terms, sp, u.length);
        }
        finish(s, k, sums.first(), sums.second());
    }

    /** One step's constants: dη and the factors the element rule takes from it. */
    static final class Constants {
        double rate;
        double dRate;
        float sb2;
        float a1;
        float as;
        float decay;
    }

    /** Advances the counter and returns this step's constants (the object is reused). */
    Constants begin(DAdaptState s) {
        constants.rate = learningRate.at(s.count());
        s.increment();
        constants.dRate = s.d() * constants.rate;
        constants.sb2 = (float) sqrtB2;
        constants.a1 = (float) (constants.dRate * (1 - b1));
        constants.as = (float) (constants.dRate * (1 - sqrtB2));
        constants.decay = (float) (constants.dRate * weightDecay);
        return constants;
    }

    /** The end of a step: r and d from the inner product's terms and {@code ‖s‖₁} over every parameter. */
    void finish(DAdaptState s, Constants k, double terms, double l1) {
        if (l1 == 0) return;
        double r = sqrtB2 * s.numerator() + (1 - sqrtB2) * (k.dRate * terms);
        double d = s.d();
        if (k.rate > 0) d = Math.max(d, r / ((1 - sqrtB2) * l1));
        s.set(d, r);
    }

    /** Element i's term of the inner product, {@code g·s/(√v + ε)} with s and v before the step. */
    static float term(float g, float[] s, float[] v, int i, float eps) {
        return g * (s[i] / ((float) Math.sqrt(v[i]) + eps));
    }

    /**
     * The rule for element i: m, v, s updated in place; returns the step {@code −m/(√v + ε) − λdη w}
     * ({@code a1 = dη(1−β1)}, {@code as = dη(1−√β2)}, {@code decay = λdη}, {@code floor}:
     * {@link ScaleByAdam#squareFloor}).
     */
    static float step(float g, float w, float[] m, float[] v, float[] s, int i, float b1, float b2, float sb2, float a1,
                      float as, float eps, float decay, float floor) {
        float mi = b1 * m[i] + a1 * g;
        float gs = Math.abs(g) < floor ? 0f : g;   // no subnormal square term
        float vi = b2 * v[i] + (1f - b2) * gs * gs;
        float si = sb2 * s[i] + as * g;
        m[i] = mi;
        v[i] = vi;
        s[i] = si;
        float u = -(mi / ((float) Math.sqrt(vi) + eps));
        if (decay != 0) u = u - decay * w;
        return u;
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

    ParameterSums sums() {
        return sums;
    }
}
