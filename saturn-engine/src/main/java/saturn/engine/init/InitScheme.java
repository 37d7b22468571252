package saturn.engine.init;

import java.util.Locale;

/**
 * The weight initializers a network can be built with, each one {@link Initializer} for a
 * weight variance σ_w² (in the theory's parametrization {@code σ_w²/fan_in}, which some of
 * them fix and ignore).
 */
public enum InitScheme {

    /** {@code N(0, σ_w²/fan_in)}. */
    GAUSSIAN,
    /** Uniform with variance {@code σ_w²/fan_in}. */
    UNIFORM,
    /** Haar orthogonal with gain {@code √σ_w²}. */
    ORTHOGONAL,
    /** Glorot normal, {@code N(0, 2/(fan_in + fan_out))}; σ_w² ignored. */
    XAVIER_NORMAL,
    /** Glorot uniform, {@code U(±√(6/(fan_in + fan_out)))}; σ_w² ignored. */
    XAVIER_UNIFORM,
    /** He (Kaiming) normal, {@code N(0, 2/fan_in)}; σ_w² ignored. */
    HE,
    /** LeCun normal, {@code N(0, 1/fan_in)}; σ_w² ignored. */
    LECUN,
    /** All zeros; σ_w² ignored. */
    ZEROS;

    /** The initializer for weight variance {@code sigmaW2}. */
    public Initializer initializer(double sigmaW2) {
        return switch (this) {
            case GAUSSIAN -> Initializers.gaussian(sigmaW2);
            case UNIFORM -> Initializers.uniform(sigmaW2);
            case ORTHOGONAL -> Initializers.orthogonal(Math.sqrt(sigmaW2));
            case XAVIER_NORMAL -> Initializers.xavierNormal();
            case XAVIER_UNIFORM -> Initializers.xavierUniform();
            case HE -> Initializers.he();
            case LECUN -> Initializers.lecun();
            case ZEROS -> Initializers.zeros();
        };
    }

    /** The name a run's record shows ({@code xavier_normal}). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
