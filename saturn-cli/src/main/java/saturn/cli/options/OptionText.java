package saturn.cli.options;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import saturn.engine.data.DataException;
import saturn.engine.data.DataSpec;
import saturn.engine.data.Preprocessing;
import saturn.engine.layer.RbfNorm;
import saturn.engine.model.LayerKind;
import saturn.engine.run.RecurrentSpec;
import saturn.engine.model.Normalization;
import saturn.engine.remedy.InitSpec;
import saturn.engine.remedy.Residual;
import saturn.engine.remedy.TransformSpec;
import saturn.engine.run.ClipSpec;
import saturn.engine.run.OptimizerSpec;
import saturn.engine.run.ScheduleSpec;
import saturn.theory.Activation;
import saturn.theory.expr.FormulaException;
import saturn.theory.transform.TransformSolver;

/**
 * The text of {@code saturn train}'s options (command line, {@code --config} files, a run's
 * stored {@code config.yaml}, sweep grids) parsed into the engine's typed values, once; and
 * those values written back as the same text. Bad text is a {@link BadInputException} naming
 * the option.
 */
public final class OptionText {

    public static final List<String> INITS = List.of("xavier", "he", "lecun", "gaussian:SW2[,SB2]", "uniform[:SW2]",
            "orthogonal[:GAIN]", "gain[:SB2]", "critical[:SB2]", "critical-gaussian[:SB2]", "critical-q:QSTAR", "lsuv",
            "rbf-data", "rbf-random", "torch", "identity[:GAIN]");
    public static final List<String> TRANSFORMS = List.of("none", "normalize", "dks[:ZETA]", "tat[:TAU]",
            "scale[:A0][,reg=LAMBDA]");
    public static final List<String> NORMS = List.of("none", "layer", "weight", "ws", "batch");
    public static final List<String> RESIDUALS = List.of("none", "normalized", "normalized:W", "rezero", "highway");
    public static final List<String> LAYERS = List.of("dense", "rbf", "rnn", "gru", "lstm");
    public static final List<String> SEQUENCES = List.of("auto", "rows", "pixels", "rows:permuted", "pixels:permuted");
    public static final List<String> CLIPS = List.of("none", "norm[:X]", "agc[:LAMBDA]");
    public static final List<String> SCHEDULES = List.of("constant", "cosine", "warmup-cosine[:WARMUP_STEPS]",
            "step[:EVERY,FACTOR]");

    private OptionText() {
    }

    /** The value of option {@code key} (a name of {@link TrainOptions#KEYS}) given as text. */
    public static Object parse(String key, String text) {
        return switch (key) {
            case "data" -> data(text);
            case "data-dir", "out" -> text;
            case "preprocess" -> preprocess(text);
            case "depth" -> (int) integer(key, text, 1, 100_000);
            case "width" -> (int) integer(key, text, 1, 1_000_000);
            case "activation" -> activation(text);
            case "layer" -> layer(text);
            case "sequence" -> sequence(text);
            case "gate" -> activation(text);
            case "gate-bias" -> real(text, "--gate-bias");
            case "remedy" -> remedy(text);
            case "init" -> init(text);
            case "transform" -> transform(text);
            case "norm" -> norm(text);
            case "rbf-norm" -> rbfNorm(text);
            case "residual" -> residual(text);
            case "optimizer" -> optimizer(text);
            case "lr" -> positive(text, "--lr");
            case "lr-layers" -> lrLayers(text);
            case "control" -> control(text);
            case "clip" -> clip(text);
            case "schedule" -> schedule(text);
            case "batch" -> (int) integer(key, text, 1, 1_000_000);
            case "epochs" -> (int) integer(key, text, 1, 1_000_000);
            case "max-steps" -> integer(key, text, 1, Long.MAX_VALUE / 2);
            case "seed" -> integer(key, text, Long.MIN_VALUE, Long.MAX_VALUE);
            case "threads" -> (int) integer(key, text, 1, 1024);
            case "eval-every", "diag-every", "checkpoint-every" -> integer(key, text, 1, Long.MAX_VALUE);
            default -> throw new BadInputException("unknown option '" + key + "' (known: "
                    + String.join(", ", TrainOptions.KEYS) + ")");
        };
    }

