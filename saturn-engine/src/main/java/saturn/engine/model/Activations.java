package saturn.engine.model;

import java.util.function.DoubleUnaryOperator;

import saturn.engine.kernel.ActivationKernel;

/**
 * Compiles an activation name to a {@link CompiledActivation}.
 *
 * <p>Interim: {@code saturn.theory.Activation} and the engine's formula compiler
 * ({@code ActivationKernels.compile}) are not in the tree yet, so this knows a few built-ins
 * by name, evaluated in double and stored as float. It is replaced by
 * {@code ActivationKernels.compile(Activation.parse(formula))} when those land; formulas
 * other than the built-ins are rejected until then.
 */
public final class Activations {

    private Activations() {
    }

    public static CompiledActivation compile(String nameOrFormula) {
        String key = nameOrFormula.replace(" ", "");
        return switch (key) {
            case "tanh", "tanh(x)" -> new CompiledActivation("Tanh", new ActivationKernel() {
                @Override
                public void forward(float[] h, float[] y, float[] d, int n) {
                    for (int i = 0; i < n; i++) {   // fused: one tanh per element
                        float t = (float) Math.tanh(h[i]);
                        if (d != null) d[i] = 1f - t * t;
                        y[i] = t;
                    }
                }

                @Override
                public String formula() {
                    return "tanh(x)";
                }
            }, 1.0);
            case "sigmoid", "sigmoid(x)" -> of("Sigmoid", "sigmoid(x)", Activations::sigmoid, x -> {
                double s = sigmoid(x);
                return s * (1 - s);
            }, 0.25);
            case "gauss", "exp(-x^2/2)" -> of("Gauss", "exp(-x^2/2)", x -> Math.exp(-0.5 * x * x),
                    x -> -x * Math.exp(-0.5 * x * x), Math.exp(-0.5));
            case "linear", "identity", "x" -> of("Identity", "x", x -> x, x -> 1, 1.0);
            default -> throw new IllegalArgumentException("activation '" + nameOrFormula
                    + "' is not available yet (built-ins: tanh, sigmoid, gauss, linear)");
        };
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    private static CompiledActivation of(String name, String formula, DoubleUnaryOperator phi,
                                         DoubleUnaryOperator dphi, double maxAbsDerivative) {
        ActivationKernel kernel = new ActivationKernel() {
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
        return new CompiledActivation(name, kernel, maxAbsDerivative);
    }
}
