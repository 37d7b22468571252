package saturn.engine.model;

import saturn.engine.init.InitScheme;
import saturn.engine.layer.RbfNorm;
import saturn.theory.Activation;

/**
 * An MLP: {@code depth} hidden layers of {@code width} units, each a weight layer and its
 * activation, then a linear read-out to {@code classes}. Weights {@code N(0, σ_w²/fan_in)}
 * (or another {@link InitScheme}), biases {@code N(0, σ_b²)}; RBF centres {@code N(0, 1)} and
 * widths {@code √fan_in}. Every field is a typed value: the builder parses nothing.
 *
 * @param activation     φ, compiled for the engine's kernels by the builder
 * @param skipWeight     w of the normalized residual sum
 * @param learnableScale the {@code a·φ} re-parametrization, a initialized to {@code initialScale}
 * @param scaleRegularization λ of the penalty {@code (λ/2)(a − initialScale)²} on each scale (0 = none)
 * @param init           the weight initializer, for weight variance {@code sigmaW2}
 * @param dropout        dropout rate after each activation (0 = none)
 * @param recurrence     for recurrent kinds, how the layers run over time; null otherwise
 * @param rbfNorm        how RBF layers normalize their squared distances ({@link RbfNorm#NONE} for other kinds)
 */
public record ModelSpec(
        int inputSize,
        int depth,
        int width,
        Activation activation,
        LayerKind kind,
        Normalization norm,
        Shortcut shortcut,
        double skipWeight,
        boolean bias,
        boolean learnableScale,
        double initialScale,
        double scaleRegularization,
        int classes,
        InitScheme init,
        double sigmaW2,
        double sigmaB2,
        double dropout,
        long seed,
        Recurrence recurrence,
        RbfNorm rbfNorm) {

    public ModelSpec {
        if (inputSize <= 0 || width <= 0 || classes <= 0) throw new IllegalArgumentException("sizes must be positive");
        if (depth < 0) throw new IllegalArgumentException("depth must be >= 0: " + depth);
        if (activation == null) throw new IllegalArgumentException("activation is required");
        if (init == null) throw new IllegalArgumentException("init is required");
        if (rbfNorm == null) throw new IllegalArgumentException("rbfNorm is required");
        if (kind != LayerKind.RBF && rbfNorm != RbfNorm.NONE) throw new IllegalArgumentException("rbfNorm applies to RBF layers only");
        if (kind.recurrent() != (recurrence != null)) {
            throw new IllegalArgumentException(kind + " layers " + (kind.recurrent() ? "need" : "take no") + " a recurrence");
        }
        if (recurrence != null && inputSize % recurrence.steps() != 0) {
            throw new IllegalArgumentException(inputSize + " input features do not split into " + recurrence.steps() + " steps");
        }
    }

    /** A plain dense MLP with Gaussian init {@code σ_w² = 1}, {@code σ_b² = 0}, biases on. */
    public static ModelSpec mlp(int inputSize, int depth, int width, Activation activation, int classes) {
        return new ModelSpec(inputSize, depth, width, activation, LayerKind.DENSE, Normalization.NONE,
                Shortcut.NONE, 0.5, true, false, 1.0, 0.0, classes, InitScheme.GAUSSIAN, 1.0, 0.0, 0.0, 0L, null, RbfNorm.NONE);
    }

    public ModelSpec withKind(LayerKind k) {
        return new ModelSpec(inputSize, depth, width, activation, k, norm, shortcut, skipWeight, bias,
                learnableScale, initialScale, scaleRegularization, classes, init, sigmaW2, sigmaB2, dropout, seed, recurrence, rbfNorm);
    }

    public ModelSpec withNorm(Normalization n) {
        return new ModelSpec(inputSize, depth, width, activation, kind, n, shortcut, skipWeight, bias,
                learnableScale, initialScale, scaleRegularization, classes, init, sigmaW2, sigmaB2, dropout, seed, recurrence, rbfNorm);
    }

    public ModelSpec withShortcut(Shortcut s, double w) {
        return new ModelSpec(inputSize, depth, width, activation, kind, norm, s, w, bias,
                learnableScale, initialScale, scaleRegularization, classes, init, sigmaW2, sigmaB2, dropout, seed, recurrence, rbfNorm);
    }

    public ModelSpec withBias(boolean b) {
        return new ModelSpec(inputSize, depth, width, activation, kind, norm, shortcut, skipWeight, b,
                learnableScale, initialScale, scaleRegularization, classes, init, sigmaW2, sigmaB2, dropout, seed, recurrence, rbfNorm);
    }

    public ModelSpec withLearnableScale(double initial) {
        return new ModelSpec(inputSize, depth, width, activation, kind, norm, shortcut, skipWeight, bias,
                true, initial, scaleRegularization, classes, init, sigmaW2, sigmaB2, dropout, seed, recurrence, rbfNorm);
    }

    /**
     * Adds {@code (λ/2)(a − a0)²} per layer to the objective of the learnable scales: their gradient
     * gets {@code λ(a − a0)}, pulling each a back toward the value that made χ1 = 1 (the logged loss
     * stays the data loss).
     */
    public ModelSpec withScaleRegularization(double lambda) {
        if (!(lambda >= 0)) throw new IllegalArgumentException("scale regularization must be >= 0: " + lambda);
        return new ModelSpec(inputSize, depth, width, activation, kind, norm, shortcut, skipWeight, bias,
                learnableScale, initialScale, lambda, classes, init, sigmaW2, sigmaB2, dropout, seed, recurrence, rbfNorm);
    }

    public ModelSpec withInit(InitScheme scheme, double sw2, double sb2) {
        return new ModelSpec(inputSize, depth, width, activation, kind, norm, shortcut, skipWeight, bias,
                learnableScale, initialScale, scaleRegularization, classes, scheme, sw2, sb2, dropout, seed, recurrence, rbfNorm);
    }

    public ModelSpec withDropout(double rate) {
        return new ModelSpec(inputSize, depth, width, activation, kind, norm, shortcut, skipWeight, bias,
                learnableScale, initialScale, scaleRegularization, classes, init, sigmaW2, sigmaB2, rate, seed, recurrence, rbfNorm);
    }

    public ModelSpec withSeed(long s) {
        return new ModelSpec(inputSize, depth, width, activation, kind, norm, shortcut, skipWeight, bias,
                learnableScale, initialScale, scaleRegularization, classes, init, sigmaW2, sigmaB2, dropout, s, recurrence, rbfNorm);
    }

    /** Recurrent layers of kind {@code k} (RNN, GRU, LSTM) running as {@code r} says. */
    public ModelSpec withRecurrence(LayerKind k, Recurrence r) {
        return new ModelSpec(inputSize, depth, width, activation, k, norm, shortcut, skipWeight, bias,
                learnableScale, initialScale, scaleRegularization, classes, init, sigmaW2, sigmaB2, dropout, seed, r, rbfNorm);
    }

    /** RBF layers whose squared distances are normalized as {@code n} says. */
    public ModelSpec withRbfNorm(RbfNorm n) {
        return new ModelSpec(inputSize, depth, width, activation, kind, norm, shortcut, skipWeight, bias,
                learnableScale, initialScale, scaleRegularization, classes, init, sigmaW2, sigmaB2, dropout, seed, recurrence, n);
    }
}
