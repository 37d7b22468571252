package saturn.engine.optim;

import java.util.function.BiConsumer;

/** {@link ScaleByAdagrad}'s state: the running sum of squared gradients per parameter. */
public final class AdagradState extends OptState {

    private final float[][] sum;

    AdagradState(float[][] params) {
        sum = zerosLike(params);
    }

    public float[][] sum() {
        return sum;
    }

    @Override
    protected void slots(BiConsumer<String, float[][]> slot) {
        slot.accept("sum", sum);
    }
}
