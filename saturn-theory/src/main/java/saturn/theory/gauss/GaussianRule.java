package saturn.theory.gauss;

/**
 * A quadrature rule for the standard normal measure: {@code E[f(z)] ≈ Σ weights[i] f(nodes[i])},
 * the density already folded into the weights. Nodes are sorted ascending.
 *
 * <p>Immutable by convention: the arrays are shared, never written after construction.
 */
public record GaussianRule(double[] nodes, double[] weights) {

    /** Share of {@code Σ|w f|} the outermost node may carry before the tail is judged not to vanish. */
    static final double TAIL_SHARE = 1e-10;

    public GaussianRule {
        if (nodes.length != weights.length) {
            throw new IllegalArgumentException("nodes and weights differ in length");
        }
    }

    public int size() {
        return nodes.length;
    }

    /**
     * {@code Σ w_i v_i} for values already evaluated at the nodes.
     *
     * @param label names the expectation in the exception, e.g. {@code E[phi(z)^2]}
     * @throws DivergentExpectationException if the sum is not finite or the outermost
     *         nodes still carry a visible share of it (the tail does not vanish)
     */
    public double expect(double[] values, String label) {
        double sum = 0;
        double abs = 0;
        for (int i = 0; i < nodes.length; i++) {
            double t = weights[i] * values[i];
            sum += t;
            abs += Math.abs(t);
        }
        if (!Double.isFinite(sum) || !Double.isFinite(abs)) {
            throw new DivergentExpectationException(label, null, "the integrand is not finite on the Gaussian's support; "
                    + DivergentExpectationException.growth());
        }
        int last = nodes.length - 1;
        if (last > 0) {
            double tail = Math.max(Math.abs(weights[0] * values[0]), Math.abs(weights[last] * values[last]));
            if (tail > TAIL_SHARE * abs) {
                throw new DivergentExpectationException(label, null, DivergentExpectationException.growth());
            }
        }
        return sum;
    }

    /** {@code E[f(z)]} on this rule (allocates two arrays). */
    public double expect(Integrand f, String label) {
        double[] v = new double[nodes.length];
        f.values(nodes, v, nodes.length);
        return expect(v, label);
    }
}
