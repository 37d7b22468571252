package saturn.engine.model;

import java.util.function.IntConsumer;

import saturn.engine.tensor.Tensor;

/** How a model's modules run: one after the other ({@link LayerByLayer}), or with recognised runs fused ({@link Fusion}). */
interface Plan {

    /** The forward pass of a batch; the result is owned by the last module. */
    Tensor forward(Tensor x);

    /**
     * The backward pass from {@code dL/doutput}, overwriting every parameter gradient;
     * {@code done.accept(i)} (when not null) right after module {@code i}'s gradients are
     * final, or its update as a band epilogue when {@code done} is a {@link ModuleUpdate} that
     * gives one. Modules the pass does not reach (below one that returns no input gradient)
     * get no call.
     */
    void backward(Tensor dOutput, IntConsumer done);
}
