package saturn.engine.optim;

import java.util.function.BiConsumer;

/** {@link TraceMomentum}'s state: the trace t per parameter. */
public final class TraceState extends OptState {

    private final float[][] trace;

    TraceState(float[][] params) {
        trace = zerosLike(params);
    }

    public float[][] trace() {
        return trace;
    }

    @Override
    protected void slots(BiConsumer<String, float[][]> slot) {
        slot.accept("trace", trace);
    }
}
