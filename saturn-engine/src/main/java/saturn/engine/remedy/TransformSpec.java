package saturn.engine.remedy;

import java.util.Locale;
import saturn.theory.transform.TransformSolver;

/**
 * Which activation transform a network asks for, before the theory solves it
 * ({@link Transforms#solve}).
 *
 * @param kind           the transform
 * @param target         ζ of {@code dks}, τ of {@code tat} (NaN otherwise)
 * @param initialScale   a0 of {@code scale} when given, NaN for the χ1 = 1 choice (and other kinds)
 * @param regularization λ of {@code scale}'s {@code reg=λ} (0 for none)
 */
public record TransformSpec(Kind kind, double target, double initialScale, double regularization) {

    /** The transforms, by their option name. */
    public enum Kind {
        NONE, NORMALIZE, DKS, TAT, SCALE;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static final TransformSpec NONE = new TransformSpec(Kind.NONE, Double.NaN, Double.NaN, 0);
    public static final TransformSpec NORMALIZE = new TransformSpec(Kind.NORMALIZE, Double.NaN, Double.NaN, 0);

    public TransformSpec {
        java.util.Objects.requireNonNull(kind, "kind");
        if (kind == Kind.DKS && !(target > 1)) {
            throw new IllegalArgumentException("--transform dks:ZETA needs ZETA > 1, got " + target);
        }
        if (kind == Kind.TAT && !(target > 0)) throw new IllegalArgumentException("--transform tat τ must be positive, got " + target);
        if (kind == Kind.SCALE && !(Double.isNaN(initialScale) || initialScale > 0)) {
            throw new IllegalArgumentException("--transform scale a0 must be positive, got " + initialScale);
        }
        if (!(regularization >= 0)) throw new IllegalArgumentException("--transform scale reg must be >= 0, got " + regularization);
    }

    /** DKS with network C-map slope ζ ({@value TransformSolver#DEFAULT_ZETA} by default). */
    public static TransformSpec dks(double zeta) {
        return new TransformSpec(Kind.DKS, zeta, Double.NaN, 0);
    }

    /** TAT with network C-map curvature τ ({@value TransformSolver#DEFAULT_TAU} by default). */
    public static TransformSpec tat(double tau) {
        return new TransformSpec(Kind.TAT, tau, Double.NaN, 0);
    }

    /** A learnable {@code a·φ} per layer starting at a0 (NaN: the value that makes χ1 = 1), penalty λ. */
    public static TransformSpec scale(double initialScale, double regularization) {
        return new TransformSpec(Kind.SCALE, Double.NaN, initialScale, regularization);
    }

    /** Whether the network's activation is the user's φ itself ({@code none}, {@code scale}). */
    public boolean keepsActivation() {
        return kind == Kind.NONE || kind == Kind.SCALE;
    }

    /** The option value: {@code none}, {@code normalize}, {@code dks:1.5}, {@code tat:0.3}, {@code scale:1.5,reg=0.01}. */
    public String id() {
        return switch (kind) {
            case NONE, NORMALIZE -> kind.id();
            case DKS, TAT -> kind.id() + ":" + target;
            case SCALE -> {
                String a0 = Double.isNaN(initialScale) ? "" : Double.toString(initialScale);
                String reg = regularization > 0 ? "reg=" + regularization : "";
                String args = a0.isEmpty() || reg.isEmpty() ? a0 + reg : a0 + "," + reg;
                yield args.isEmpty() ? "scale" : "scale:" + args;
            }
        };
    }

    @Override
    public String toString() {
        return id();
    }
}
