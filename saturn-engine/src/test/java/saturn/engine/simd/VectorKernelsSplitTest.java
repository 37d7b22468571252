package saturn.engine.simd;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import saturn.engine.parallel.Cores;

/**
 * Every {@link VectorKernelsTest} again with the engine on two cores: kernels of at least
 * {@link VectorKernels#SPLIT_MIN} elements (the 20011-element cases) then run half on the
 * helper thread, and must still equal the scalar reference bit for bit.
 */
class VectorKernelsSplitTest extends VectorKernelsTest {

    @BeforeEach
    void twoCores() {
        Cores.use(2);
    }

    @AfterEach
    void oneCore() {
        Cores.use(1);
    }
}
