package saturn.engine.optim;

import saturn.engine.kernel.Kernels;
import saturn.engine.kernel.ScalarKernels;

/**
 * Which {@link UpdateKernels} go with which {@link Kernels}: the engine's kernels are chosen
 * once at start-up by {@code saturn.engine.Backends} (with the reason logged), and the
 * optimizer steps follow that choice. The vector implementation is loaded by name, on first
 * use with vector kernels, that is after the capability check that chose them: no incubator
 * class initializer runs before it.
 */
final class UpdateKernelSelection {

    private static final String VECTOR_KERNELS = "saturn.engine.simd.VectorKernels";
    private static final String VECTOR_UPDATE_KERNELS = "saturn.engine.simd.VectorUpdateKernels";
    private static final UpdateKernels SCALAR = new ScalarUpdateKernels();

    private UpdateKernelSelection() {
    }

    static UpdateKernels of(Kernels kernels) {
        if (kernels instanceof ScalarKernels) return SCALAR;
        if (kernels.getClass().getName().equals(VECTOR_KERNELS)) return Vector.KERNELS;
        throw new IllegalArgumentException("no optimizer update kernels go with kernels " + kernels.name());
    }

    /** The vector implementation, loaded when this class is first used. */
    private static final class Vector {
        static final UpdateKernels KERNELS = load();

        private static UpdateKernels load() {
            try {
                return (UpdateKernels) Class.forName(VECTOR_UPDATE_KERNELS).getConstructor().newInstance();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot load " + VECTOR_UPDATE_KERNELS, e);
            }
        }
    }
}
