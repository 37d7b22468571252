package saturn.engine.remedy;

import saturn.engine.init.InitScheme;
import saturn.theory.Activation;
import saturn.theory.gauss.Derivatives;
import saturn.theory.meanfield.CriticalLine;
import saturn.theory.meanfield.CriticalPoint;
import saturn.theory.meanfield.Moments;
import saturn.theory.meanfield.NoCriticalPointException;

/**
 * Turns an {@link InitSpec} into weight and bias variances for a network. {@code gain}
 * (q* = 1, torch's {@code calculate_gain} for any formula) and the edge of chaos
 * ({@code critical}, {@code critical-gaussian}, {@code critical-q}) come from the mean-field
 * theory of the network's activation (DESIGN.md §3).
 */
public final class Inits {

    /** LSUV stops when every layer's pre-activation variance is within this of 1 ... */
    public static final double LSUV_TOLERANCE = 0.1;
    /** ... or after this many rescalings of a layer. */
    public static final int LSUV_ITERATIONS = 10;
    /** Training examples rbf-data clusters (at least the layer width is needed). */
    public static final int RBF_SAMPLE = 2048;

    private Inits() {
    }

    /**
     * The initializer for a network of this activation (the one it computes, after any
     * transform) and depth.
     *
     * @throws IllegalArgumentException when the theory has no such initialization for this activation
     */
    public static WeightInit resolve(InitSpec spec, Activation network, int depth) {
        return attempt(spec, network, depth).orElseThrow();
    }

    /** {@link #resolve}, with the theory's refusal as a value. */
    public static Solved<WeightInit> attempt(InitSpec spec, Activation network, int depth) {
        double first = spec.first();
        return switch (spec.kind()) {
            case XAVIER -> Solved.of(new WeightInit(InitScheme.XAVIER_NORMAL, 1.0, 0.0,
                    "N(0, 2/(fan_in+fan_out)): sigma_w2 = 2 fan_in/(fan_in+fan_out), 1 between equal widths"));
            case HE -> Solved.of(new WeightInit(InitScheme.HE, 2.0, 0.0, "N(0, 2/fan_in)"));
            case LECUN -> Solved.of(new WeightInit(InitScheme.LECUN, 1.0, 0.0, "N(0, 1/fan_in)"));
            case ORTHOGONAL -> {
                double gain = Double.isNaN(first) ? 1.0 : first;
                yield Solved.of(new WeightInit(InitScheme.ORTHOGONAL, gain * gain, 0.0,
                        "Haar orthogonal (QR with sign fix) times gain*max(sqrt(out/in), 1): sigma_w2 = gain^2"));
            }
            case LSUV -> Solved.of(new WeightInit(InitScheme.ORTHOGONAL, 1.0, 0.0,
                    "orthonormal, then layer-sequential unit variance on one training batch: W <- W/sqrt(Var h) until "
                            + "|Var h - 1| < " + LSUV_TOLERANCE + ", at most " + LSUV_ITERATIONS + " times per layer"));
            case RBF_DATA -> Solved.of(new WeightInit(InitScheme.XAVIER_NORMAL, 1.0, 0.0,
                    "RBF layers: centres by k-means++ (+2 Lloyd steps) on each layer's incoming activations from "
                            + RBF_SAMPLE + " training examples, widths s_j^2 = median over the 8 nearest centres of "
                            + "|c_j - c_k|^2/2, then one width factor per layer maximizing the mean unit variance on "
                            + "that sample; read-out Xavier"));
            case RBF_RANDOM -> Solved.of(new WeightInit(InitScheme.XAVIER_NORMAL, 1.0, 0.0,
                    "RBF layers: centres N(0, 1), widths sqrt(fan_in), independent of the data (the naive baseline); "
                            + "read-out Xavier"));
            case GAUSSIAN -> Solved.of(new WeightInit(InitScheme.GAUSSIAN, first, Double.isNaN(spec.second()) ? 0.0 : spec.second(),
                    "N(0, sigma_w2/fan_in), biases N(0, sigma_b2)"));
            case UNIFORM -> Solved.of(new WeightInit(InitScheme.UNIFORM, Double.isNaN(first) ? 1.0 : first, 0.0,
                    "uniform with variance sigma_w2/fan_in"));
            case GAIN -> gain(Derivatives.of(network), Double.isNaN(first) ? 0.0 : first);
            case CRITICAL, CRITICAL_GAUSSIAN, CRITICAL_Q -> edgeOfChaos(spec, Derivatives.of(network), depth);
            case TORCH -> Solved.of(new WeightInit(InitScheme.UNIFORM, 1.0 / 3, 0.0,
                    "PyTorch's default for recurrent layers: every weight and bias U(-1/sqrt(hidden), 1/sqrt(hidden))"));
            case IDENTITY -> {
                double gain = Double.isNaN(first) ? 1.0 : first;
                yield Solved.of(new WeightInit(InitScheme.ORTHOGONAL, gain * gain, 0.0,
                        "recurrent weights gain * I per gate block (scaled identity), input weights N(0, 1/in), biases 0"));
            }
        };
    }

