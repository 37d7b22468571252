package saturn.engine.optim;

import java.util.function.BiConsumer;

/**
 * {@link Vsgd}'s state: the running averages of the gradient ḡ (per element, and the probe's
 * direction), and of its square, of the curvature and the memory τ, per element, or for the
 * layer-wise variant per tensor (one value per parameter tensor: the mean of {@code ‖g‖²}, of
 * the largest curvature, and τ). Besides, not saved: θ while the weights are displaced, and the
 * gradient found there.
 */
public final class VsgdState extends OptState {

    private final boolean layers;
    private final float[][] gbar;
    /** Element-wise: v̄, per element; layer-wise: ℓ̄, one per tensor. */
    private final float[][] square;
    private final float[][] hbar;
    private final float[][] tau;
    final float[][] saved;
    final float[][] probed;
    /** The counter value at which {@link #probed} was filled (−1: never). */
    long probedAt = -1;

    VsgdState(float[][] params, boolean layers) {
        this.layers = layers;
        gbar = zerosLike(params);
        square = layers ? perTensor(params.length) : zerosLike(params);
        hbar = layers ? perTensor(params.length) : zerosLike(params);
        tau = layers ? perTensor(params.length) : zerosLike(params);
        saved = zerosLike(params);
        probed = zerosLike(params);
    }

    private static float[][] perTensor(int n) {
        float[][] out = new float[n][];
        for (int i = 0; i < n; i++) out[i] = new float[1];
        return out;
    }

    /** Whether the rates are per tensor. */
    public boolean layers() {
        return layers;
    }

    /** ḡ, per parameter. */
    public float[][] gbar() {
        return gbar;
    }

    /** The mean square of the gradient: v̄ per element, or ℓ̄ (of {@code ‖g‖²}) per tensor. */
    public float[][] square() {
        return square;
    }

    /** The mean curvature: h̄ per element, or the mean of its largest element per tensor. */
    public float[][] hbar() {
        return hbar;
    }

    /** The memory τ, per element or per tensor. */
    public float[][] tau() {
        return tau;
    }

    @Override
    protected void slots(BiConsumer<String, float[][]> slot) {
        slot.accept("gbar", gbar);
        slot.accept(layers ? "lbar" : "vbar", square);
        slot.accept("hbar", hbar);
        slot.accept("tau", tau);
    }
}
