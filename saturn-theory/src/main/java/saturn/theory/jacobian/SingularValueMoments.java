package saturn.theory.jacobian;

/**
 * Mean and variance of the squared singular values of an input–output Jacobian
 * (equivalently, of the eigenvalues of {@code J Jᵀ}).
 */
public record SingularValueMoments(double mean, double variance) {
}
