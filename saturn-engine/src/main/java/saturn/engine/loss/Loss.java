package saturn.engine.loss;

import saturn.engine.tensor.Tensor;

/**
 * A loss over a batch of model outputs: returns the mean loss and writes
 * {@code dL/doutput} into a caller-owned gradient tensor of the same shape.
 */
public interface Loss {

    /**
     * @param output  model outputs {@code [batch, k]}
     * @param target  targets, as the loss defines them (class indices, or values)
     * @param grad    receives {@code dL/doutput}; may be null to compute the loss only
     * @return the mean loss over the batch
     */
    double compute(Tensor output, Target target, Tensor grad);

    /** The share of correctly classified rows in the last call (NaN when not meaningful). */
    double lastAccuracy();
}
