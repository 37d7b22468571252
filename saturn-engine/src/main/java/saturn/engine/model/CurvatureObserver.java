package saturn.engine.model;

import saturn.engine.loss.Loss;
import saturn.engine.optim.Chain;
import saturn.engine.optim.GradientTransformation;
import saturn.engine.optim.OptState;
import saturn.engine.tensor.Tensor;

/**
 * An optimizer that measures curvature between the forward and the backward pass (K-FAC's
 * factor statistics). {@link TrainingStep} calls {@link #afterForward} only when the
 * optimizer it was given holds an observer ({@link #find}), so other optimizers cost nothing.
 */
public interface CurvatureObserver {

    /** Whether {@link #afterForward} does anything. */
    boolean observesCurvature();

    /**
     * Called after the forward pass and the loss, before the backward pass of the step; may run
     * its own backward passes (they overwrite the parameter gradients, which the step's backward
     * then writes again).
     */
    void afterForward(Tensor output, Loss loss, OptState state);

    /**
     * The curvature hook of {@code optimizer} on its own state: the optimizer itself when it
     * observes, or, for a {@link Chain}, the parts that observe (at any depth of nested chains),
     * each called with its child state in the chain's order; null when nothing observes.
     */
    static CurvatureObserver find(GradientTransformation optimizer) {
        if (optimizer instanceof CurvatureObserver c) return c.observesCurvature() ? c : null;
        if (optimizer instanceof Chain chain) return ChainCurvature.of(chain);
        return null;
    }
}
