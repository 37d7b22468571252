package saturn.djl;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;
import java.util.SplittableRandom;
import saturn.engine.init.InitScheme;
import saturn.engine.remedy.InitSpec;
import saturn.engine.remedy.Inits;
import saturn.engine.remedy.WeightInit;
import saturn.theory.Activation;

/**
 * A DJL {@link Initializer} drawing weights as Saturn's engine does for a resolved
 * initialization ({@link WeightInit}): Haar-orthogonal times the gain √σ_w², or
 * {@code N(0, σ_w²/fan_in)}, with σ_w² from the theory of the network's activation.
 *
 * <p>A weight of shape {@code (out, in, k…)} (DJL's layout for {@code Linear} and
 * convolutions) has fan-in {@code in·k…} and fan-out {@code out}. Each call draws from a
 * generator split off the seeded one, so a network initialized in the same order gets the
 * same weights; the values are the engine's own for the same generator.
 *
 * <p>Biases are not drawn here: {@link #biases()} is the matching bias initializer,
 * {@code N(0, σ_b²)}, zeros when σ_b² = 0.
 */
public final class TheoryInitializer implements Initializer {

    private final WeightInit init;
    private final saturn.engine.init.Initializer weights;
    private final SplittableRandom rng;

    private TheoryInitializer(WeightInit init, long seed) {
        if (init.scheme() != InitScheme.ORTHOGONAL && init.scheme() != InitScheme.GAUSSIAN) {
            throw new IllegalArgumentException("a theory initializer draws orthogonal or Gaussian weights, not "
                    + init.scheme().id());
        }
        this.init = init;
        this.weights = init.scheme().initializer(init.sigmaW2());
        this.rng = new SplittableRandom(seed);
    }

    /** The weights of a resolved initialization (orthogonal or Gaussian). */
    public static TheoryInitializer of(WeightInit init, long seed) {
        return new TheoryInitializer(init, seed);
    }

    /**
     * The edge of chaos for a network of this activation and depth: χ1 = 1 at q* = 1/depth
     * (or at σ_b² = 0 when the activation has no such point), orthogonal weights with gain
     * √σ_w², biases {@code N(0, σ_b²)}.
     *
     * @param network the activation the network computes (after any transform)
     * @throws IllegalArgumentException when the activation has no critical point
     */
    public static TheoryInitializer critical(Activation network, int depth, long seed) {
        return of(Inits.resolve(InitSpec.of(InitSpec.Kind.CRITICAL), network, depth), seed);
    }

    /** {@link #critical} with Gaussian weights {@code N(0, σ_w²/fan_in)} instead of orthogonal ones. */
    public static TheoryInitializer criticalGaussian(Activation network, int depth, long seed) {
        return of(Inits.resolve(InitSpec.of(InitSpec.Kind.CRITICAL_GAUSSIAN), network, depth), seed);
    }

    /** Haar-orthogonal weights times {@code gain} (σ_w² = gain²), zero biases. */
    public static TheoryInitializer orthogonal(double gain, long seed) {
        if (!(gain >= 0) || Double.isInfinite(gain)) throw new IllegalArgumentException("gain must be >= 0: " + gain);
        return of(new WeightInit(InitScheme.ORTHOGONAL, gain * gain, 0.0, "Haar orthogonal times " + gain), seed);
    }

    /** The initialization drawn: scheme, σ_w², σ_b², q* and how. */
    public WeightInit init() {
        return init;
    }

    /** The matching bias initializer, {@code N(0, σ_b²)}. */
    public Initializer biases() {
        double std = Math.sqrt(init.sigmaB2());
        if (std == 0) return Initializer.ZEROS;
        saturn.engine.init.Initializer normal = saturn.engine.init.Initializers.normalStd(std);
        return (manager, shape, dataType) -> draw(normal, manager, shape, dataType, 1, (int) shape.size());
    }

    @Override
    public NDArray initialize(NDManager manager, Shape shape, DataType dataType) {
        if (shape.dimension() < 2) {
            throw new IllegalArgumentException("a weight has at least two axes (out, in, ...), got " + shape);
        }
        long fanOut = shape.get(0);
        long fanIn = shape.size() / fanOut;
        return draw(weights, manager, shape, dataType, Math.toIntExact(fanIn), Math.toIntExact(fanOut));
    }

    private NDArray draw(saturn.engine.init.Initializer how, NDManager manager, Shape shape, DataType dataType,
                         int fanIn, int fanOut) {
        float[] w = new float[Math.toIntExact(shape.size())];
        SplittableRandom r;
        synchronized (rng) {
            r = rng.split();
        }
        how.fill(w, fanIn, fanOut, r);
        return manager.create(w, shape).toType(dataType, false);
    }
}