    /** Every value of a map of option texts, parsed (absent values left out). */
    public static Map<String, Object> parseAll(Map<String, String> given) {
        Map<String, Object> out = new LinkedHashMap<>();
        given.forEach((k, v) -> {
            if (v != null) out.put(k, parse(k, v));
        });
        return out;
    }

    /** A parsed value as option text ({@code gaussian:1.5,0.05}, {@code tanh}, {@code 0.001}). */
    public static String show(Object value) {
        return switch (value) {
            case Activation a -> a.name();
            case DataSpec d -> d.text().strip();
            case Preprocessing p -> p.id();
            case LayerKind k -> k.name().toLowerCase(Locale.ROOT);
            case RecurrentSpec r -> r.sequenceId();
            case Normalization n -> norm(n);
            case RbfNorm n -> n.id();
            case Boolean auto -> auto ? "auto" : "none";
            case InitSpec i -> i.id();
            case TransformSpec t -> t.id();
            case Residual r -> r.id();
            case OptimizerSpec o -> o.id();
            case ClipSpec c -> c.id();
            case saturn.engine.run.LayerRates r -> r.id();
            case saturn.engine.control.ControlSpec c -> c.id();
            case ScheduleSpec s -> s.id();
            default -> String.valueOf(value);
        };
    }

    public static DataSpec data(String text) {
        try {
            return DataSpec.parse(text);
        } catch (DataException e) {
            throw new BadInputException(e.getMessage());
        }
    }

    public static Preprocessing preprocess(String text) {
        try {
            return Preprocessing.parse(text);
        } catch (DataException e) {
            throw new BadInputException("unknown value '" + text.strip() + "' for --preprocess; choose one of standardize, scale, none, pln");
        }
    }

    public static Activation activation(String text) {
        try {
            return Activation.parse(text.strip());
        } catch (IllegalArgumentException e) {
            throw new BadInputException("bad --activation '" + text.strip() + "': " + e.getMessage());
        }
    }

    /**
     * An activation given as an argument ({@code saturn analyze tanh}, {@code saturn bench
     * --analysis tanh}): a library name or a formula in x.
     */
    public static Activation formula(String text) {
        try {
            return Activation.parse(text);
        } catch (FormulaException e) {
            throw new BadInputException("bad activation '" + text + "': " + e.getMessage());
        }
    }

    public static final List<String> RBF_NORMS = List.of("none", "example", "running", "nearest");

    public static RbfNorm rbfNorm(String text) {
        return switch (canonical(text)) {
            case "none" -> RbfNorm.NONE;
            case "example" -> RbfNorm.EXAMPLE;
            case "running" -> RbfNorm.RUNNING;
            case "nearest" -> RbfNorm.NEAREST;
            default -> throw unknown(text, "--rbf-norm", RBF_NORMS);
        };
    }

    public static LayerKind layer(String text) {
        return switch (canonical(text)) {
            case "dense" -> LayerKind.DENSE;
            case "rbf" -> LayerKind.RBF;
            case "rnn" -> LayerKind.RNN;
            case "gru" -> LayerKind.GRU;
            case "lstm" -> LayerKind.LSTM;
            default -> throw unknown(text, "--layer", LAYERS);
        };
    }

    /** {@code rows}, {@code pixels}, each with {@code :permuted}: the sequence part of a {@link RecurrentSpec}. */
    public static RecurrentSpec sequence(String text) {
        String v = canonical(text);
        boolean permuted = v.endsWith(":permuted");
        String head = permuted ? v.substring(0, v.length() - ":permuted".length()) : v;
        RecurrentSpec.Sequence s = switch (head) {
            case "auto" -> RecurrentSpec.Sequence.AUTO;
            case "rows" -> RecurrentSpec.Sequence.ROWS;
            case "pixels" -> RecurrentSpec.Sequence.PIXELS;
            default -> throw unknown(text, "--sequence", SEQUENCES);
        };
        return RecurrentSpec.DEFAULT.withSequence(s, permuted);
    }

