package saturn.engine.optim;

/**
 * Global-norm clipping (Pascanu et al. 2013): when {@code ‖u‖ = √(Σ_p ‖u_p‖²)} over every
 * parameter exceeds {@code maxNorm}, all updates are scaled by {@code maxNorm/‖u‖}, so the
 * direction is kept.
 */
public final class ClipByGlobalNorm implements GradientTransformation {

    private final double maxNorm;

    public ClipByGlobalNorm(double maxNorm) {
        if (!(maxNorm > 0)) throw new IllegalArgumentException("clipping norm must be positive: " + maxNorm);
        this.maxNorm = maxNorm;
    }

    @Override
    public OptState init(float[][] params) {
        return OptState.empty();
    }

    @Override
    public void update(float[][] updates, OptState state, float[][] params) {
        double sq = 0;
        for (float[] u : updates) {
            for (float v : u) sq += (double) v * v;
        }
        double norm = Math.sqrt(sq);
        if (!(norm > maxNorm)) return;
        float f = (float) (maxNorm / norm);
        for (float[] u : updates) {
            for (int i = 0; i < u.length; i++) u[i] *= f;
        }
    }
}
