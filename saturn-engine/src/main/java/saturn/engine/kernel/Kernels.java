package saturn.engine.kernel;

/**
 * Elementwise and reduction kernels of the engine. Two implementations exist:
 * {@code ScalarKernels} (the readable reference and fallback) and {@code VectorKernels}
 * (Vector API); they must agree, which tests check on awkward lengths.
 * All ranges are {@code [0, n)} unless an offset is given. Reductions accumulate in double.
 */
public interface Kernels {

    /**
     * {@code out[c] = sum_r g[r*cols + c]} (the bias gradient), summed in double in the order of
     * {@link ActivationKernel#columnSumsInChunks} (the order an activation's fused backward pass
     * sums the same columns in); overwrites {@code out}.
     */
    void columnSums(float[] g, int rows, int cols, float[] out);

    /** {@code out[i] = a[i] * b[i]}; out may alias a or b. */
    void mul(float[] a, float[] b, float[] out, int n);

    /**
     * {@code out[i] = a[i] * b[i]}, with products below {@link Float#MIN_NORMAL} in magnitude set to +0.
     * For backward signals: a vanishing gradient otherwise decays into float32 subnormals, which
     * x86 multiplies through microcode assists, making the next layer's GEMM several times slower
     * (measured: a collapsed sigmoid network stepped about 6x slower than a healthy one); the
     * values lost are below 1.2e-38, already carrying fewer than 24 significant bits.
     */
    void mulFlushToZero(float[] a, float[] b, float[] out, int n);

    /** {@code y[i] += alpha * x[i]}. */
    void axpy(float alpha, float[] x, float[] y, int n);

