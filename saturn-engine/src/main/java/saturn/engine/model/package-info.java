/**
 * Models: {@link saturn.engine.model.Model}, a stack of layers with its forward and backward
 * passes, built from a {@link saturn.engine.model.ModelSpec} ({@code Model.fromSpec}, what a
 * training run does) or module by module with a {@link saturn.engine.model.ModelBuilder}
 * ({@code Model.builder(inputSize)}); {@link saturn.engine.model.TrainingStep}, one step of
 * forward pass, loss, backward pass and update. Parameters are named as PyTorch's
 * {@code nn.Sequential} names them ({@code layers.0.weight}), which is how checkpoints store
 * them.
 */
package saturn.engine.model;
