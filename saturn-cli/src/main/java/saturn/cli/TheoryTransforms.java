package saturn.cli;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import saturn.theory.Activation;
import saturn.theory.gauss.Derivatives;
import saturn.theory.meanfield.CriticalLine;
import saturn.theory.meanfield.NoCriticalPointException;
import saturn.theory.transform.ActivationTransform;
import saturn.theory.transform.Architecture;
import saturn.theory.transform.Chain;
import saturn.theory.transform.NormalizedResidual;
import saturn.theory.transform.NoTransformException;
import saturn.theory.transform.TransformSolver;

/**
 * {@code --transform}: the network's activation {@code φ̂(x) = γ(φ(αx+β)+δ)} solved by the
 * theory for the user's φ and a chain of {@code --depth} non-linear layers ({@code normalize},
 * {@code dks[:ZETA]}, {@code tat[:TAU]}); {@code none} keeps φ.
 */
final class TheoryTransforms {

    static final List<String> CHOICES = List.of("none", "normalize", "dks[:ZETA]", "tat[:TAU]",
            "scale[:A0][,reg=LAMBDA]");

    /** Solving takes a few Newton runs; options are resolved several times per run. */
    private static final Map<String, Resolved> SOLVED = new ConcurrentHashMap<>();

    private TheoryTransforms() {
    }

    /**
     * A resolved transform.
     *
     * @param transform null for {@code none}
     * @param formula   the network's activation: φ̂'s formula, or the user's activation for {@code none}
     */
    record Resolved(String value, ActivationTransform transform, String formula, Architecture architecture) {
    }

    /** The canonical option value ({@code none}, {@code normalize}, {@code dks:1.5}, ...), validated. */
    static String canonical(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        String head = v.contains(":") ? v.substring(0, v.indexOf(':')) : v;
        String args = v.contains(":") ? v.substring(v.indexOf(':') + 1) : null;
        return switch (head) {
            case "none", "normalize" -> {
                if (args != null) throw Choices.unknown(value, "--transform", CHOICES);
                yield head;
            }
            case "dks" -> {
                double zeta = args == null ? TransformSolver.DEFAULT_ZETA : Choices.real(args, "--transform dks ζ");
                if (!(zeta > 1)) throw new BadInputException("--transform dks:ZETA needs ZETA > 1, got " + args);
                yield "dks:" + zeta;
            }
            case "scale" -> args == null ? "scale" : "scale:" + scaleArgs(args, value);
            case "tat" -> "tat:" + (args == null ? TransformSolver.DEFAULT_TAU : Choices.positive(args, "--transform tat τ"));
            default -> throw Choices.unknown(value, "--transform", CHOICES);
        };
    }

    /** {@code A0}, {@code reg=LAMBDA} or {@code A0,reg=LAMBDA}, validated and canonical. */
    private static String scaleArgs(String args, String value) {
        String[] parts = args.split(",", -1);
        if (parts.length > 2) throw Choices.unknown(value, "--transform", CHOICES);
        StringBuilder out = new StringBuilder();
        boolean a0 = false, reg = false;
        for (String p : parts) {
            String t = p.strip();
            if (t.startsWith("reg=")) {
                if (reg) throw Choices.unknown(value, "--transform", CHOICES);
                reg = true;
                double lambda = Choices.nonNegative(t.substring(4), "--transform scale reg");
                if (!out.isEmpty()) out.append(',');
                out.append("reg=").append(lambda);
            } else {
                if (a0 || reg) throw Choices.unknown(value, "--transform", CHOICES);
                a0 = true;
                out.append(Choices.positive(t, "--transform scale a0"));
            }
        }
        return out.toString();
    }

    /** λ of {@code scale:...,reg=λ}; 0 without it. */
    static double scaleRegularization(String transform) {
        int at = transform.indexOf("reg=");
        return transform.startsWith("scale") && at >= 0 ? Double.parseDouble(transform.substring(at + 4)) : 0.0;
    }

    /** The transform of this activation for a chain of {@code depth} layers; no solution is bad input. */
    static Resolved resolve(String value, String activation, int depth) {
        return resolve(value, activation, depth, "none");
    }

