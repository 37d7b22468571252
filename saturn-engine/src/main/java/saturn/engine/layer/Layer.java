package saturn.engine.layer;

import java.util.List;

import saturn.engine.tensor.Parameter;
import saturn.engine.tensor.Tensor;

/**
 * One module of a stack, acting on {@code [batch, features]} matrices.
 *
 * <p>{@link #forward} caches what {@link #backward} needs; {@code backward} <b>overwrites</b>
 * every parameter gradient of the layer with the gradient of this batch (gradients are not
 * accumulated across calls, so no zeroing pass is needed: a dense layer's weight gradient is
 * written by its GEMM with {@code beta = 0}) and returns the gradient with respect to the
 * input of the last {@code forward}. To accumulate over micro-batches, sum the gradients
 * outside the layers. Returned tensors are owned by the layer
 * and overwritten by its next call; buffers are sized once per batch size. {@code forward}
 * must not write into its input: the layer below may read its output again in its backward
 * pass (an activation whose φ' is a function of φ recomputes φ' from it).
 */
public interface Layer {

    int inputSize();

    int outputSize();

    Tensor forward(Tensor x);

    /**
     * Backpropagates {@code dy = dL/dy} through the last forward pass. Returns
     * {@code dL/dx}, or null when the input gradient was switched off with
     * {@link #needInputGradient(boolean)}.
     */
    Tensor backward(Tensor dy);

    /** The first layer of a model can skip computing {@code dL/dx} (one GEMM saved). */
    default void needInputGradient(boolean need) {
    }

    /** Training mode (dropout active, batch statistics) versus evaluation mode. */
    default void setTraining(boolean training) {
    }

    /**
     * Named views of the typed parameter fields, with local names ({@code weight},
     * {@code bias}); the model prefixes them with {@code layers.i.}.
     */
    default List<Parameter> parameters() {
        return List.of();
    }

    /** PyTorch-like module name for summaries: {@code Linear}, {@code Tanh}, {@code LayerNorm}. */
    String kind();
}
