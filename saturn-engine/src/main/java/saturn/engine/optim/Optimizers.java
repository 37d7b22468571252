package saturn.engine.optim;

import java.util.List;

/**
 * Named optimizers as recipes over the transformations (optax style), and the helper that
 * applies updates. The standard recipes below keep their composition as the reference
 * {@code update} and add a fused one-pass {@link GradientTransformation#step}. {@code sgd = chain(scaleByLearningRate)},
 * {@code adam = chain(scaleByAdam, scaleByLearningRate)},
 * {@code adamw = chain(scaleByAdam, addDecayedWeights, scaleByLearningRate)}.
 */
public final class Optimizers {

    private Optimizers() {
    }

    public static GradientTransformation chain(GradientTransformation... parts) {
        return new Chain(List.of(parts));
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

    /** {@code params[p] += updates[p]} for every parameter. */
    public static void applyUpdates(float[][] params, float[][] updates) {
        for (int p = 0; p < params.length; p++) {
            float[] w = params[p];
            float[] u = updates[p];
            for (int i = 0; i < w.length; i++) w[i] += u[i];
        }
    }
}
