package saturn.theory.recurrent;

/**
 * What {@link GatedCritical} needs of a gated cell's mean field: the per-step backward gain
 * at the fixed point, and the same cell with its memory gate's bias or its recurrent weight
 * scale changed. The memory gate is the one whose value near 1 keeps the state: the LSTM's
 * forget gate, the GRU's update gate (PyTorch's {@code h' = (1 − z) n + z h}).
 */
public sealed interface GatedMeanField permits LstmMeanField, GruMeanField {

    /** Per-step backward gain of the squared gradient norm at the fixed point; NaN when unbounded. */
    double chi();

    /** "forget" or "update". */
    String memoryGate();

    /** The memory gate's bias mean μ. */
    double memoryBias();

    /** The same cell with the memory gate's bias mean set to {@code bias}. */
    GatedMeanField withMemoryBias(double bias);

    /** The same cell with every recurrent weight variance σ² multiplied by {@code scale}. */
    GatedMeanField withRecurrentScale(double scale);
}
