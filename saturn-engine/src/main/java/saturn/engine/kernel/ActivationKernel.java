package saturn.engine.kernel;

/**
 * An activation compiled from its expression to float code. One fused pass computes what
 * both the forward and the backward pass need.
 */
public interface ActivationKernel {

    /**
     * {@code y[i] = phi(h[i])} and, when {@code dphi} is not null, {@code dphi[i] = phi'(h[i])},
     * for i in {@code [0, n)}. {@code y} may alias {@code h}.
     */
    void forward(float[] h, float[] y, float[] dphi, int n);

    /** The normalized formula this kernel was compiled from. */
    String formula();
}
