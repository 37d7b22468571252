package saturn.engine.optim;

import saturn.engine.kernel.Kernels;

/**
 * The fused optimizer steps: {@code params += update(grads)} for one parameter in one pass
 * over (param, grad, state), equal bit for bit to the recipe's composition (copy the gradient,
 * {@code update}, {@code params += updates}). Each step is the chain's per-element rules read
 * one element at a time, in the chain's order; the rules are the transformations' own
 * ({@link ScaleByAdam#step}, {@link TraceMomentum#step}, ...), so each step names them rather
 * than restating their equations. {@code rate} is the learning rate's factor {@code −η(t)}.
 *
 * <p>Two implementations: {@link ScalarUpdateKernels}, plain loops over the rules (the
 * reference and the fallback), and {@code saturn.engine.simd.VectorUpdateKernels}, one
 * Vector API form of each step, tested equal to the reference bit for bit on awkward lengths.
 * {@link #of} gives the one that matches the engine's {@link Kernels}.
 */
public interface UpdateKernels {

    /**
     * The update kernels of the same mechanism as {@code kernels}: scalar loops for the scalar
     * kernels, the Vector API for the vector kernels (loaded only then, so after the capability
     * check that chose those kernels).
     *
     * @throws IllegalArgumentException for kernels of another mechanism
     */
    static UpdateKernels of(Kernels kernels) {
        return UpdateKernelSelection.of(kernels);
    }

    /**
     * Adam or AdamW, {@code chain(scaleByAdam, [addDecayedWeights], scaleByLearningRate)}:
     * {@code u = }{@link ScaleByAdam#step}, plus {@link AddDecayedWeights#step} when
     * {@code decay}; {@code w ← w + u·rate}. {@code c1}, {@code c2}: the step's
     * {@link ScaleByAdam#correction}s.
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
     * Heavy ball or Nesterov, {@code chain(traceMomentum, scaleByLearningRate)}:
     * {@code w ← w + }{@link TraceMomentum#step}{@code ·rate}.
     */
    void momentum(float[] w, float[] g, float[] t, int n, float beta, boolean nesterov, float rate);

    /**
     * LARS, {@code chain(scaleByLars, scaleByLearningRate, traceMomentum)}: {@code u =}
     * {@link ScaleByLars#step} when {@code scaled}, else {@code g}; {@code w ← w + }
     * {@link TraceMomentum#step}{@code (u·rate)}.
     */
    void lars(float[] w, float[] g, float[] t, int n, boolean scaled, float local, float weightDecay, float rate,
              float momentum);

    /**
     * LAMB's first pass: Adam's moments and step as in {@link #adam} (plus
     * {@link AddDecayedWeights#step} when {@code weightDecay} is not 0) written to {@code u}.
     * The two squared norms the trust ratio needs come out of the same pass as
     * {@link saturn.engine.kernel.SumOrder}'s partial sums: {@code partials[0..16)} those of
     * {@code w}, {@code partials[16..32)} those of {@code u}, so that
     * {@code SumOrder.combine(partials, 0)} is {@link Kernels#sumSquares}{@code (w, 0, n)} and
     * {@code SumOrder.combine(partials, 16)} that of {@code u}, bit for bit. (Partials, not the
     * two sums: a SIMD kernel stores its accumulators in one instruction each, where adding
     * them up inside the loop's compilation unit would exceed what C2 inlines.)
     */
    void lambMoments(float[] w, float[] g, float[] m, float[] v, float[] u, int n, float b1, float b2, float c1,
                     float c2, float eps, float weightDecay, double[] partials);

    /** LAMB's second pass: {@code w ← w + (u·ratio)·rate}, the trust ratio then the learning rate. */
    void addScaled(float[] w, float[] u, int n, float ratio, float rate);

    /**
     * RMSProp, {@code chain(scaleByRms, [traceMomentum], scaleByLearningRate)}: {@code u =}
     * {@link ScaleByRms#step} (centered when {@code mu} is not null), then
     * {@link TraceMomentum#step} when {@code t} is not null; {@code w ← w + u·rate}.
     */
    void rmsprop(float[] w, float[] g, float[] nu, float[] mu, float[] t, int n, float rho, float eps, float momentum,
                 float rate);

