package saturn.theory.rbf;

/**
 * Predicted statistics of one Gaussian RBF unit {@code y = exp(−‖x−c‖²/(2s²))}.
 *
 * @param width2         s², the squared width
 * @param mean           {@code E[y]} over inputs (and centres, if random)
 * @param variance       variance of y across inputs for a typical unit,
 *                       {@code E_c[Var_x(y | c)]}: what the next layer can read
 * @param distanceSpread relative spread (sd/mean) of {@code ‖x−c‖²}, {@code √(2/N)} for
 *                       isotropic Gaussian x and c: small spread means every input sits at
 *                       the same distance from the centre
 */
public record RbfPrediction(double width2, double mean, double variance, double distanceSpread) {
}
