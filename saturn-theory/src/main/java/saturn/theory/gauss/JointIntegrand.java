package saturn.theory.gauss;

/**
 * Several real functions evaluated together an array at a time:
 * {@code out[j][i] = f_j(x[i])} for {@code i < n}. For functions that share costly work per
 * point, such as the inner integral of a 2-D expectation.
 */
@FunctionalInterface
interface JointIntegrand {

    void values(double[] x, double[][] out, int n);

    /** The functions one by one. */
    static JointIntegrand of(Integrand[] f) {
        return (x, out, n) -> {
            for (int j = 0; j < f.length; j++) {
                f[j].values(x, out[j], n);
            }
        };
    }
}