    /** {@code auto} is true, {@code none} false. */
    public static boolean remedy(String text) {
        return switch (canonical(text)) {
            case "auto" -> true;
            case "none" -> false;
            default -> throw unknown(text, "--remedy", List.of("none", "auto"));
        };
    }

    public static InitSpec init(String text) {
        String v = canonical(text);
        String head = v.contains(":") ? v.substring(0, v.indexOf(':')) : v;
        String args = v.contains(":") ? v.substring(v.indexOf(':') + 1) : null;
        InitSpec.Kind kind = null;
        for (InitSpec.Kind k : InitSpec.Kind.values()) if (k.id().equals(head)) kind = k;
        if (kind == null) throw unknown(text, "--init", INITS);
        return switch (kind) {
            case IDENTITY -> InitSpec.of(kind, args == null ? Double.NaN : positive(args, "--init identity gain"));
            case XAVIER, HE, LECUN, LSUV, RBF_DATA, RBF_RANDOM, TORCH -> {
                if (args != null) throw unknown(text, "--init", INITS);
                yield InitSpec.of(kind);
            }
            case ORTHOGONAL -> InitSpec.of(kind, args == null ? Double.NaN : positive(args, "--init orthogonal gain"));
            case UNIFORM -> InitSpec.of(kind, args == null ? Double.NaN : positive(args, "--init uniform σw²"));
            case GAIN -> InitSpec.of(kind, args == null ? Double.NaN : nonNegative(args, "--init gain σb²"));
            case CRITICAL, CRITICAL_GAUSSIAN -> InitSpec.of(kind, args == null ? Double.NaN : nonNegative(args, "--init critical σb²"));
            case CRITICAL_Q -> {
                if (args == null) throw unknown(text, "--init", INITS);
                yield InitSpec.of(kind, positive(args, "--init critical-q q*"));
            }
            case GAUSSIAN -> {
                if (args == null) throw unknown(text, "--init", INITS);
                String[] parts = args.split(",", -1);
                if (parts.length > 2) throw unknown(text, "--init", INITS);
                double sw2 = positive(parts[0], "--init gaussian σw²");
                double sb2 = parts.length == 2 ? nonNegative(parts[1], "--init gaussian σb²") : Double.NaN;
                yield new InitSpec(kind, sw2, sb2);
            }
        };
    }

    public static TransformSpec transform(String text) {
        String v = canonical(text);
        String head = v.contains(":") ? v.substring(0, v.indexOf(':')) : v;
        String args = v.contains(":") ? v.substring(v.indexOf(':') + 1) : null;
        return switch (head) {
            case "none", "normalize" -> {
                if (args != null) throw unknown(text, "--transform", TRANSFORMS);
                yield head.equals("none") ? TransformSpec.NONE : TransformSpec.NORMALIZE;
            }
            case "dks" -> {
                double zeta = args == null ? TransformSolver.DEFAULT_ZETA : real(args, "--transform dks ζ");
                if (!(zeta > 1)) throw new BadInputException("--transform dks:ZETA needs ZETA > 1, got " + args);
                yield TransformSpec.dks(zeta);
            }
            case "tat" -> TransformSpec.tat(args == null ? TransformSolver.DEFAULT_TAU : positive(args, "--transform tat τ"));
            case "scale" -> args == null ? TransformSpec.scale(Double.NaN, 0) : scale(args, text);
            default -> throw unknown(text, "--transform", TRANSFORMS);
        };
    }