    /** {@code y[yOff+i] += alpha * x[xOff+i]} over {@code i in [0, n)}. */
    void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n);

    /** {@code x[i] *= alpha}. */
    void scale(float alpha, float[] x, int n);

    /**
     * {@code sum_i x[off+i]^2}, accumulated in double in the order of {@link SumOrder}: every
     * implementation returns the same value bit for bit.
     */
    double sumSquares(float[] x, int off, int n);

    /** {@code Σ a[aOff+i]·b[bOff+i]} over {@code i in [0, n)}, accumulated in double. */
    double dot(float[] a, int aOff, float[] b, int bOff, int n);

    /**
     * K-FAC's pass over one row of its step {@code x}, in one sweep: returns
     * {@code dot(x, xOff, g, gOff, n)} (the same double), then {@code g ← x} and, when
     * {@code p} is not null, {@code p ← p + x} (as {@code axpy(1, x, xOff, p, pOff, n)}).
     */
    double dotThenMove(float[] x, int xOff, float[] g, int gOff, float[] p, int pOff, int n);

    /** {@code sum_i x[off+i]}, accumulated in double. */
    double sum(float[] x, int off, int n);

    /**
     * A kernel running {@code program} (φ and φ' fused, see {@link ActivationKernels}) with
     * this implementation's loops.
     */
    ActivationKernel activation(ActivationProgram program);

    /**
     * The smallest {@code |g|} whose square term {@code (a·g)·g} in Adam's second moment
     * ({@code a = 1 − β2}) the moment keeps: below it the term would be a subnormal float (or
     * zero) and is dropped, {@code g} taken as 0 there. A product with a subnormal result costs
     * the CPU a microcode assist of ~100 cycles; in a deep net whose gradients vanish, most of
     * them are that small (9.1 M of the 16.5 M gradients of {@code saturn bench}'s depth-1000
     * model), and Adam's update took 16 ms of a 163 ms step where it now takes 11. What is
     * dropped is below {@code 2^-126} per step: against {@code √v̂ + ε} with {@code ε} ≥ 1e-15
     * it is far below an ulp. About 3.4e-18 at β2 = 0.999.
     */
    static float adamSquareFloor(float a) {
        return (float) Math.sqrt(Float.MIN_NORMAL / (double) a);
    }

    /**
     * One fused Adam/AdamW step, in place, equal bit for bit to the composed recipe
     * {@code scaleByAdam → [addDecayedWeights] → scaleByLearningRate → params += updates}:
     * <pre>
     * m ← b1·m + (1−b1)·g;   v ← b2·v + (1−b2)·ĝ·ĝ    ĝ = g, or 0 where |g| < {@link #adamSquareFloor}(1−b2)
     * u = (m·c1) / (√(v·c2) + eps)        c1 = 1/(1−b1ᵗ), c2 = 1/(1−b2ᵗ)
     * u ← u + weightDecay·w               only when {@code decay}
     * w ← w + u·rate                      rate = −η(t)
     * </pre>
     */
    void adam(float[] w, float[] g, float[] m, float[] v, int n, float b1, float b2, float c1, float c2,
              float eps, boolean decay, float weightDecay, float rate);

    /**
     * {@link #adam} on elements {@code [from, to)} only, on the calling thread (never split
     * between cores): the same bits those elements get from {@code adam}. For an update run
     * band by band by the cores that computed each band's gradient.
     */
    void adamRange(float[] w, float[] g, float[] m, float[] v, int from, int to, float b1, float b2, float c1,
                   float c2, float eps, boolean decay, float weightDecay, float rate);

    /**
     * One fused heavy-ball step, in place, equal bit for bit to
     * {@code traceMomentum → scaleByLearningRate → params += updates}:
     * {@code t ← g + β·t}; {@code u = nesterov ? g + β·t : t}; {@code w ← w + u·rate}.
     */
    void momentum(float[] w, float[] g, float[] t, int n, float beta, boolean nesterov, float rate);

    /**
     * One fused LARS step with heavy-ball momentum, in place, equal bit for bit to
     * {@code scaleByLars → scaleByLearningRate → traceMomentum → params += updates}:
     * {@code u = scaled ? local·(g + weightDecay·w) : g}; {@code t ← u·rate + momentum·t};
     * {@code w ← w + t}.
     */
    void lars(float[] w, float[] g, float[] t, int n, boolean scaled, float local, float weightDecay, float rate,
              float momentum);

    /**
     * LAMB's first pass, in place: Adam's moments as in {@link #adam}, and its step (plus
     * {@code weightDecay·w} when non-zero) written to {@code u}. The two squared norms the
     * trust ratio needs come out of the same pass as {@link SumOrder}'s partial sums:
     * {@code partials[0..16)} those of {@code w}, {@code partials[16..32)} those of {@code u},
     * so that {@code SumOrder.combine(partials, 0) == sumSquares(w, 0, n)} and
     * {@code SumOrder.combine(partials, 16) == sumSquares(u, 0, n)} bit for bit. (Partials,
     * not the two sums: a SIMD kernel stores its accumulators in one instruction each, where
     * adding them up inside the loop's compilation unit would exceed what C2 inlines.)
     */
    void lambMoments(float[] w, float[] g, float[] m, float[] v, float[] u, int n, float b1, float b2, float c1,
                     float c2, float eps, float weightDecay, double[] partials);

    /** {@code w ← w + (u·ratio)·rate}: LAMB's trust-ratio step, rounded as the composition. */
    void addScaled(float[] w, float[] u, int n, float ratio, float rate);

    /**
     * One fused RMSProp step, in place, equal bit for bit to
     * {@code scaleByRms → [traceMomentum] → scaleByLearningRate → params += updates}:
     * <pre>
     * ν ← ρ·ν + (1−ρ)·g·g
     * μ ← ρ·μ + (1−ρ)·g                 centered only ({@code mu} not null)
     * u = g / (√max(ν − μ·μ, 0) + eps)   (ν alone when not centered)
     * t ← u + momentum·t;  u = t        with momentum only ({@code t} not null)
     * w ← w + u·rate                     rate = −η(t)
     * </pre>
     */
    void rmsprop(float[] w, float[] g, float[] nu, float[] mu, float[] t, int n, float rho, float eps, float momentum,
                 float rate);

    /**
     * One fused Adagrad step, in place, equal bit for bit to
     * {@code scaleByAdagrad → scaleByLearningRate → params += updates}:
     * {@code s ← s + g·g}; {@code u = g / (√s + eps)}; {@code w ← w + u·rate}.
     */
    void adagrad(float[] w, float[] g, float[] s, int n, float eps, float rate);

    /**
     * One fused signSGD or Signum step, in place, equal bit for bit to
     * {@code [traceMomentum] → scaleBySign → scaleByLearningRate → params += updates}:
     * <pre>
     * t ← g + β·t;  d = t              Signum ({@code t} not null)
     * d = g                            signSGD ({@code t} null)
     * w ← w + sign(d)·rate              sign as {@link Math#signum}: ±0 and NaN pass through
     * </pre>
     */
    void sign(float[] w, float[] g, float[] t, int n, float beta, float rate);

    /**
     * One fused iRprop− step, in place, equal bit for bit to
     * {@code scaleByRprop → scale(−1) → params += updates}:
     * <pre>
     * s = g·prev
     * s &gt; 0:  step ← min(step·etaPlus, stepMax)
     * s &lt; 0:  step ← max(step·etaMinus, stepMin),  g ← +0
     * prev ← g;  w ← w + (step·sign(g))·(−1)      sign as {@link Math#signum}
     * </pre>
     * {@code g} itself is read only (the zeroed value goes to {@code prev}).
     */
    void rprop(float[] w, float[] g, float[] prev, float[] step, int n, float etaPlus, float etaMinus, float stepMin,
               float stepMax);

    /**
     * One fused Lion step, in place, equal bit for bit to
     * {@code scaleByLion → [addDecayedWeights] → scaleByLearningRate → params += updates}:
     * <pre>
     * u = sign(b1·m + (1−b1)·g)            sign as {@link Math#signum}
     * m ← b2·m + (1−b2)·g
     * u ← u + weightDecay·w                 only when {@code decay}
     * w ← w + u·rate                        rate = −η(t)
     * </pre>
     */
    void lion(float[] w, float[] g, float[] m, int n, float b1, float b2, boolean decay, float weightDecay,
              float rate);

    /**
     * One fused SMORMS3 step, in place, equal bit for bit to
     * {@code scaleBySmorms3 → scale(−1) → params += updates}:
     * <pre>
     * r = 1/(mem + 1)
     * g1 ← (1−r)·g1 + r·g;   g2 ← (1−r)·g2 + r·g·g
     * x = g1·g1 / (g2 + eps)
     * w ← w − g·min(lr, x) / (√g2 + eps)   (u·(−1) added: the same float as subtracting u)
     * mem ← 1 + mem·(1 − x)
     * </pre>
     */
    void smorms3(float[] w, float[] g, float[] mem, float[] g1, float[] g2, int n, float lr, float eps);

    /** Short name of the mechanism, e.g. {@code vector-512} or {@code scalar}. */
    String name();
}
