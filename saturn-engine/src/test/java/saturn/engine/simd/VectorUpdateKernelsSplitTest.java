package saturn.engine.simd;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import saturn.engine.parallel.Workers;

/**
 * Every {@link VectorUpdateKernelsTest} again with the engine on three workers: steps of at
 * least {@link Chunks#SPLIT_MIN} elements (the larger cases) then run cut between the
 * workers, and must still equal the scalar reference bit for bit.
 */
class VectorUpdateKernelsSplitTest extends VectorUpdateKernelsTest {

    @BeforeEach
    void threeWorkers() {
        Workers.use(3);
    }

    @AfterEach
    void oneWorker() {
        Workers.use(1);
    }
}