    /** {@code A0}, {@code reg=LAMBDA} or {@code A0,reg=LAMBDA}. */
    private static TransformSpec scale(String args, String text) {
        String[] parts = args.split(",", -1);
        if (parts.length > 2) throw unknown(text, "--transform", TRANSFORMS);
        double a0 = Double.NaN;
        double lambda = 0;
        boolean reg = false;
        for (String p : parts) {
            String t = p.strip();
            if (t.startsWith("reg=")) {
                if (reg) throw unknown(text, "--transform", TRANSFORMS);
                reg = true;
                lambda = nonNegative(t.substring(4), "--transform scale reg");
            } else {
                if (!Double.isNaN(a0) || reg) throw unknown(text, "--transform", TRANSFORMS);
                a0 = positive(t, "--transform scale a0");
            }
        }
        return TransformSpec.scale(a0, lambda);
    }

    public static Normalization norm(String text) {
        return switch (canonical(text)) {
            case "none" -> Normalization.NONE;
            case "layer" -> Normalization.LAYER;
            case "weight" -> Normalization.WEIGHT;
            case "ws" -> Normalization.SCALED_WS;
            case "batch" -> Normalization.BATCH;
            default -> throw unknown(text, "--norm", NORMS);
        };
    }

    private static String norm(Normalization n) {
        return n == Normalization.SCALED_WS ? "ws" : n.name().toLowerCase(Locale.ROOT);
    }

    public static Residual residual(String text) {
        String v = canonical(text);
        if (v.startsWith("normalized:")) {
            double w = real(v.substring("normalized:".length()), "--residual normalized:W");
            if (!(w > 0 && w < 1)) throw new BadInputException("--residual normalized:W needs 0 < W < 1, got " + w);
            return Residual.normalized(w);
        }
        return switch (v) {
            case "none" -> Residual.NONE;
            case "normalized" -> Residual.NORMALIZED_FOR_DEPTH;
            case "rezero" -> Residual.REZERO;
            case "highway" -> Residual.HIGHWAY;
            default -> throw unknown(text, "--residual", RESIDUALS);
        };
    }

