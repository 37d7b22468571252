package saturn.engine.remedy;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import saturn.engine.model.Shortcut;
import saturn.theory.Activation;
import saturn.theory.gauss.Derivatives;
import saturn.theory.meanfield.CriticalLine;
import saturn.theory.meanfield.NoCriticalPointException;
import saturn.theory.transform.ActivationTransform;
import saturn.theory.transform.Architecture;
import saturn.theory.transform.Chain;
import saturn.theory.transform.NoTransformException;
import saturn.theory.transform.NormalizedResidual;
import saturn.theory.transform.TransformSolver;

/**
 * The network's activation {@code φ̂(x) = γ(φ(αx+β)+δ)} solved by the theory for the user's φ
 * and the network's depth and shortcuts ({@code normalize}, {@code dks}, {@code tat});
 * {@code none} and {@code scale} keep φ.
 */
public final class Transforms {

    private record Key(TransformSpec spec, Architecture architecture, Activation activation) {
    }

    /** Solving takes a few Newton runs; a sweep solves the same transform for many runs. */
    private static final Map<Key, Solved<SolvedTransform>> SOLVED = new ConcurrentHashMap<>();

    private Transforms() {
    }

    /**
     * The transform of this activation for the network {@code depth} and {@code residual} build.
     *
     * @throws IllegalArgumentException when the theory has no such transform for this activation
     */
    public static SolvedTransform solve(TransformSpec spec, Activation activation, int depth, Residual residual) {
        return attempt(spec, activation, depth, residual).orElseThrow();
    }

    /** {@link #solve}, with the theory's refusal as a value. */
    public static Solved<SolvedTransform> attempt(TransformSpec spec, Activation activation, int depth, Residual residual) {
        Architecture arch = architecture(residual, depth);
        return SOLVED.computeIfAbsent(new Key(spec, arch, activation), k -> solve(spec, activation, arch));
    }

    /** {@link #attempt} for a given architecture (a recurrence over a horizon, ...). */
    public static Solved<SolvedTransform> attempt(TransformSpec spec, Activation activation, Architecture arch) {
        return SOLVED.computeIfAbsent(new Key(spec, arch, activation), k -> solve(spec, activation, arch));
    }

    /**
     * A chain of {@code depth} layers, or for {@code normalized:W} one plain layer (the first
     * changes the width, so it has no shortcut) then depth − 1 normalized residual blocks.
     * ReZero and highway networks start as chains (their branches or gates pass the signal
     * through unchanged at initialization only in the limit), so they get the chain's targets:
     * conservative, every layer nearly linear.
     */
    public static Architecture architecture(Residual residual, int depth) {
        if (residual.shortcut() == Shortcut.NORMALIZED && depth > 1) {
            return new NormalizedResidual(1, depth - 1, residual.skipWeight());
        }
        return new Chain(depth);
    }

    public static String describe(Architecture a) {
        return switch (a) {
            case Chain c -> "chain of " + c.depth() + " non-linear layers";
            case NormalizedResidual n -> n.plain() + " plain layer(s) then " + n.blocks()
                    + " normalized residual blocks, skip weight " + n.skipWeight();
            case saturn.theory.recurrent.Recurrence r -> "recurrence over " + r.horizon() + " steps, input share " + r.inputShare();
            default -> a.toString();
        };
    }

    private static Solved<SolvedTransform> solve(TransformSpec spec, Activation phi, Architecture arch) {
        if (spec.keepsActivation()) return Solved.of(new SolvedTransform(spec, null, phi, arch));
        Derivatives d = Derivatives.of(phi);
        try {
            ActivationTransform t = switch (spec.kind()) {
                case NORMALIZE -> TransformSolver.normalized(d);
                case DKS -> TransformSolver.dks(d, arch, spec.target());
                default -> TransformSolver.tat(d, arch, spec.target());
            };
            return Solved.of(new SolvedTransform(spec, t, t.apply(phi), arch));
        } catch (NoTransformException e) {
            return Solved.failed("--transform " + spec.id() + ": " + e.getMessage());
        }
    }

    /**
     * The starting {@code a} of {@code scale}, NaN for other transforms. Without A0: a·φ with
     * weights of variance σ_w² is φ with σ_w²·a², so a0 = √(σ_w,crit²/σ_w²), where σ_w,crit²
     * is the critical (χ1 = 1) weight variance of φ at the init's σ_b²; a critical init gives
     * a0 = 1.
     *
     * @throws IllegalArgumentException when φ has no critical point at the init's σ_b²
     */
    public static double initialScale(TransformSpec spec, Activation activation, WeightInit init) {
        if (spec.kind() != TransformSpec.Kind.SCALE) return Double.NaN;
        if (!Double.isNaN(spec.initialScale())) return spec.initialScale();
        try {
            double critical = CriticalLine.forBiasVariance(Derivatives.of(activation), init.sigmaB2()).sigmaW2();
            return Math.sqrt(critical / init.sigmaW2());
        } catch (NoCriticalPointException e) {
            throw new IllegalArgumentException("--transform scale: no a puts " + activation.name()
                    + " at the edge of chaos with sigma_b2 = " + init.sigmaB2() + " (" + e.getMessage()
                    + "); give it as scale:A0");
        }
    }

    /** What a run's record says about the transform (nothing for {@code none} and {@code scale}). */
    public static void describe(SolvedTransform r, Map<String, Object> derived) {
        ActivationTransform t = r.transform();
        if (t == null) return;
        derived.put("transform_kind", t.kind());
        derived.put("transform_architecture", describe(r.architecture()));
        derived.put("transform_alpha", t.alpha());
        derived.put("transform_beta", t.beta());
        derived.put("transform_delta", t.delta());
        derived.put("transform_gamma", t.gamma());
        derived.put("transform_max_slope", t.maxSlope());
        derived.put("transform_formula", r.network().formula());
    }
}
