package saturn.engine.remedy;

import saturn.engine.model.LayerKind;
import saturn.theory.Activation;

/**
 * {@code --remedy auto}: the initialization and activation transform the theory predicts will
 * train a network of this activation and depth, and a learning rate for that depth. The
 * reasoning, in order:
 * <ol>
 *   <li>RBF layers: {@code rbf-data} (centres and widths from the data; random centres make
 *       every unit constant, see {@code RbfPrescription});</li>
 *   <li>a smooth φ: TAT (network C-map curvature τ = 0.3 for the model's depth and shortcut
 *       architecture) with orthogonal weights and zero biases. TAT's φ̂ keeps q = 1 exactly
 *       (Q(1) = 1, Q'(1) = 1) and makes every layer nearly linear in the way that matters,
 *       C'(1) = 1, so the input-output Jacobian stays near-isometric at any depth; orthogonal
 *       weights remove the width's random-matrix spread on top;</li>
 *   <li>a kinked φ (no TAT), or a normalized residual network (TAT's φ̂ has a mean, C(0) > 0,
 *       which the shortcut adds up block after block: {@code ShortcutMean}): DKS (network slope
 *       ζ = 1.5, C(0) = 0) with orthogonal weights;</li>
 *   <li>neither solvable: the edge-of-chaos initialization ({@code critical}), then LSUV.</li>
 * </ol>
 * Learning rate: the optimizer's default (1e-3 for Adam) times {@code min(1, (depth/2)^−0.9)}, but at
 * least 1/50 of the default.
 * Adam moves every weight by about lr per step whatever its gradient, and in a near-linear deep
 * network those relative changes compound across layers, so the stable step falls with depth.
 * The rule fits measurements on Fashion-MNIST with TAT and Adam (docs/remedies.md): depth 2 trains at
 * 1e-3, depth 20 at 1e-4 (1e-3 loses 4 points), depth 100 best at 3e-5 for five activations (1e-4 loses
 * 2–4 points; an exponent of 0.6 would give 9.6e-5 there), depth 1000 diverges at 1e-4 and trains at
 * 2e-5 to 4e-5 — the stable step stops falling past a few hundred layers, hence the floor.
 */
public final class AutoRemedy {

    public static final TransformSpec TAT = TransformSpec.tat(0.3);
    public static final TransformSpec DKS = TransformSpec.dks(1.5);
    /** The learning rate falls as (depth/2)^−0.9 ... */
    public static final double LR_DEPTH_EXPONENT = 0.9;
    /** ... down to 1/50 of the optimizer's default. */
    public static final double MIN_LR_FACTOR = 0.02;

    private AutoRemedy() {
    }

    /**
     * What the theory prescribes for this network.
     *
     * @param defaultLearningRate the optimizer's default step, which the depth scales down
     */
    public static Prescription prescribe(Activation activation, int depth, LayerKind layer, Residual residual,
                                         double defaultLearningRate) {
        double lr = learningRate(defaultLearningRate, depth);
        String lrRule = "without --lr: " + defaultLearningRate + " * max(0.02, min(1, (depth/2)^-0.9)) = " + lr;
        if (layer == LayerKind.RBF) {
            return new Prescription(InitSpec.of(InitSpec.Kind.RBF_DATA), TransformSpec.NONE, lr,
                    "RBF layers: centres and widths from the data (rbf-data); random centres leave every unit near constant",
                    lrRule);
        }
        InitSpec orthogonal = InitSpec.of(InitSpec.Kind.ORTHOGONAL);
        if (Transforms.attempt(TAT, activation, depth, residual).ok()) {
            return new Prescription(orthogonal, TAT, lr, "smooth activation: TAT (network C-map curvature 0.3 at depth "
                    + depth + ") keeps q = 1 and C'(1) = 1 per layer; orthogonal weights, zero biases", lrRule);
        }
        if (Transforms.attempt(DKS, activation, depth, residual).ok()) {
            String why = residual.shortcut() == saturn.engine.model.Shortcut.NORMALIZED && activationIsSmooth(activation)
                    ? "normalized residual: DKS (network C-map slope 1.5 at depth " + depth + "; its C(0) = 0 leaves "
                            + "the shortcut no mean to add up, which TAT's transform has)"
                    : "kinked activation (no TAT): DKS (network C-map slope 1.5 at depth " + depth + ")";
            return new Prescription(orthogonal, DKS, lr, why + "; orthogonal weights, zero biases", lrRule);
        }
        InitSpec critical = InitSpec.of(InitSpec.Kind.CRITICAL);
        if (Inits.attempt(critical, activation, depth).ok()) {
            return new Prescription(critical, TransformSpec.NONE, lr, "no TAT or DKS transform exists for this activation: "
                    + "edge-of-chaos initialization (chi1 = 1, q* = 1/depth) with orthogonal weights", lrRule);
        }
        return new Prescription(InitSpec.of(InitSpec.Kind.LSUV), TransformSpec.NONE, lr,
                "no transform and no edge of chaos for this activation: "
                        + "LSUV (unit pre-activation variance measured on a batch)", lrRule);
    }

    private static boolean activationIsSmooth(Activation a) {
        return saturn.theory.gauss.Derivatives.of(a).isSmooth();
    }

    /** The step for this depth: the default times {@code max(0.02, min(1, (depth/2)^-0.9))}. */
    public static double learningRate(double defaultLearningRate, int depth) {
        return defaultLearningRate * Math.max(MIN_LR_FACTOR, Math.min(1, Math.pow(depth / 2.0, -LR_DEPTH_EXPONENT)));
    }
}