    /** {@code NAME[:KEY=VALUE,...]}; a flag ({@code centered}) may stand alone. */
    public static OptimizerSpec optimizer(String text) {
        String v = canonical(text);
        int colon = v.indexOf(':');
        String name = colon < 0 ? v : v.substring(0, colon);
        if (!OptimizerSpec.NAMES.contains(name)) throw unknown(text, "--optimizer", OptimizerSpec.NAMES);
        Map<String, Double> given = new LinkedHashMap<>();
        if (colon >= 0) {
            for (String part : v.substring(colon + 1).split(",", -1)) {
                String p = part.strip();
                int eq = p.indexOf('=');
                String key = eq < 0 ? p : p.substring(0, eq).strip();
                if (eq < 0 && !OptimizerSpec.isFlag(key) && OptimizerSpec.of(name).params().containsKey(key)) {
                    throw new BadInputException("--optimizer " + name + ": give " + key + "=VALUE");
                }
                given.put(key, eq < 0 ? 1.0 : nonNegative(p.substring(eq + 1), "--optimizer " + name + " " + key));
            }
        }
        try {
            return OptimizerSpec.of(name, given);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
    }

    public static saturn.engine.control.ControlSpec control(String text) {
        try {
            return saturn.engine.control.ControlSpec.parse(text);
        } catch (IllegalArgumentException e) {
            throw new BadInputException(e.getMessage());
        }
    }

    public static final List<String> LR_LAYERS = List.of("none", "theory", "list:M1,M2,...");

    public static saturn.engine.run.LayerRates lrLayers(String text) {
        String v = canonical(text);
        if (v.startsWith("list:")) {
            String[] parts = v.substring("list:".length()).split(",");
            double[] f = new double[parts.length];
            for (int i = 0; i < parts.length; i++) {
                f[i] = real(parts[i], "--lr-layers list factor");
                if (!(f[i] >= 0)) throw new BadInputException("--lr-layers list factors must be >= 0, got " + parts[i].strip());
            }
            return saturn.engine.run.LayerRates.list(f);
        }
        return switch (v) {
            case "none" -> saturn.engine.run.LayerRates.NONE;
            case "theory" -> saturn.engine.run.LayerRates.THEORY;
            default -> throw unknown(text, "--lr-layers", LR_LAYERS);
        };
    }

    public static ClipSpec clip(String text) {
        String v = canonical(text);
        String head = v.contains(":") ? v.substring(0, v.indexOf(':')) : v;
        String arg = v.contains(":") ? v.substring(v.indexOf(':') + 1) : null;
        return switch (head) {
            case "none" -> {
                if (arg != null) throw unknown(text, "--clip", CLIPS);
                yield ClipSpec.NONE;
            }
            case "norm" -> ClipSpec.norm(arg == null ? 1.0 : positive(arg, "--clip norm X"));
            case "agc" -> ClipSpec.agc(arg == null ? 0.01 : positive(arg, "--clip agc lambda"));
            default -> throw unknown(text, "--clip", CLIPS);
        };
    }

    public static ScheduleSpec schedule(String text) {
        String v = canonical(text);
        String head = v.contains(":") ? v.substring(0, v.indexOf(':')) : v;
        String arg = v.contains(":") ? v.substring(v.indexOf(':') + 1) : null;
        return switch (head) {
            case "constant", "cosine" -> {
                if (arg != null) throw unknown(text, "--schedule", SCHEDULES);
                yield head.equals("constant") ? ScheduleSpec.CONSTANT : ScheduleSpec.COSINE;
            }
            case "warmup-cosine" -> ScheduleSpec.warmupCosine(arg == null ? 0 : steps(arg, "--schedule warmup-cosine WARMUP_STEPS"));
            case "step" -> {
                if (arg == null) yield ScheduleSpec.step(0, 0.1);
                String[] parts = arg.split(",", -1);
                if (parts.length > 2) throw unknown(text, "--schedule", SCHEDULES);
                long every = steps(parts[0], "--schedule step EVERY");
                yield ScheduleSpec.step(every, parts.length == 2 ? positive(parts[1], "--schedule step FACTOR") : 0.1);
            }
            default -> throw unknown(text, "--schedule", SCHEDULES);
        };
    }

    private static long steps(String text, String what) {
        try {
            long n = Long.parseLong(text.strip());
            if (n < 1) throw new BadInputException(what + " must be >= 1, got " + n);
            return n;
        } catch (NumberFormatException e) {
            throw new BadInputException(what + ": '" + text + "' is not an integer");
        }
    }

    static long integer(String key, String text, long min, long max) {
        long n;
        try {
            n = Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new BadInputException("--" + key + ": '" + text + "' is not an integer");
        }
        if (n < min || n > max) {
            throw new BadInputException("--" + key + " must be " + (max >= Long.MAX_VALUE / 2 ? ">= " + min
                    : "between " + min + " and " + max) + ", got " + n);
        }
        return n;
    }

    private static String canonical(String v) {
        return v.strip().toLowerCase(Locale.ROOT);
    }

    public static BadInputException unknown(String value, String flag, List<String> choices) {
        return new BadInputException("unknown value '" + value + "' for " + flag + "; choose one of "
                + String.join(", ", choices));
    }

    public static double real(String text, String what) {
        try {
            double v = Double.parseDouble(text.strip());
            if (!Double.isFinite(v)) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new BadInputException(what + ": '" + text + "' is not a number");
        }
    }

    public static double positive(String text, String what) {
        double v = real(text, what);
        if (!(v > 0)) throw new BadInputException(what + " must be positive, got " + text);
        return v;
    }

    public static double nonNegative(String text, String what) {
        double v = real(text, what);
        if (!(v >= 0)) throw new BadInputException(what + " must be >= 0, got " + text);
        return v;
    }
}
