package saturn.engine.optim;

import java.util.function.BiConsumer;

/** {@link ScaleByAdam}'s state: the first and second moments m, v per parameter; the counter is t. */
public final class AdamState extends OptState {

    private final float[][] mu;
    private final float[][] nu;

    AdamState(float[][] params) {
        mu = zerosLike(params);
        nu = zerosLike(params);
    }

    /** m, per parameter. */
    public float[][] mu() {
        return mu;
    }

    /** v, per parameter. */
    public float[][] nu() {
        return nu;
    }

    @Override
    protected void slots(BiConsumer<String, float[][]> slot) {
        slot.accept("mu", mu);
        slot.accept("nu", nu);
    }
}
