package saturn.cli;

import java.util.List;
import java.util.Locale;
import saturn.engine.model.LayerKind;
import saturn.engine.model.Normalization;
import saturn.engine.model.Shortcut;

/**
 * The values {@code saturn train} accepts for its choice flags, parsed into engine settings.
 * Values that later work adds (more inits, transforms, optimizers) fail with
 * {@code unknown value 'X' for --flag; choose one of ...} until they exist.
 */
final class Choices {

    static final List<String> INITS = List.of("xavier", "he", "lecun", "gaussian:SW2[,SB2]", "uniform[:SW2]",
            "orthogonal[:GAIN]", "gain[:SB2]", "critical[:SB2]", "critical-gaussian[:SB2]", "critical-q:QSTAR", "lsuv", "rbf-data",
            "rbf-random");
    static final List<String> TRANSFORMS = TheoryTransforms.CHOICES;
    static final List<String> NORMS = List.of("none", "layer", "weight", "ws", "batch");
    static final List<String> RESIDUALS = List.of("none", "normalized:W", "rezero", "highway");
    static final List<String> OPTIMIZERS = OptimizerChoice.NAMES;
    static final List<String> LAYERS = List.of("dense", "rbf");

    static final double LSUV_TOLERANCE = 0.1;
    /** Training examples rbf-data clusters (at least the layer width is needed). */
    static final int RBF_SAMPLE = 2048;
    static final int LSUV_ITERATIONS = 10;
    static final double MOMENTUM = 0.9;
    static final double ADAMW_DECAY = 0.01;

    private Choices() {
    }

    /**
     * An initializer: the engine's name and the mean-field constants it amounts to.
     *
     * @param qStar the fixed point of the q-map the constants were chosen for, NaN when none was
     */
    record Init(String engineName, double sigmaW2, double sigmaB2, double qStar, String note) {

        Init(String engineName, double sigmaW2, double sigmaB2, String note) {
            this(engineName, sigmaW2, sigmaB2, Double.NaN, note);
        }
    }

