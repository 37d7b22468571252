package saturn.engine.init;

import java.util.random.RandomGenerator;

/**
 * The standard initializers. Gaussian and uniform use the theory's parametrization
 * {@code W ~ N(0, σ_w²/fan_in)} (uniform with the same variance), biases {@code N(0, σ_b²)}.
 */
public final class Initializers {

    private Initializers() {
    }

    /** {@code N(0, σ_w²/fan_in)}: the mean-field parametrization. */
    public static Initializer gaussian(double sigmaW2) {
        requireNonNegative(sigmaW2);
        return (w, fanIn, fanOut, rng) -> normal(w, Math.sqrt(sigmaW2 / fanIn), rng);
    }

    /** Uniform on {@code ±√(3 σ_w²/fan_in)}: variance {@code σ_w²/fan_in}. */
    public static Initializer uniform(double sigmaW2) {
        requireNonNegative(sigmaW2);
        return (w, fanIn, fanOut, rng) -> uniform(w, Math.sqrt(3.0 * sigmaW2 / fanIn), rng);
    }

    /** {@code N(0, σ²)} regardless of fan: the theory's bias {@code b ~ N(0, σ_b²)}. */
    public static Initializer normalStd(double std) {
        requireNonNegative(std);
        return (w, fanIn, fanOut, rng) -> normal(w, std, rng);
    }

    /** Glorot: {@code N(0, 2/(fan_in + fan_out))}. */
    public static Initializer xavierNormal() {
        return (w, fanIn, fanOut, rng) -> normal(w, Math.sqrt(2.0 / (fanIn + fanOut)), rng);
    }

    /** Glorot: {@code U(±√(6/(fan_in + fan_out)))}. */
    public static Initializer xavierUniform() {
        return (w, fanIn, fanOut, rng) -> uniform(w, Math.sqrt(6.0 / (fanIn + fanOut)), rng);
    }

    /** He (Kaiming) normal: {@code N(0, 2/fan_in)}. */
    public static Initializer he() {
        return gaussian(2.0);
    }

    /** LeCun normal: {@code N(0, 1/fan_in)}. */
    public static Initializer lecun() {
        return gaussian(1.0);
    }

    /**
     * Haar orthogonal scaled by {@code gain · max(√(out/in), 1)} (see {@link Orthogonal}); its
     * mean-field σ_w² is {@code gain²}.
     */
    public static Initializer orthogonal(double gain) {
        return new Orthogonal(gain);
    }

    public static Initializer zeros() {
        return constant(0f);
    }

    public static Initializer constant(float value) {
        return (w, fanIn, fanOut, rng) -> java.util.Arrays.fill(w, value);
    }

    private static void normal(float[] w, double std, RandomGenerator rng) {
        for (int i = 0; i < w.length; i++) w[i] = (float) (std * rng.nextGaussian());
    }

    private static void uniform(float[] w, double limit, RandomGenerator rng) {
        for (int i = 0; i < w.length; i++) w[i] = (float) (limit * (2.0 * rng.nextDouble() - 1.0));
    }

    private static void requireNonNegative(double v) {
        if (!(v >= 0)) throw new IllegalArgumentException("must be non-negative: " + v);
    }
}
