package saturn.engine.optim;

/**
 * LARS's layer-wise local rate (You, Gitman &amp; Ginsburg 2017, Algorithm 1): per weight
 * tensor {@code λ = η ‖w‖ / (‖g‖ + β ‖w‖)} with trust coefficient η and weight decay β, and
 * {@code u = λ (g + β w)}. The recipe follows with the learning rate and momentum,
 * {@code v ← m v + γ u, w ← w − v}. Tensors outside {@code mask} (biases and other 1-D
 * parameters, as in the paper's and common implementations) get {@code u = g}: plain
 * momentum SGD, neither adapted nor decayed. λ is 1 when {@code ‖w‖} or {@code ‖g‖} is 0.
 * {@link #step} is the rule for one element.
 */
public final class ScaleByLars implements GradientTransformation {

    private final float trust;
    private final float weightDecay;
    private final boolean[] mask;

    public ScaleByLars(float trust, float weightDecay, boolean[] mask) {
        this.trust = trust;
        this.weightDecay = weightDecay;
        this.mask = mask == null ? null : mask.clone();
    }

    @Override
    public OptState init(float[][] params) {
        if (mask != null && mask.length != params.length) {
            throw new IllegalArgumentException("LARS mask has " + mask.length + " entries for " + params.length + " parameters");
        }
        return OptState.empty();
    }

    @Override
    public void update(float[][] updates, OptState state, float[][] params) {
        for (int p = 0; p < updates.length; p++) {
            if (mask != null && !mask[p]) continue;
            float[] u = updates[p];
            float[] w = params[p];
            float local = localRate(Norms.norm(w), Norms.norm(u), trust, weightDecay);
            for (int i = 0; i < u.length; i++) u[i] = step(u[i], w[i], local, weightDecay);
        }
    }

    /** {@code λ = η ‖w‖ / (‖g‖ + β ‖w‖)} from the two norms; 1 when either is 0. */
    static float localRate(double wn, double gn, float trust, float weightDecay) {
        return wn > 0 && gn > 0 ? (float) (trust * wn / (gn + weightDecay * wn)) : 1f;
    }

    /** LARS for one element of an adapted tensor: {@code λ (g + β w)}. */
    static float step(float g, float w, float local, float weightDecay) {
        return local * (g + weightDecay * w);
    }
}
