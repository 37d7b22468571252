package saturn.engine.model;

/** The weight layer of each hidden layer of an MLP spec. */
public enum LayerKind {
    /** {@code h = x Wᵀ + b} followed by the activation. */
    DENSE,
    /** Gaussian RBF units (the Gaussian is the activation; no separate module). */
    RBF
}
