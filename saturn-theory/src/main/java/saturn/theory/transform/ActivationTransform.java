package saturn.theory.transform;

import saturn.theory.Activation;

/**
 * The constants of {@code φ̂(x) = γ(φ(αx+β)+δ)} with what they achieve.
 *
 * @param maxSlope {@code α·γ·sup|φ'|}, the transformed activation's maximal slope
 *                 (scale-invariant: sigmoid and tanh give the same value for the same network)
 * @param maps     the local maps of φ̂ at q = 1
 */
public record ActivationTransform(String kind, double alpha, double beta, double delta, double gamma, double maxSlope,
                                  LocalMaps maps) {

    /** φ̂ as an activation expression. */
    public Activation apply(Activation phi) {
        return phi.transformed(alpha, beta, gamma, delta);
    }
}
