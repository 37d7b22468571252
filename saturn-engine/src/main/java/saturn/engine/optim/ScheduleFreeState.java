package saturn.engine.optim;

import java.util.List;
import java.util.function.BiConsumer;

/**
 * {@link ScheduleFreeAdamW}'s state: the base iterate z, the second moment ν and the gradient
 * point y per parameter (slot {@code y}: while the parameters hold the average x, that is
 * between steps and in checkpoints; during a step, after {@link GradientPoint#toGradientPoint},
 * the two are exchanged), and two scalars: the largest step so far and the sum of the averaging
 * weights. The counter is t.
 */
public final class ScheduleFreeState extends OptState {

    private final float[][] z;
    private final float[][] nu;
    private final float[][] point;
    /** {@code max γ} and {@code Σ w}. */
    private final double[] scalars = {0, 0};

    ScheduleFreeState(float[][] params) {
        z = copyOf(params);
        nu = zerosLike(params);
        point = copyOf(params);
    }

    private static float[][] copyOf(float[][] params) {
        float[][] out = new float[params.length][];
        for (int i = 0; i < params.length; i++) out[i] = params[i].clone();
        return out;
    }

    /** z, per parameter. */
    public float[][] z() {
        return z;
    }

    /** ν, per parameter. */
    public float[][] nu() {
        return nu;
    }

    /** The point the parameters are not at: y between steps, x during one. */
    public float[][] point() {
        return point;
    }

    /** The largest step γ so far. */
    public double maxStep() {
        return scalars[0];
    }

    /** The sum of the averaging weights so far. */
    public double weightSum() {
        return scalars[1];
    }

    void set(double maxStep, double weightSum) {
        scalars[0] = maxStep;
        scalars[1] = weightSum;
    }

    /** Exchanges the parameters with {@link #point()}, element for element. */
    void swap(float[][] params) {
        for (int p = 0; p < params.length; p++) {
            float[] w = params[p];
            float[] y = point[p];
            for (int i = 0; i < w.length; i++) {
                float t = w[i];
                w[i] = y[i];
                y[i] = t;
            }
        }
    }

    @Override
    protected void slots(BiConsumer<String, float[][]> slot) {
        slot.accept("z", z);
        slot.accept("nu", nu);
        slot.accept("y", point);
    }

    @Override
    protected List<String> scalarNames() {
        return List.of("max_step", "weight_sum");
    }

    @Override
    protected double[] scalarValues() {
        return scalars;
    }
}
