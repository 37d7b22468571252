package saturn.engine.optim;

import saturn.engine.loss.Loss;
import saturn.engine.tensor.Tensor;

/**
 * An optimizer that measures curvature between the forward and the backward pass (K-FAC's
 * factor statistics). {@link saturn.engine.model.TrainingStep} calls
 * {@link #afterForward} only when {@link #observesCurvature()} is true, so other optimizers
 * cost nothing.
 */
public interface CurvatureObserver {

    /** Whether {@link #afterForward} does anything (a chain observes when one of its parts does). */
    boolean observesCurvature();

    /**
     * Called after the forward pass and the loss, before the backward pass of the step; may run
     * its own backward passes (they overwrite the parameter gradients, which the step's backward
     * then writes again).
     */
    void afterForward(Tensor output, Loss loss, OptState state);
}
