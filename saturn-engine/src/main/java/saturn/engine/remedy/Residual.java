package saturn.engine.remedy;

import saturn.engine.model.Shortcut;

/**
 * The shortcut around each hidden layer and its skip weight (only {@code normalized:W} has one;
 * the others carry 0.5, which the model ignores). {@code normalized} without W
 * ({@link #NORMALIZED_FOR_DEPTH}, skip weight NaN) takes W for the depth ({@link #resolve}).
 */
public record Residual(Shortcut shortcut, double skipWeight) {

    public static final Residual NONE = new Residual(Shortcut.NONE, 0.5);
    public static final Residual REZERO = new Residual(Shortcut.REZERO, 0.5);
    public static final Residual HIGHWAY = new Residual(Shortcut.HIGHWAY, 0.5);

    /** {@code normalized} with the skip weight chosen for the depth by {@link #resolve}. */
    public static final Residual NORMALIZED_FOR_DEPTH = new Residual(Shortcut.NORMALIZED, Double.NaN);

    public Residual {
        java.util.Objects.requireNonNull(shortcut, "shortcut");
        if (shortcut == Shortcut.NORMALIZED && !Double.isNaN(skipWeight) && !(skipWeight > 0 && skipWeight < 1)) {
            throw new IllegalArgumentException("--residual normalized:W needs 0 < W < 1, got " + skipWeight);
        }
    }

    /** {@code w·x + √(1−w²)·f(x)}: the skip weight w is the input's share of each block's output. */
    public static Residual normalized(double skipWeight) {
        return new Residual(Shortcut.NORMALIZED, skipWeight);
    }

    /**
     * The skip weight for a network of {@code depth} hidden layers when none was given:
     * {@code w = e^(−1/blocks)} over its {@code depth − 1} blocks (the first layer changes the
     * width and has no shortcut), so that the input's own path keeps {@code w^blocks = 1/e} of
     * its amplitude at the output (0.99 at depth 101, 0.999 at depth 1001): with
     * {@code w^blocks → 0} the blocks compose like a chain, with {@code w^blocks → 1} the
     * network stays close to its input. Any other residual is returned as it is.
     */
    public Residual resolve(int depth) {
        if (shortcut != Shortcut.NORMALIZED || !Double.isNaN(skipWeight)) return this;
        return normalized(Math.exp(-1.0 / Math.max(1, depth - 1)));
    }

    /** The option value: {@code none}, {@code normalized:0.5}, {@code normalized}, {@code rezero}, {@code highway}. */
    public String id() {
        String name = shortcut.name().toLowerCase(java.util.Locale.ROOT);
        return shortcut == Shortcut.NORMALIZED && !Double.isNaN(skipWeight) ? name + ":" + skipWeight : name;
    }

    @Override
    public String toString() {
        return id();
    }
}