    /**
     * Parses {@code --init} for a network of this activation and depth: {@code gain} and the
     * {@code critical} family compute σ_w², σ_b² from the mean-field theory of the activation.
     */
    static Init init(String value, String activation, int depth) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        String head = v.contains(":") ? v.substring(0, v.indexOf(':')) : v;
        String args = v.contains(":") ? v.substring(v.indexOf(':') + 1) : null;
        return switch (head) {
            case "xavier" -> noArgs(args, value, new Init("xavier_normal", 1.0, 0.0,
                    "N(0, 2/(fan_in+fan_out)): sigma_w2 = 2 fan_in/(fan_in+fan_out), 1 between equal widths"));
            case "he" -> noArgs(args, value, new Init("he", 2.0, 0.0, "N(0, 2/fan_in)"));
            case "lecun" -> noArgs(args, value, new Init("lecun", 1.0, 0.0, "N(0, 1/fan_in)"));
            case "orthogonal" -> {
                double gain = args == null ? 1.0 : positive(args, "--init orthogonal gain");
                yield new Init("orthogonal", gain * gain, 0.0,
                        "Haar orthogonal (QR with sign fix) times gain*max(sqrt(out/in), 1): sigma_w2 = gain^2");
            }
            case "lsuv" -> noArgs(args, value, new Init("orthogonal", 1.0, 0.0,
                    "orthonormal, then layer-sequential unit variance on one training batch: W <- W/sqrt(Var h) until "
                            + "|Var h - 1| < " + LSUV_TOLERANCE + ", at most " + LSUV_ITERATIONS + " times per layer"));
            case "rbf-data" -> noArgs(args, value, new Init("xavier_normal", 1.0, 0.0,
                    "RBF layers: centres by k-means++ (+2 Lloyd steps) on each layer's incoming activations from "
                            + RBF_SAMPLE + " training examples, widths s_j^2 = median over the 8 nearest centres of "
                            + "|c_j - c_k|^2/2, then one width factor per layer maximizing the mean unit variance on "
                            + "that sample; read-out Xavier"));
            case "rbf-random" -> noArgs(args, value, new Init("xavier_normal", 1.0, 0.0,
                    "RBF layers: centres N(0, 1), widths sqrt(fan_in), independent of the data (the naive baseline); "
                            + "read-out Xavier"));
            case "gain", "critical", "critical-gaussian", "critical-q" -> TheoryInits.resolve(head, args, value, activation, depth);
            case "gaussian" -> {
                if (args == null) throw unknown(value, "--init", INITS);
                String[] parts = args.split(",", -1);
                if (parts.length > 2) throw unknown(value, "--init", INITS);
                double sw2 = positive(parts[0], "--init gaussian σw²");
                double sb2 = parts.length == 2 ? nonNegative(parts[1], "--init gaussian σb²") : 0.0;
                yield new Init("gaussian", sw2, sb2, "N(0, sigma_w2/fan_in), biases N(0, sigma_b2)");
            }
            case "uniform" -> {
                double sw2 = args == null ? 1.0 : positive(args, "--init uniform σw²");
                yield new Init("uniform", sw2, 0.0, "uniform with variance sigma_w2/fan_in");
            }
            default -> throw unknown(value, "--init", INITS);
        };
    }

    private static Init noArgs(String args, String value, Init init) {
        if (args != null) throw unknown(value, "--init", INITS);
        return init;
    }

    /** {@code --transform} in canonical form ({@code dks} becomes {@code dks:1.5}), validated; see {@link TheoryTransforms}. */
    static String transform(String value) {
        return TheoryTransforms.canonical(value);
    }

    static Normalization norm(String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "none" -> Normalization.NONE;
            case "layer" -> Normalization.LAYER;
            case "weight" -> Normalization.WEIGHT;
            case "ws" -> Normalization.SCALED_WS;
            case "batch" -> Normalization.BATCH;
            default -> throw unknown(value, "--norm", NORMS);
        };
    }

    /** A shortcut and its skip weight (only {@code normalized:W} has one). */
    record Residual(Shortcut shortcut, double skipWeight) {
    }

    static Residual residual(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (v.startsWith("normalized:")) {
            double w = real(v.substring("normalized:".length()), "--residual normalized:W");
            if (!(w > 0 && w < 1)) throw new BadInputException("--residual normalized:W needs 0 < W < 1, got " + w);
            return new Residual(Shortcut.NORMALIZED, w);
        }
        return switch (v) {
            case "none" -> new Residual(Shortcut.NONE, 0.5);
            case "rezero" -> new Residual(Shortcut.REZERO, 0.5);
            case "highway" -> new Residual(Shortcut.HIGHWAY, 0.5);
            default -> throw unknown(value, "--residual", RESIDUALS);
        };
    }

    static LayerKind layer(String value) {
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "dense" -> LayerKind.DENSE;
            case "rbf" -> LayerKind.RBF;
            default -> throw unknown(value, "--layer", LAYERS);
        };
    }

    /** {@code --optimizer} in canonical form, validated; see {@link OptimizerChoice#canonical()}. */
    static String optimizer(String value) {
        return OptimizerChoice.parse(value).canonical();
    }

    /** The default learning rate of an optimizer. */
    static double defaultLr(String optimizer) {
        return OptimizerChoice.parse(optimizer).defaultLr();
    }

    static BadInputException unknown(String value, String flag, List<String> choices) {
        return new BadInputException("unknown value '" + value + "' for " + flag + "; choose one of "
                + String.join(", ", choices));
    }

    static double real(String text, String what) {
        try {
            double v = Double.parseDouble(text.strip());
            if (!Double.isFinite(v)) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new BadInputException(what + ": '" + text + "' is not a number");
        }
    }

    static double positive(String text, String what) {
        double v = real(text, what);
        if (!(v > 0)) throw new BadInputException(what + " must be positive, got " + text);
        return v;
    }

    static double nonNegative(String text, String what) {
        double v = real(text, what);
        if (!(v >= 0)) throw new BadInputException(what + " must be >= 0, got " + text);
        return v;
    }
}
