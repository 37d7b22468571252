package saturn.engine.model;

import saturn.engine.kernel.ActivationKernel;

/**
 * An activation ready for the engine: its float kernel (φ and φ' fused), {@code max|φ'|}
 * for the saturation diagnostic, and a PyTorch-like module name ({@code Tanh}).
 */
public record CompiledActivation(String name, ActivationKernel kernel, double maxAbsDerivative) {
}
