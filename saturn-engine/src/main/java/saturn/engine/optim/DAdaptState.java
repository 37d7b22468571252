package saturn.engine.optim;

import java.util.List;
import java.util.function.BiConsumer;

/**
 * {@link DAdaptAdam}'s state: Adam's moments m, v and the weighted gradient sum s per
 * parameter, the distance estimate d and the weighted numerator r of its estimate. The
 * counter is t.
 */
public final class DAdaptState extends OptState {

    private final float[][] mu;
    private final float[][] nu;
    private final float[][] s;
    /** {@code d} and {@code r}. */
    private final double[] scalars;

    DAdaptState(float[][] params, double d0) {
        mu = zerosLike(params);
        nu = zerosLike(params);
        s = zerosLike(params);
        scalars = new double[] {d0, 0};
    }

    /** m, per parameter. */
    public float[][] mu() {
        return mu;
    }

    /** v, per parameter. */
    public float[][] nu() {
        return nu;
    }

    /** s, per parameter. */
    public float[][] s() {
        return s;
    }

    /** The distance estimate d. */
    public double d() {
        return scalars[0];
    }

    /** The weighted numerator r of d's estimate. */
    public double numerator() {
        return scalars[1];
    }

    void set(double d, double numerator) {
        scalars[0] = d;
        scalars[1] = numerator;
    }

    @Override
    protected void slots(BiConsumer<String, float[][]> slot) {
        slot.accept("mu", mu);
        slot.accept("nu", nu);
        slot.accept("s", s);
    }

    @Override
    protected List<String> scalarNames() {
        return List.of("d", "numerator");
    }

    @Override
    protected double[] scalarValues() {
        return scalars;
    }
}
