package saturn.theory.gauss;

/**
 * A real function evaluated an array at a time, the shape quadrature wants:
 * {@code out[i] = f(x[i])} for {@code i < n}. {@code Activation::values} fits it.
 *
 * <p>Implementations must not keep the arrays and must accept {@code out != x}.
 */
@FunctionalInterface
public interface Integrand {

    void values(double[] x, double[] out, int n);

    /** Wraps a scalar function (convenient in tests; slower than a real array kernel). */
    static Integrand of(java.util.function.DoubleUnaryOperator f) {
        return (x, out, n) -> {
            for (int i = 0; i < n; i++) {
                out[i] = f.applyAsDouble(x[i]);
            }
        };
    }
}