    /**
     * The transform for the network {@code --depth} and {@code --residual} build: a chain, or for
     * {@code normalized:W} one plain layer (the first changes the width, so it has no shortcut)
     * then depth − 1 normalized residual blocks. ReZero and highway networks start as chains
     * (their branches or gates pass the signal through unchanged at initialization only in the
     * limit), so they get the chain's targets: conservative, every layer nearly linear.
     */
    static Resolved resolve(String value, String activation, int depth, String residual) {
        String v = canonical(value);
        Architecture arch = architecture(residual, depth);
        return SOLVED.computeIfAbsent(v + "|" + arch + "|" + activation, k -> solve(v, activation, arch));
    }

    static Architecture architecture(String residual, int depth) {
        Choices.Residual r = Choices.residual(residual);
        if (r.shortcut() == saturn.engine.model.Shortcut.NORMALIZED && depth > 1) {
            return new NormalizedResidual(1, depth - 1, r.skipWeight());
        }
        return new Chain(depth);
    }

    static String describe(Architecture a) {
        return switch (a) {
            case Chain c -> "chain of " + c.depth() + " non-linear layers";
            case NormalizedResidual n -> n.plain() + " plain layer(s) then " + n.blocks()
                    + " normalized residual blocks, skip weight " + n.skipWeight();
            default -> a.toString();
        };
    }

    private static Resolved solve(String v, String activation, Architecture arch) {
        Activation phi = Activation.parse(activation);
        if (v.equals("none") || v.startsWith("scale")) return new Resolved(v, null, activation, arch);
        Derivatives d = Derivatives.of(phi);
        String head = v.contains(":") ? v.substring(0, v.indexOf(':')) : v;
        double arg = v.contains(":") ? Double.parseDouble(v.substring(v.indexOf(':') + 1)) : Double.NaN;
        try {
            ActivationTransform t = switch (head) {
                case "normalize" -> TransformSolver.normalized(d);
                case "dks" -> TransformSolver.dks(d, arch, arg);
                default -> TransformSolver.tat(d, arch, arg);
            };
            return new Resolved(v, t, t.apply(phi).formula(), arch);
        } catch (NoTransformException e) {
            throw new BadInputException("--transform " + v + ": " + e.getMessage());
        }
    }

    /**
     * The starting {@code a} of {@code scale}, NaN for other transforms. Without A0: a·φ with
     * weights of variance σ_w² is φ with σ_w²·a², so a0 = √(σ_w,crit²/σ_w²), where σ_w,crit²
     * is the critical (χ1 = 1) weight variance of φ at the init's σ_b²; a critical init gives
     * a0 = 1.
     */
    static double initialScale(String transform, String activation, Choices.Init init) {
        if (!transform.startsWith("scale")) return Double.NaN;
        String args = transform.contains(":") ? transform.substring(transform.indexOf(':') + 1) : "";
        String first = args.split(",")[0];
        if (!first.isEmpty() && !first.startsWith("reg=")) return Double.parseDouble(first);
        try {
            double critical = CriticalLine.forBiasVariance(Derivatives.of(Activation.parse(activation)), init.sigmaB2()).sigmaW2();
            return Math.sqrt(critical / init.sigmaW2());
        } catch (NoCriticalPointException e) {
            throw new BadInputException("--transform scale: no a puts " + activation + " at the edge of chaos with sigma_b2 = "
                    + init.sigmaB2() + " (" + e.getMessage() + "); give it as scale:A0");
        }
    }

    /** What config.yaml's {@code derived} section records about the transform. */
    static void describe(Resolved r, Map<String, Object> derived) {
        ActivationTransform t = r.transform();
        if (t == null) return;
        derived.put("transform_kind", t.kind());
        derived.put("transform_architecture", describe(r.architecture()));
        derived.put("transform_alpha", t.alpha());
        derived.put("transform_beta", t.beta());
        derived.put("transform_delta", t.delta());
        derived.put("transform_gamma", t.gamma());
        derived.put("transform_max_slope", t.maxSlope());
        derived.put("transform_formula", r.formula());
    }
}
