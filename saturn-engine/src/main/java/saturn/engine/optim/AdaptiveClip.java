package saturn.engine.optim;

/**
 * Adaptive gradient clipping, unit-wise (Brock et al. 2021, NFNets): for each unit i (a row
 * {@code [out, in]} of a weight matrix: the weights into one output unit; a whole 1-D
 * parameter is one unit, as NFNets' {@code unitwise_norm}), when
 * {@code ‖g_i‖ > λ·max(‖w_i‖, ε)} with ε = 1e-3, {@code g_i ← g_i · λ max(‖w_i‖, ε)/‖g_i‖}.
 * Unlike NFNets' recipe, the classifier layer is clipped too.
 *
 * @see Optimizers#unitSizes
 */
public final class AdaptiveClip implements GradientTransformation {

    static final double EPS = 1e-3;

    private final double lambda;
    private final int[] unitSize;

    /** @param unitSize per parameter, the length of one unit (the row length {@code in}, or the parameter's length) */
    public AdaptiveClip(double lambda, int[] unitSize) {
        if (!(lambda > 0)) throw new IllegalArgumentException("AGC lambda must be positive: " + lambda);
        this.lambda = lambda;
        this.unitSize = unitSize.clone();
    }

    @Override
    public OptState init(float[][] params) {
        if (unitSize.length != params.length) {
            throw new IllegalArgumentException("AGC has unit sizes for " + unitSize.length + " parameters, got " + params.length);
        }
        for (int p = 0; p < params.length; p++) {
            if (unitSize[p] <= 0 || params[p].length % unitSize[p] != 0) {
                throw new IllegalArgumentException("parameter " + p + " of size " + params[p].length
                        + " does not split into units of " + unitSize[p]);
            }
        }
        return OptState.empty();
    }

    @Override
    public void update(float[][] updates, OptState state, float[][] params) {
        for (int p = 0; p < updates.length; p++) {
            float[] g = updates[p];
            float[] w = params[p];
            int n = unitSize[p];
            for (int off = 0; off < g.length; off += n) {
                double max = lambda * Math.max(Norms.norm(w, off, n), EPS);
                double gn = Norms.norm(g, off, n);
                if (gn > max) {
                    float f = (float) (max / gn);
                    for (int i = off; i < off + n; i++) g[i] *= f;
                }
            }
        }
    }
}
