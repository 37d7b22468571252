package saturn.engine.optim;

import java.util.List;

import saturn.engine.tensor.Parameter;

/**
 * Named optimizers as recipes over the transformations (optax style), and the function that
 * applies updates. The recipes keep their composition as the reference {@code update} and
 * add a fused one-pass {@link GradientTransformation#step}
 * ({@link FusedRecipe}). {@code sgd = chain(scaleByLearningRate)},
 * {@code adam = chain(scaleByAdam, scaleByLearningRate)},
 * {@code adamw = chain(scaleByAdam, addDecayedWeights, scaleByLearningRate)}.
 *
 * <p>Optimizers that do not depend on the gradient's magnitude, as compositions:
 * <pre>
 *   rprop    = chain(scaleByRprop(η+, η−, Δmin, Δmax, Δ0), scale(−1))
 *   rmsprop  = chain(scaleByRms(ρ, ε, centered), [traceMomentum(m)], scaleByLearningRate)
 *   adagrad  = chain(scaleByAdagrad(ε), scaleByLearningRate)
 *   smorms3  = chain(scaleBySmorms3(η, ε), scale(−1))
 *   signsgd  = chain(scaleBySign, scaleByLearningRate)
 *   signum   = chain(traceMomentum(β), scaleBySign, scaleByLearningRate)
 *   lion     = chain(scaleByLion(β1, β2), [addDecayedWeights(λ)], scaleByLearningRate)
 *   lars     = chain(scaleByLars(η_trust, β, matrices), scaleByLearningRate, traceMomentum(m))
 *   lamb     = chain(scaleByAdam(β1, β2, ε), [addDecayedWeights(λ)], scaleByTrustRatio, scaleByLearningRate)
 * </pre>
 * Optimizers that set their own step size (the learning rate, 1 by default, multiplies it):
 * <pre>
 *   dadapt        = chain(dadaptAdam(η, β1, β2, ε, λ, d0))
 *   prodigy       = chain(prodigy(η, β1, β2, ε, λ, d0, d_coef))
 *   schedulefree  = chain(scheduleFreeAdamW(η, β1, β2, ε, λ, warm-up))    (its result x is not its gradient point: {@link GradientPoint})
 *   vsgd          = vsgd(η, c, ε, s, layers)                              (a second gradient per batch: {@link GradientProbe})
 * </pre>
 * K-FAC, which needs the model's layers, is {@code saturn.engine.kfac.KfacOptimizer}.
 * Clipping goes first: {@code chain(clipByGlobalNorm(c), opt)}, {@code chain(adaptiveClip(λ), opt)}.
 */
public final class Optimizers {

    private Optimizers() {
    }

    public static GradientTransformation chain(GradientTransformation... parts) {
        return Chain.of(parts);
    }

    public static GradientTransformation identity() {
        return new Identity();
    }

    public static GradientTransformation scaleByLearningRate(Schedule schedule) {
        return new ScaleByLearningRate(schedule);
    }

    public static GradientTransformation traceMomentum(double decay, boolean nesterov) {
        return new TraceMomentum((float) decay, nesterov);
    }

    public static GradientTransformation scaleByRms(double decay, double eps, boolean centered) {
        return new ScaleByRms((float) decay, (float) eps, centered);
    }

    public static GradientTransformation scaleByLars(double trust, double weightDecay, boolean[] mask) {
        return new ScaleByLars((float) trust, (float) weightDecay, mask);
    }

    public static GradientTransformation scaleByTrustRatio(boolean[] mask) {
        return new ScaleByTrustRatio(mask);
    }

    public static GradientTransformation scaleByAdam(double b1, double b2, double eps) {
        return new ScaleByAdam((float) b1, (float) b2, (float) eps);
    }

    public static GradientTransformation addDecayedWeights(double weightDecay, boolean[] mask) {
        return new AddDecayedWeights((float) weightDecay, mask);
    }

    public static GradientTransformation sgd(Schedule lr) {
        return new FusedSgd(lr);   // chain(scaleByLearningRate(lr)) with a fused step
    }

