package saturn.engine.kernel;

import saturn.engine.Backends;
import saturn.theory.Activation;

/**
 * Compiles an activation's expression and its symbolic derivative into one fused
 * {@link ActivationKernel} (see {@link ActivationCompiler}), run by the kernels selected at
 * start-up ({@link Backends#kernels()}) or by the ones given.
 */
public final class ActivationKernels {

    private ActivationKernels() {
    }

    /** φ and φ' of {@code act} in one pass, on the start-up kernels (SIMD when available). */
    public static ActivationKernel compile(Activation act) {
        return compile(act, Backends.kernels());
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
