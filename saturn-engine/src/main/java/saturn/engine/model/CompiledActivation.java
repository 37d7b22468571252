package saturn.engine.model;

import java.util.Locale;

import saturn.engine.kernel.ActivationKernel;
import saturn.engine.kernel.ActivationKernels;
import saturn.engine.kernel.Kernels;
import saturn.theory.Activation;

/**
 * An activation ready for the engine: the theory's {@link Activation} (φ as an expression,
 * for diagnostics and transforms), its float kernel (φ and φ' fused, compiled by
 * {@link ActivationKernels}), {@code max|φ'|} for the saturation diagnostic, and a
 * PyTorch-like module name ({@code Tanh}).
 */
public record CompiledActivation(String name, Activation activation, ActivationKernel kernel,
                                 double maxAbsDerivative) {

    /**
     * Any library name ({@code tanh}, {@code gauss}, ...) or formula in x
     * ({@code x/(1+abs(x))}), compiled for the given kernels.
     *
     * @throws saturn.theory.expr.FormulaException for an unknown name or a malformed formula
     */
    public static CompiledActivation compile(String nameOrFormula, Kernels kernels) {
        return of(Activation.parse(nameOrFormula), kernels);
    }

    /** {@code activation} compiled for the given kernels. */
    public static CompiledActivation of(Activation activation, Kernels kernels) {
        return new CompiledActivation(moduleName(activation), activation,
                ActivationKernels.compile(activation, kernels), activation.maxAbsDerivative());
    }

    /** The same activation with another kernel (e.g. a timing wrapper). */
    public CompiledActivation withKernel(ActivationKernel other) {
        return new CompiledActivation(name, activation, other, maxAbsDerivative);
    }

    /** {@code Tanh} for the library's {@code tanh}; {@code Activation} for a formula. */
    private static String moduleName(Activation a) {
        if (a.name().equals(a.formula())) return "Activation";
        return a.name().substring(0, 1).toUpperCase(Locale.ROOT) + a.name().substring(1);
    }
}