    public static GradientTransformation sgd(double lr) {
        return sgd(Schedule.constant(lr));
    }

    public static GradientTransformation momentum(Schedule lr, double beta) {
        return new FusedSgd(lr, (float) beta, false);   // chain(traceMomentum(beta), scaleByLearningRate(lr))
    }

    public static GradientTransformation nesterov(Schedule lr, double beta) {
        return new FusedSgd(lr, (float) beta, true);   // chain(traceMomentum(beta, nesterov), scaleByLearningRate(lr))
    }

    public static GradientTransformation adam(Schedule lr, double b1, double b2, double eps) {
        // chain(scaleByAdam(b1, b2, eps), scaleByLearningRate(lr)) with a fused step
        return new FusedAdam((float) b1, (float) b2, (float) eps, lr, false, 0f, null);
    }

    public static GradientTransformation adam(double lr) {
        return adam(Schedule.constant(lr), 0.9, 0.999, 1e-8);
    }

    /** AdamW; {@code mask} selects the decayed parameters (null = all). */
    public static GradientTransformation adamw(Schedule lr, double b1, double b2, double eps,
                                               double weightDecay, boolean[] mask) {
        // chain(scaleByAdam, addDecayedWeights(weightDecay, mask), scaleByLearningRate(lr)) with a fused step
        return new FusedAdam((float) b1, (float) b2, (float) eps, lr, true, (float) weightDecay, mask);
    }

    public static GradientTransformation scale(double factor) {
        return new Scale((float) factor);
    }

    /** iRprop− with the given constants; no learning rate (Δ0 is the first step). */
    public static GradientTransformation rprop(double etaPlus, double etaMinus, double stepMin, double stepMax,
                                               double initialStep) {
        // chain(scaleByRprop(η+, η−, Δmin, Δmax, Δ0), scale(−1)) with a fused step
        return new FusedRprop((float) etaPlus, (float) etaMinus, (float) stepMin, (float) stepMax, (float) initialStep);
    }

    /** iRprop− with the literature's constants: η+ 1.2, η− 0.5, Δ in [1e-6, 50], Δ0 = 0.1. */
    public static GradientTransformation rprop() {
        return rprop(1.2, 0.5, 1e-6, 50, 0.1);
    }

    /** RMSProp; {@code momentum} 0 leaves the momentum stage out. */
    public static GradientTransformation rmsprop(Schedule lr, double decay, double eps, boolean centered, double momentum) {
        // chain(scaleByRms(decay, eps, centered), [traceMomentum(momentum)], scaleByLearningRate(lr)) with a fused step
        return new FusedRmsprop(lr, (float) decay, (float) eps, centered, momentum != 0, (float) momentum);
    }

    public static GradientTransformation adagrad(Schedule lr, double eps) {
        return new FusedAdagrad(lr, (float) eps);   // chain(scaleByAdagrad(eps), scaleByLearningRate(lr)) with a fused step
    }

    public static GradientTransformation smorms3(Schedule lr, double eps) {
        return new FusedSmorms3(lr, (float) eps);   // chain(scaleBySmorms3(lr, eps), scale(-1)) with a fused step
    }

    public static GradientTransformation signSgd(Schedule lr) {
        return new FusedSign(lr);   // chain(scaleBySign, scaleByLearningRate(lr)) with a fused step
    }

    /**
     * Signum: the sign of the momentum. Bernstein et al. keep {@code m ← β m + (1−β) g}; the
     * trace {@code t ← g + β t} is that times {@code 1/(1−β)}, so it has the same sign.
     */
    public static GradientTransformation signum(Schedule lr, double beta) {
        // chain(traceMomentum(beta), scaleBySign, scaleByLearningRate(lr)) with a fused step
        return new FusedSign(lr, (float) beta);
    }

    /** Lion; {@code weightDecay} 0 leaves the decay stage out. */
    public static GradientTransformation lion(Schedule lr, double b1, double b2, double weightDecay) {
        // chain(scaleByLion(b1, b2), [addDecayedWeights(weightDecay)], scaleByLearningRate(lr)) with a fused step
        return new FusedLion(lr, (float) b1, (float) b2, weightDecay != 0, (float) weightDecay);
    }

