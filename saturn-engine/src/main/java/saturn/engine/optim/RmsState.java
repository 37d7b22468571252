package saturn.engine.optim;

import java.util.function.BiConsumer;

/** {@link ScaleByRms}'s state: the mean square ν per parameter and, centered, the mean μ. */
public final class RmsState extends OptState {

    private final float[][] nu;
    private final float[][] mu;

    RmsState(float[][] params, boolean centered) {
        nu = zerosLike(params);
        mu = centered ? zerosLike(params) : null;
    }

    /** ν, per parameter. */
    public float[][] nu() {
        return nu;
    }

    /** μ, per parameter; null unless centered. */
    public float[][] mu() {
        return mu;
    }

    @Override
    protected void slots(BiConsumer<String, float[][]> slot) {
        slot.accept("nu", nu);
        if (mu != null) slot.accept("mu", mu);
    }
}
