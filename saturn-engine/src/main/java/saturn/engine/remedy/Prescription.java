package saturn.engine.remedy;

/**
 * What {@link AutoRemedy} chose for a network, and why.
 *
 * @param learningRate     the step to use when none is given
 * @param learningRateRule how {@code learningRate} follows from the depth
 */
public record Prescription(InitSpec init, TransformSpec transform, double learningRate, String reason,
                           String learningRateRule) {
}
