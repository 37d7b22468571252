package saturn.engine.remedy;

import saturn.theory.Activation;
import saturn.theory.transform.ActivationTransform;
import saturn.theory.transform.Architecture;

/**
 * A transform solved for a network.
 *
 * @param transform null for {@code none} and {@code scale}
 * @param network   the activation the network computes: φ̂, or the user's φ when the transform keeps it
 */
public record SolvedTransform(TransformSpec spec, ActivationTransform transform, Activation network,
                              Architecture architecture) {
}
