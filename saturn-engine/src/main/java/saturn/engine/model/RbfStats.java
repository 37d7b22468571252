package saturn.engine.model;

/**
 * What an RBF layer's units saw on the current batch: the Gaussian's argument
 * {@code a_bj = d_bj / (2 s_j² m_b) ≥ 0} (so {@code y = exp(−a)}), its mean and spread over
 * examples and units, and the share of outputs pinned near 0 or near 1, where a unit passes
 * almost no gradient.
 *
 * @param argumentMean mean of the argument
 * @param argumentStd  standard deviation of the argument
 * @param nearZero     share of outputs below {@value #NEAR_ZERO}
 * @param nearOne      share of outputs above {@value #NEAR_ONE}
 */
public record RbfStats(double argumentMean, double argumentStd, double nearZero, double nearOne) {

    /** An output below this is "near 0": the unit is far from every input. */
    public static final double NEAR_ZERO = 1e-3;
    /** An output above this is "near 1": the unit is wider than the spread of the distances. */
    public static final double NEAR_ONE = 0.999;
}
