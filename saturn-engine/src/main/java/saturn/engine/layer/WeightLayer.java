package saturn.engine.layer;

/**
 * A layer with a main weight matrix {@code [out, in]}: what initializers fill and what the
 * diagnostics' {@code grad_norm} and {@code update_ratio} measure. For re-parametrized
 * layers (weight norm, scaled WS) it is the trained tensor, not the derived one.
 */
public interface WeightLayer extends Layer {

    /** The trained weight, row-major {@code [out, in]}. */
    float[] weight();

    float[] weightGrad();

    /** The bias {@code [out]}, or null when the layer has none. */
    float[] bias();
}
