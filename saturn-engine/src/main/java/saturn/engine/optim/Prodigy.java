package saturn.engine.optim;

/**
 * Prodigy (Mishchenko &amp; Defazio 2024, "Prodigy: An Expeditiously Adaptive Parameter-Free
 * Learner", ICML, arXiv:2306.06101; the authors' {@code prodigyopt}): D-Adaptation's Adam with the
 * distance estimate's sums weighted towards recent steps and taken against the initial weights
 * w0. With {@code dη = d·η(t)} (η the learning-rate multiplier, 1 by default) and
 * {@code β3 = √β2}, per step:
 * <pre>
 *   r ← β3 r + (d/d0) dη Σ g·(w0 − w)
 *   m ← β1 m + d(1 − β1) g
 *   v ← β2 v + d²(1 − β2) g²
 *   s ← β3 s + (d/d0) dη g
 *   d̂ = r/‖s‖₁;  d_max ← max(d_max, d̂);  d ← d_max     (d moves up from d0 at the first d̂ above it)
 *   w ← w − dη m/(√v + d ε) − λ dη w                   (dη of the old d, ε times the new one; decoupled decay λ)
 * </pre>
 * The sums run over every parameter in {@link ParameterSums}' fixed order, so the step of w must
 * wait for all of them: a first pass per parameter ({@link #moments}, {@link UpdateKernels#prodigyMoments}),
 * then d, then a second pass ({@link #step}, {@link UpdateKernels#prodigyStep}). As in the authors'
 * code, a step whose {@code ‖s‖₁} is 0 (every gradient so far zero) moves nothing and leaves r and
 * d as they were. Their defaults: no bias correction, no safeguarded warm-up, no growth cap,
 * {@code d_coef} 1 (the estimate's multiplier).
 */
public final class Prodigy implements GradientTransformation {

    private final Schedule learningRate;
    private final float b1;
    private final float b2;
    private final float eps;
    private final float weightDecay;
    private final double d0;
    private final double dCoef;
    private final double b3;
    private final Constants constants = new Constants();
    private final ParameterSums sums = new ParameterSums();
    private float[] terms = new float[0];

    public Prodigy(Schedule learningRate, float b1, float b2, float eps, float weightDecay, double d0, double dCoef) {
        this.learningRate = learningRate;
        this.b1 = b1;
        this.b2 = b2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.d0 = d0;
        this.dCoef = dCoef;
        this.b3 = Math.sqrt(b2);
    }

    @Override
    public ProdigyState init(float[][] params) {
        return new ProdigyState(params, d0);
    }

    @Override
    public void update(float[][] updates, OptState state, float[][] params) {
        ProdigyState s = (ProdigyState) state;
        Constants k = begin(s);
        sums.begin(updates.length);
        for (int p = 0; p < updates.length; p++) {
            float[] g = updates[p];
            float[] w = params[p];
            float[] m = s.mu()[p], v = s.nu()[p], sp = s.s()[p], w0 = s.w0()[p];
            if (terms.length < g.length) terms = new float[g.length];
            for (int i = 0; i < g.length; i++) {
                terms[i] = term(g[i], w[i], w0, i);
                moments(g[i], m, v, sp, i, b1, b2, k.b3, k.am, k.av, k.as, k.floor);
            }
            sums.addTensor(p, terms, sp, g.length);
        }
        boolean moves = finish(s, k, sums.first(), sums.second());
        for (int p = 0; p < updates.length; p++) {
            float[] u = updates[p];
            float[] w = params[p];
            for (int i = 0; i < u.length; i++) {
                // −0 leaves every weight as it is, −0 included
                u[i] = moves ? step(w[i], s.mu()[p], s.nu()[p], i, k.stepRate, k.stepEps, k.decay) : -0f;
            }
        }
    }

    /** One step's constants (the object is reused). */
    static final class Constants {
        double rate;
        double dRate;
        float b3;
        float am;
        float av;
        float as;
        float floor;
        /** Set by {@link #finish}: the second pass's dη, d·ε and λdη. */
        float stepRate;
        float stepEps;
        float decay;
    }

    /** Advances the counter and returns the first pass's constants. */
    Constants begin(ProdigyState s) {
        double d = s.d();
        constants.rate = learningRate.at(s.count());
        s.increment();
        constants.dRate = d * constants.rate;
        constants.b3 = (float) b3;
        constants.am = (float) (d * (1 - b1));
        constants.av = (float) (d * d * (1 - b2));
        constants.as = (float) (d / d0 * constants.dRate);
        constants.floor = squareFloor(constants.av);
        return constants;
    }

    /**
     * The estimate from the inner product's terms and {@code ‖s‖₁} over every parameter; sets the
     * second pass's constants. False when {@code ‖s‖₁} is 0: then nothing moves.
     */
    boolean finish(ProdigyState s, Constants k, double terms, double l1) {
        if (l1 == 0) return false;
        double d = s.d();
        double dMax = s.dMax();
        double r = b3 * s.numerator() + d / d0 * k.dRate * terms;
        if (k.rate > 0) {
            double estimate = dCoef * r / l1;
            if (d == d0) d = Math.max(d, estimate);
            dMax = Math.max(dMax, estimate);
            d = dMax;
        }
        s.set(d, dMax, r);
        k.stepRate = (float) k.dRate;
        k.stepEps = (float) (d * eps);
        k.decay = (float) (k.dRate * weightDecay);
        return true;
    }

    /** The smallest {@code |g|} whose term {@code (av·g)·g} v keeps, as {@link ScaleByAdam#squareFloor}. */
    public static float squareFloor(float av) {
        return (float) Math.sqrt(Float.MIN_NORMAL / (double) av);
    }

    /** Element i's term of the inner product, {@code g·(w0 − w)}. */
    static float term(float g, float w, float[] w0, int i) {
        return g * (w0[i] - w);
    }

    /**
     * The first pass for element i: m, v, s updated in place ({@code am = d(1−β1)},
     * {@code av = d²(1−β2)}, {@code as = (d/d0)dη}; a gradient below {@code floor} adds nothing to
     * v, whose term would be subnormal).
     */
    static void moments(float g, float[] m, float[] v, float[] s, int i, float b1, float b2, float b3, float am, float av,
                        float as, float floor) {
        m[i] = b1 * m[i] + am * g;
        float gs = Math.abs(g) < floor ? 0f : g;
        v[i] = b2 * v[i] + av * gs * gs;
        s[i] = b3 * s[i] + as * g;
    }

    /** The second pass for element i: the step {@code −dη m/(√v + dε) − λdη w}. */
    static float step(float w, float[] m, float[] v, int i, float rate, float eps, float decay) {
        float u = -(rate * (m[i] / ((float) Math.sqrt(v[i]) + eps)));
        if (decay != 0) u = u - decay * w;
        return u;
    }

    float b1() {
        return b1;
    }

    float b2() {
        return b2;
    }

    ParameterSums sums() {
        return sums;
    }
}