    /** Gaussian {@code N(0, σ_w²/fan_in)} with σ_w² making q = 1 a fixed point: {@code σ_w² = (1 − σ_b²)/E[φ(z)²]}. */
    private static Solved<WeightInit> gain(Derivatives phi, double sigmaB2) {
        double sw2 = Moments.of(phi).variancePreservingSigmaW2(sigmaB2);
        if (!(sw2 > 0) || Double.isInfinite(sw2)) {
            return Solved.failed("--init gain: no weight variance keeps q* = 1 for " + phi.name()
                    + " with sigma_b2 = " + sigmaB2 + " (it needs sigma_b2 < 1 and E[phi(z)^2] > 0)");
        }
        return Solved.of(new WeightInit(InitScheme.GAUSSIAN, sw2, sigmaB2, 1.0,
                "variance-preserving: N(0, sigma_w2/fan_in), sigma_w2 = (1 - sigma_b2)/E[phi(z)^2] so that q* = 1"));
    }

    /**
     * Given σ_b², the critical σ_w²; without it, the point with q* = 1/depth (dynamical
     * isometry). An activation with a non-zero mean (sigmoid, gauss) has no critical point
     * at small q* — it would need σ_b² &lt; 0 — and then gets the critical point at σ_b² = 0,
     * with the reason in the note, rather than a refusal the user has to work around.
     */
    private static Solved<WeightInit> edgeOfChaos(InitSpec spec, Derivatives phi, int depth) {
        InitScheme engine = spec.kind() == InitSpec.Kind.CRITICAL_GAUSSIAN ? InitScheme.GAUSSIAN : InitScheme.ORTHOGONAL;
        try {
            if (spec.kind() == InitSpec.Kind.CRITICAL_Q) {
                return Solved.of(edgeOfChaos(engine, CriticalLine.forQStar(phi, spec.first()), "q* = " + spec.first() + " given"));
            }
            if (Double.isNaN(spec.first())) {
                double q = 1.0 / Math.max(depth, 1);
                try {
                    return Solved.of(edgeOfChaos(engine, CriticalLine.forQStar(phi, q), "q* = 1/depth = " + q));
                } catch (NoCriticalPointException smallQ) {
                    return Solved.of(edgeOfChaos(engine, CriticalLine.forBiasVariance(phi, 0),
                            "sigma_b2 = 0 (q* = 1/depth = " + q + " has none: " + smallQ.getMessage() + ")"));
                }
            }
            return Solved.of(edgeOfChaos(engine, CriticalLine.forBiasVariance(phi, spec.first()),
                    "sigma_b2 = " + spec.first() + " given"));
        } catch (NoCriticalPointException e) {
            return Solved.failed("--init " + spec.id() + ": " + e.getMessage());
        }
    }

    private static WeightInit edgeOfChaos(InitScheme engine, CriticalPoint p, String how) {
        String weights = engine == InitScheme.ORTHOGONAL ? "Haar orthogonal times sqrt(sigma_w2)" : "N(0, sigma_w2/fan_in)";
        return new WeightInit(engine, p.sigmaW2(), p.sigmaB2(), p.qStar(),
                "edge of chaos (chi1 = 1), " + how + ": " + weights + ", biases N(0, sigma_b2)");
    }
}
