package saturn.engine.remedy;

import saturn.engine.model.Shortcut;

/**
 * The shortcut around each hidden layer and its skip weight (only {@code normalized:W} has one;
 * the others carry 0.5, which the model ignores).
 */
public record Residual(Shortcut shortcut, double skipWeight) {

    public static final Residual NONE = new Residual(Shortcut.NONE, 0.5);
    public static final Residual REZERO = new Residual(Shortcut.REZERO, 0.5);
    public static final Residual HIGHWAY = new Residual(Shortcut.HIGHWAY, 0.5);

    public Residual {
        java.util.Objects.requireNonNull(shortcut, "shortcut");
        if (shortcut == Shortcut.NORMALIZED && !(skipWeight > 0 && skipWeight < 1)) {
            throw new IllegalArgumentException("--residual normalized:W needs 0 < W < 1, got " + skipWeight);
        }
    }

    /** {@code sqrt(1 - w) x + sqrt(w) f(x)}. */
    public static Residual normalized(double skipWeight) {
        return new Residual(Shortcut.NORMALIZED, skipWeight);
    }

    /** The option value: {@code none}, {@code normalized:0.5}, {@code rezero}, {@code highway}. */
    public String id() {
        String name = shortcut.name().toLowerCase(java.util.Locale.ROOT);
        return shortcut == Shortcut.NORMALIZED ? name + ":" + skipWeight : name;
    }

    @Override
    public String toString() {
        return id();
    }
}
