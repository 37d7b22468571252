package saturn.engine.optim;

import java.util.function.BiConsumer;

/** {@link ScaleByLion}'s state: the tracked momentum m per parameter. */
public final class LionState extends OptState {

    private final float[][] mu;

    LionState(float[][] params) {
        mu = zerosLike(params);
    }

    public float[][] mu() {
        return mu;
    }

    @Override
    protected void slots(BiConsumer<String, float[][]> slot) {
        slot.accept("mu", mu);
    }
}
