package saturn.engine.layer;

import java.util.function.DoubleUnaryOperator;

import saturn.engine.kernel.ActivationKernel;

/** Activation kernels written directly in Java, independent of the formula compiler. */
public final class TestActivations {

    private TestActivations() {
    }

    public static ActivationKernel of(String formula, DoubleUnaryOperator phi, DoubleUnaryOperator dphi) {
        return new ActivationKernel() {
            @Override
            public void forward(float[] h, float[] y, float[] d, int n) {
                for (int i = 0; i < n; i++) {
                    double x = h[i];
                    if (d != null) d[i] = (float) dphi.applyAsDouble(x);
                    y[i] = (float) phi.applyAsDouble(x);
                }
            }

            @Override
            public String formula() {
                return formula;
            }
        };
    }

    public static ActivationKernel tanh() {
        return of("tanh(x)", Math::tanh, x -> 1 - Math.tanh(x) * Math.tanh(x));
    }

    public static ActivationKernel sigmoid() {
        return of("sigmoid(x)", x -> 1 / (1 + Math.exp(-x)), x -> {
            double s = 1 / (1 + Math.exp(-x));
            return s * (1 - s);
        });
    }

    public static ActivationKernel gauss() {
        return of("exp(-x^2/2)", x -> Math.exp(-x * x / 2), x -> -x * Math.exp(-x * x / 2));
    }

    /** A user formula, {@code x·exp(−x²)}: derivative {@code (1 − 2x²) exp(−x²)}. */
    public static ActivationKernel custom() {
        return of("x*exp(-x^2)", x -> x * Math.exp(-x * x), x -> (1 - 2 * x * x) * Math.exp(-x * x));
    }
}
