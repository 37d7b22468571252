package saturn.engine.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

import saturn.engine.optim.Optimizers;
import saturn.engine.tensor.Ops;

/** Structure of the bench result (never its timings). */
class StepBenchTest {

    @Test
    void recordsExactlyTheStepsGemmCalls() {
        int depth = 3, width = 8, batch = 4;
        BenchResult r = StepBench.run(new BenchConfig(depth, width, batch, 2, 1), Ops.reference(),
                model -> Optimizers.adam(1e-4));
        // forward: depth+1 products; backward: depth+1 weight gradients and depth input
        // gradients (the first layer's input gradient is skipped)
        assertThat(r.gemmCalls()).isEqualTo(3 * (depth + 1) - 1);
        double expected = 2.0 * batch * width * width * (3 * depth - 1) + 2.0 * batch * width * 10 * 3;
        assertThat(r.gflopPerStep() * 1e9).isCloseTo(expected, within(1.0));
        assertThat(r.backends()).contains("gemm=java").contains("kernels=scalar");
        assertThat(r.parameters()).isEqualTo((long) depth * (width * width + width) + 10L * width + 10);
    }
}
