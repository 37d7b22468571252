package saturn.engine.model;

/** Normalization applied in each hidden layer of an MLP spec. */
public enum Normalization {
    NONE,
    /** LayerNorm between the weight layer and the activation. */
    LAYER,
    /** BatchNorm between the weight layer and the activation (baseline only). */
    BATCH,
    /** Weight normalization {@code w = g v/‖v‖} of the dense layer. */
    WEIGHT,
    /** Scaled weight standardization of the dense layer. */
    SCALED_WS
}
