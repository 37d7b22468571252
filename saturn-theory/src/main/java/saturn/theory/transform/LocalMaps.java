package saturn.theory.transform;

/**
 * Local behaviour at q = 1 of the maps of an activation φ̂ (DKS/TAT notation, z ~ N(0,1)):
 *
 * @param q1       {@code Q(1) = E[φ̂(z)²]}
 * @param qPrime   {@code Q'(1) = E[φ̂(z) φ̂'(z) z]}
 * @param c0       {@code C(0) = E[φ̂(z)]² / Q(1)}
 * @param cPrime   {@code C'(1) = E[φ̂'(z)²] / Q(1)}
 * @param cSecond  {@code C''(1) = E[φ̂''(z)²] / Q(1)}
 */
public record LocalMaps(double q1, double qPrime, double c0, double cPrime, double cSecond) {
}
