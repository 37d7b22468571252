package saturn.engine.optim;

/**
 * LAMB's layer-wise adaptation (You et al. 2020): each parameter tensor's update is scaled
 * by the trust ratio {@code ‖w‖/‖u‖}, so every tensor moves by the same fraction of its
 * norm. The ratio is 1 when either norm is 0 (a zero-initialized bias, a zero update), as in
 * optax. {@code mask} selects the adapted tensors (null = all).
 */
public final class ScaleByTrustRatio implements GradientTransformation {

    private final boolean[] mask;

    public ScaleByTrustRatio(boolean[] mask) {
        this.mask = mask == null ? null : mask.clone();
    }

    @Override
    public OptState init(float[][] params) {
        if (mask != null && mask.length != params.length) {
            throw new IllegalArgumentException("trust-ratio mask has " + mask.length + " entries for " + params.length + " parameters");
        }
        return OptState.empty();
    }

    @Override
    public void update(float[][] updates, OptState state, float[][] params) {
        for (int p = 0; p < updates.length; p++) {
            if (mask != null && !mask[p]) continue;
            float ratio = ratio(Norms.norm(params[p]), Norms.norm(updates[p]));
            float[] u = updates[p];
            for (int i = 0; i < u.length; i++) u[i] *= ratio;
        }
    }

    /** {@code ‖w‖/‖u‖} from the two norms; 1 when either is 0. */
    static float ratio(double wn, double un) {
        return wn == 0 || un == 0 ? 1f : (float) (wn / un);
    }
}
