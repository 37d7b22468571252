package saturn.engine.optim;

import java.util.List;
import java.util.function.BiConsumer;

/**
 * {@link Prodigy}'s state: Adam's moments m, v, the weighted gradient sum s and the initial
 * weights w0 per parameter; the step estimate d, the largest estimate so far and the weighted
 * numerator r of the estimate. The counter is t.
 */
public final class ProdigyState extends OptState {

    private final float[][] mu;
    private final float[][] nu;
    private final float[][] s;
    private final float[][] w0;
    /** {@code d}, {@code d_max} and {@code r}. */
    private final double[] scalars;

    ProdigyState(float[][] params, double d0) {
        mu = zerosLike(params);
        nu = zerosLike(params);
        s = zerosLike(params);
        w0 = new float[params.length][];
        for (int i = 0; i < params.length; i++) w0[i] = params[i].clone();
        scalars = new double[] {d0, d0, 0};
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

    /** The weights at the start, per parameter. */
    public float[][] w0() {
        return w0;
    }

    /** The step estimate d. */
    public double d() {
        return scalars[0];
    }

    /** The largest estimate of d so far. */
    public double dMax() {
        return scalars[1];
    }

    /** The weighted numerator r of d's estimate. */
    public double numerator() {
        return scalars[2];
    }

    void set(double d, double dMax, double numerator) {
        scalars[0] = d;
        scalars[1] = dMax;
        scalars[2] = numerator;
    }

    @Override
    protected void slots(BiConsumer<String, float[][]> slot) {
        slot.accept("mu", mu);
        slot.accept("nu", nu);
        slot.accept("s", s);
        slot.accept("w0", w0);
    }

    @Override
    protected List<String> scalarNames() {
        return List.of("d", "d_max", "numerator");
    }

    @Override
    protected double[] scalarValues() {
        return scalars;
    }
}
