/**
 * Checkpoints in the safetensors format: {@link saturn.engine.checkpoint.Checkpoints} saves
 * and restores a run's weights, optimizer state and position ({@code checkpoints/step-N.*}
 * in a run directory) and {@link saturn.engine.checkpoint.Checkpoints#loadWeights} copies a
 * weights file into any model of the same architecture, for predictions
 * (examples/PredictFromCheckpoint.java).
 */
package saturn.engine.checkpoint;
