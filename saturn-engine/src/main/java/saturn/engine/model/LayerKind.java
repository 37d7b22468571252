package saturn.engine.model;

import saturn.engine.layer.Recurrent;

/** The weight layer of each hidden layer of a spec. */
public enum LayerKind {
    /** {@code h = x Wᵀ + b} followed by the activation. */
    DENSE,
    /** Gaussian RBF units (the Gaussian is the activation; no separate module). */
    RBF,
    /** Elman recurrence {@code h' = φ(W_ih x + W_hh h + b)} over the steps of each input row. */
    RNN,
    /** Gated recurrent unit (PyTorch's {@code nn.GRU}). */
    GRU,
    /** Long short-term memory (PyTorch's {@code nn.LSTM}). */
    LSTM;

    /** Whether the layers run over time ({@link Recurrent}). */
    public boolean recurrent() {
        return this == RNN || this == GRU || this == LSTM;
    }

    /** The recurrent cell; only when {@link #recurrent()}. */
    public Recurrent.Cell cell() {
        return switch (this) {
            case RNN -> Recurrent.Cell.RNN;
            case GRU -> Recurrent.Cell.GRU;
            case LSTM -> Recurrent.Cell.LSTM;
            default -> throw new IllegalStateException(this + " is not recurrent");
        };
    }
}
