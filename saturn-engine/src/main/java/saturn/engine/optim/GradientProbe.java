package saturn.engine.optim;

/**
 * An optimizer that reads a second gradient of each batch, at displaced weights θ + δ (vSGD's
 * finite-difference curvature). The training step, before its own forward and backward passes
 * (so that what they leave in the layers is the step's own), calls {@link #moveOut}, computes the
 * batch's gradient at θ + δ, and calls {@link #moveBack}; on a step where {@link #needsGradient},
 * it first computes the batch's gradient at θ, which {@code moveOut} reads. The optimizer's update
 * then has both.
 */
public interface GradientProbe {

    /** Whether {@link #moveOut} needs this batch's gradient at the current weights (a first step: no direction yet). */
    boolean needsGradient(OptState state);

    /**
     * Moves the parameters to θ + δ, keeping θ; {@code grads} hold this batch's gradient at θ
     * when {@link #needsGradient} said so.
     */
    void moveOut(float[][] params, float[][] grads, OptState state);

    /** Keeps the gradient at θ + δ ({@code grads}) for this step's update, and puts θ back, bit for bit. */
    void moveBack(float[][] params, float[][] grads, OptState state);

    /** The probe of {@code optimizer}: the optimizer itself when it is one, else null. */
    static GradientProbe find(GradientTransformation optimizer) {
        return optimizer instanceof GradientProbe p ? p : null;
    }
}
