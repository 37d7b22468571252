package saturn.engine.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import saturn.engine.data.DataSpec;
import saturn.theory.Activation;

class MemoryEstimateTest {

    private static RunPlan plan(int depth, int width) {
        return RunPlan.of(RunSpec.of(DataSpec.parse("synthetic:spirals"), depth, width, Activation.parse("tanh")));
    }

    @Test
    void parametersAreCountedLayerByLayer() {
        MemoryEstimate e = MemoryEstimate.of(plan(3, 8), 784, 10);
        // (784 x 8 + 8) + 2 (8 x 8 + 8) + (8 x 10 + 10)
        assertThat(e.parameters()).isEqualTo(6280 + 144 + 90);
        assertThat(e.largest()).isEqualTo(128 * 784);   // a batch of inputs outgrows the largest weight matrix, 784 x 8
        assertThat(e.bytes()).isGreaterThan(4L * 4 * e.parameters());
    }

    @Test
    void aWidthOfAMillionIsRefusedForItsArraysNotItsOverflow() {
        MemoryEstimate e = MemoryEstimate.of(plan(2, 1_000_000), 2, 2);
        assertThat(e.largest()).isEqualTo(1_000_000_000_000L);
        assertThatThrownBy(() -> e.requireFits(Long.MAX_VALUE, Long.MAX_VALUE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("this network needs an array of 1.00e12 elements (a weight matrix, or a batch's activations of "
                        + "one layer); one array holds at most 2.15e9: choose a smaller --width or --batch");
    }

    @Test
    void aBatchWhoseActivationsOverflowAnArrayIsRefusedToo() {
        MemoryEstimate e = MemoryEstimate.of(1000, 2, 30_000, 10, 100_000, false, false);
        assertThat(e.largest()).isEqualTo(3_000_000_000L);
        assertThatThrownBy(() -> e.requireFits(Long.MAX_VALUE, Long.MAX_VALUE)).hasMessageContaining("3.00e9 elements");
    }

    @Test
    void aModelBeyondTheHeapSaysWhatItNeedsAndWhatThereIs() {
        MemoryEstimate e = MemoryEstimate.of(plan(2, 40_000), 784, 10);
        assertThat(e.bytes()).isGreaterThan(4L * 4 * 40_000 * 40_000);
        assertThatThrownBy(() -> e.requireFits(6_000_000_000L, 8_000_000_000L))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("this network needs at least 32.8 GB of memory (1.63e9 parameters")
                .hasMessageContaining("6.0 GB is free of the 8.0 GB this JVM may use (-Xmx)");
        e.requireFits(e.bytes(), e.bytes());
    }

    @Test
    void theLargestOptionsGiveAnExactCountNotAWrappedOne() {
        // 10^5 layers of 10^6 x 10^6: 10^17 parameters, 1.6e18 bytes, still below 2^63
        MemoryEstimate e = MemoryEstimate.of(plan(100_000, 1_000_000), 1_000_000, 1000);
        assertThat(e.parameters()).isEqualTo(100_000L * (1_000_000L * 1_000_000 + 1_000_000) + 1_000_000L * 1000 + 1000);
        assertThat(e.bytes()).isGreaterThan(16 * e.parameters());
    }

    @org.junit.jupiter.api.Test
    void aRecurrentEstimateCountsEveryStepsBuffersAndMatchesTheLayer() {
        // an LSTM of 128 units over 784 pixels, batch 128: what the layer allocates for a batch is within the estimate
        MemoryEstimate e = MemoryEstimate.recurrent(4, 1, 784, 1, 128, 10, 128);
        saturn.engine.tensor.Ops ops = saturn.engine.tensor.Ops.reference();
        saturn.engine.layer.Recurrent lstm = new saturn.engine.layer.Recurrent(saturn.engine.layer.Recurrent.Cell.LSTM, 1,
                128, 1, 784, false, saturn.engine.model.CompiledActivation.compile("tanh", ops.kernels()).kernel(),
                saturn.engine.model.CompiledActivation.compile("sigmoid", ops.kernels()).kernel(), ops);
        org.assertj.core.api.Assertions.assertThat(e.bytes()).isGreaterThanOrEqualTo(lstm.bytesForBatch(128));
        org.assertj.core.api.Assertions.assertThat(e.bytes()).isLessThan(3 * lstm.bytesForBatch(128));
        org.assertj.core.api.Assertions.assertThat(e.parameters()).isEqualTo(4 * 128 * (1 + 128 + 2) + 128 * 10 + 10);
        // 2000 steps of 4096 units at batch 256 do not fit in one array
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> MemoryEstimate.recurrent(4, 1, 2000, 1, 4096, 10, 256)
                .requireFits(Long.MAX_VALUE, Long.MAX_VALUE)).hasMessageContaining("one array holds");
    }
}
