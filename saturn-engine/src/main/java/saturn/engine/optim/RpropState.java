package saturn.engine.optim;

import java.util.Arrays;
import java.util.function.BiConsumer;

/** {@link ScaleByRprop}'s state: the previous gradient and the step size Δ, per coordinate. */
public final class RpropState extends OptState {

    private final float[][] prev;
    private final float[][] step;

    RpropState(float[][] params, float initialStep) {
        prev = zerosLike(params);
        step = zerosLike(params);
        for (float[] d : step) Arrays.fill(d, initialStep);
    }

    /** The previous gradient (0 after a sign change), per parameter. */
    public float[][] prev() {
        return prev;
    }

    /** Δ, per parameter. */
    public float[][] step() {
        return step;
    }

    @Override
    protected void slots(BiConsumer<String, float[][]> slot) {
        slot.accept("prev", prev);
        slot.accept("step", step);
    }
}