    /** LARS; {@code matrices} selects the adapted (and decayed) tensors, the others take momentum SGD. */
    public static GradientTransformation lars(Schedule lr, double momentum, double trust, double weightDecay,
                                              boolean[] matrices) {
        // chain(scaleByLars, scaleByLearningRate, traceMomentum) with a fused step
        return new FusedLars(lr, (float) momentum, (float) trust, (float) weightDecay, matrices);
    }

    /** LAMB: Adam's direction (plus decoupled decay), rescaled per tensor by {@code ‖w‖/‖u‖}. */
    public static GradientTransformation lamb(Schedule lr, double b1, double b2, double eps, double weightDecay) {
        // chain(scaleByAdam, [addDecayedWeights], scaleByTrustRatio, scaleByLearningRate) with a fused step
        return new FusedLamb(lr, (float) b1, (float) b2, (float) eps, (float) weightDecay);
    }

    /** D-Adaptation's Adam ({@link DAdaptAdam}): {@code lr} multiplies the adapted step d. */
    public static GradientTransformation dadaptAdam(Schedule lr, double b1, double b2, double eps, double weightDecay,
                                                    double d0) {
        return new FusedDAdapt(new DAdaptAdam(lr, (float) b1, (float) b2, (float) eps, (float) weightDecay, d0));
    }

    /** Prodigy ({@link Prodigy}): {@code lr} multiplies the adapted step d. */
    public static GradientTransformation prodigy(Schedule lr, double b1, double b2, double eps, double weightDecay,
                                                 double d0, double dCoef) {
        return new FusedProdigy(new Prodigy(lr, (float) b1, (float) b2, (float) eps, (float) weightDecay, d0, dCoef));
    }

    /** Schedule-Free AdamW ({@link ScheduleFreeAdamW}) with a linear warm-up over {@code warmup} steps (0: none). */
    public static GradientTransformation scheduleFreeAdamW(Schedule lr, double b1, double b2, double eps,
                                                           double weightDecay, long warmup) {
        return new FusedScheduleFree(new ScheduleFreeAdamW(lr, (float) b1, (float) b2, (float) eps, (float) weightDecay,
                warmup));
    }

    /**
     * vSGD ({@link Vsgd}), element-wise or per tensor; {@code lr} multiplies its rates. It takes a
     * second gradient of each batch ({@link GradientProbe}), so it runs through a training step.
     */
    public static GradientTransformation vsgd(Schedule lr, double slowStart, double eps, double displacement,
                                              boolean layers) {
        return new Vsgd(lr, (float) slowStart, (float) eps, (float) displacement, layers);
    }

    public static GradientTransformation clipByGlobalNorm(double maxNorm) {
        return new ClipByGlobalNorm(maxNorm);
    }

    public static GradientTransformation adaptiveClip(double lambda, int[] unitSizes) {
        return new AdaptiveClip(lambda, unitSizes);
    }

    /** True for parameters of rank ≥ 2 (weight matrices), false for biases, gains and other vectors. */
    public static boolean[] matrixMask(List<Parameter> params) {
        boolean[] m = new boolean[params.size()];
        for (int i = 0; i < m.length; i++) m[i] = params.get(i).shape().length >= 2;
        return m;
    }

    /** AGC units: the row length of each matrix ({@code in} of {@code [out, in]}), the whole length of a vector. */
    public static int[] unitSizes(List<Parameter> params) {
        int[] u = new int[params.size()];
        for (int i = 0; i < u.length; i++) {
            int[] shape = params.get(i).shape();
            u[i] = shape.length >= 2 ? params.get(i).size() / shape[0] : params.get(i).size();
        }
        return u;
    }

    /** {@code params[p] += updates[p]} for every parameter. */
    public static void applyUpdates(float[][] params, float[][] updates) {
        for (int p = 0; p < params.length; p++) {
            float[] w = params[p];
            float[] u = updates[p];
            for (int i = 0; i < w.length; i++) w[i] += u[i];
        }
    }
}