    /** Adagrad, {@code chain(scaleByAdagrad, scaleByLearningRate)}: {@code w ← w + }{@link ScaleByAdagrad#step}{@code ·rate}. */
    void adagrad(float[] w, float[] g, float[] s, int n, float eps, float rate);

    /**
     * signSGD or Signum, {@code chain([traceMomentum], scaleBySign, scaleByLearningRate)}:
     * {@code d = g}, or {@link TraceMomentum#step} when {@code t} is not null;
     * {@code w ← w + sign(d)·rate} ({@link Math#signum}: ±0 and NaN pass through).
     */
    void sign(float[] w, float[] g, float[] t, int n, float beta, float rate);

    /**
     * iRprop−, {@code chain(scaleByRprop, scale(−1))}: {@code w ← w + }{@link ScaleByRprop#step}{@code ·(−1)}.
     * {@code g} itself is read only.
     */
    void rprop(float[] w, float[] g, float[] prev, float[] step, int n, float etaPlus, float etaMinus, float stepMin,
               float stepMax);

    /**
     * Lion, {@code chain(scaleByLion, [addDecayedWeights], scaleByLearningRate)}: {@code u =}
     * {@link ScaleByLion#step}, plus {@link AddDecayedWeights#step} when {@code decay};
     * {@code w ← w + u·rate}.
     */
    void lion(float[] w, float[] g, float[] m, int n, float b1, float b2, boolean decay, float weightDecay,
              float rate);

    /**
     * SMORMS3, {@code chain(scaleBySmorms3, scale(−1))}: {@code w ← w − }{@link ScaleBySmorms3#step}
     * (the same float as adding {@code u·(−1)}).
     */
    void smorms3(float[] w, float[] g, float[] mem, float[] g1, float[] g2, int n, float lr, float eps);

    /**
     * Schedule-Free AdamW, {@code chain(scheduleFreeAdamW)}: {@code w ← w + }{@link ScheduleFreeAdamW#step}
     * ({@code y} holds x on entry and the new y on exit; {@code gamma}, {@code c}, {@code decay}: the
     * step's γ, averaging weight and γλ).
     */
    void scheduleFree(float[] w, float[] g, float[] z, float[] v, float[] y, int n, float b1, float b2, float gamma,
                      float c, float eps, float decay);

    /** {@link #scheduleFree} on elements {@code [from, to)} only, on the calling thread, as {@link #adamRange}. */
    void scheduleFreeRange(float[] w, float[] g, float[] z, float[] v, float[] y, int from, int to, float b1, float b2,
                           float gamma, float c, float eps, float decay);

    /**
     * D-Adaptation's Adam in one pass ({@link DAdaptAdam#step}): the moments {@code m}, {@code v}
     * and the gradient sum {@code s} updated, {@code w ← w + u}; on the way the terms of its inner
     * product ({@link DAdaptAdam#term}, taken before the update) replace the gradient, and their
     * sum and the L1 norm of the new {@code s} come out as {@link saturn.engine.kernel.SumOrder}'s
     * partials: {@code partials[0..16)} of the terms, {@code partials[16..32)} of {@code |s|}.
     */
    void dadapt(float[] w, float[] g, float[] m, float[] v, float[] s, int n, float b1, float b2, float sb2, float a1,
                float as, float eps, float decay, double[] partials);

    /**
     * Prodigy's first pass ({@link Prodigy#moments}): the moments and the gradient sum updated; the
     * terms {@code g·(w0 − w)} of its inner product replace the gradient, and their sum and the L1
     * norm of the new {@code s} come out as partials, as in {@link #dadapt}. {@code w} is read only.
     */
    void prodigyMoments(float[] w, float[] g, float[] m, float[] v, float[] s, float[] w0, int n, float b1, float b2,
                        float b3, float am, float av, float as, double[] partials);

    /** Prodigy's second pass, once d is known: {@code w ← w + }{@link Prodigy#step}. */
    void prodigyStep(float[] w, float[] m, float[] v, int n, float rate, float eps, float decay);

    /** Short name of the mechanism, e.g. {@code vector-512} or {@code scalar}. */
    String name();
}
