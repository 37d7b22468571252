package saturn.theory.gauss;

/**
 * A real function of a pair, {@code h(u1, u2)}, evaluated for one u1 and an array of u2:
 * {@code out[i] = h(u1, u2[i])} for {@code i < n}. Lets a 2-D expectation take forms that are
 * not products, e.g. {@code (φ(u1) − φ(u2))²}, which does not cancel as u2 → u1.
 *
 * <p>Implementations must not keep the arrays.
 */
@FunctionalInterface
public interface PairIntegrand {

    void values(double u1, double[] u2, double[] out, int n);

    /** {@code f(u1) g(u2)}. */
    static PairIntegrand product(Integrand f, Integrand g) {
        return (u1, u2, out, n) -> {
            double[] fu = new double[1];
            f.values(new double[] {u1}, fu, 1);
            g.values(u2, out, n);
            for (int i = 0; i < n; i++) {
                out[i] *= fu[0];
            }
        };
    }
}
