package saturn.engine.kernel;

import saturn.theory.Activation;

/**
 * Compiles an activation's expression and its symbolic derivative into one fused
 * {@link ActivationKernel} (see {@link ActivationCompiler}), run by the kernels given.
 */
public final class ActivationKernels {

    private ActivationKernels() {
    }

    /** φ and φ' of {@code act} in one pass, on the given kernels. */
    public static ActivationKernel compile(Activation act, Kernels kernels) {
        return kernels.activation(program(act));
    }

    /** The fused instruction list of φ and φ'. */
    public static ActivationProgram program(Activation act) {
        return ActivationCompiler.compile(act.formula(), act.expr(), act.derivative().expr());
    }
}
