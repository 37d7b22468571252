package saturn.engine.bench;

import saturn.engine.model.LayerKind;

import java.util.List;

/**
 * One StepBench configuration: a tanh MLP of {@code depth} hidden layers of {@code width}
 * units, or with a recurrent {@code layer} a stack of {@code depth} tanh recurrent layers of
 * {@code width} units over {@code seq} steps of one input each (sigmoid gates, PyTorch's
 * init); trained with Adam unless StepBench is given another optimizer.
 */
public record BenchConfig(int depth, int width, int batch, int steps, int warmup, LayerKind layer, int seq) {

    public BenchConfig {
        if (depth < 1 || width < 1 || batch < 1 || steps < 1 || warmup < 0 || seq < 1) {
            throw new IllegalArgumentException("depth, width, batch, steps, seq must be positive and warmup >= 0");
        }
        if (layer != LayerKind.DENSE && !layer.recurrent()) throw new IllegalArgumentException("bench layers: dense, rnn, gru, lstm");
    }

    /** A dense MLP configuration. */
    public BenchConfig(int depth, int width, int batch, int steps, int warmup) {
        this(depth, width, batch, steps, warmup, LayerKind.DENSE, 1);
    }

    /** The engine's reference configurations: 100 layers of 256 and of 1024 units, 1000 layers of 128 (batch 128). */
    public static List<BenchConfig> standard() {
        return List.of(new BenchConfig(100, 256, 128, 20, 5),
                new BenchConfig(100, 1024, 128, 5, 2),
                new BenchConfig(1000, 128, 128, 10, 3));
    }
}
