package saturn.engine.model;

/**
 * Diagnostics of one hidden layer on the current batch (docs/architecture.md §5), accumulated in
 * double. {@code name} is the checkpoint prefix of the layer's weight ({@code layers.0}).
 * {@code updateRatio} is NaN when no update was applied.
 */
public record LayerStats(
        int hiddenIndex,
        String name,
        double preMean,
        double preStd,
        double postMean,
        double postStd,
        double saturation,
        double deltaRms,
        double gradNorm,
        double updateRatio) {
}
