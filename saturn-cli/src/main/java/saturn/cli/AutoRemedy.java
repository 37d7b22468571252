package saturn.cli;

import java.util.Locale;
import java.util.Map;

/**
 * {@code --remedy auto}: the initialization and activation transform the theory predicts will
 * train a network of this activation and depth, and, when no {@code --lr} is given, a
 * learning rate for that depth. The reasoning, in order:
 * <ol>
 *   <li>RBF layers: {@code rbf-data} (centres and widths from the data; random centres make
 *       every unit constant, see {@code RbfPrescription});</li>
 *   <li>a smooth φ: TAT (network C-map curvature τ = 0.3 for the model's depth and shortcut
 *       architecture) with orthogonal weights and zero biases. TAT's φ̂ keeps q = 1 exactly
 *       (Q(1) = 1, Q'(1) = 1) and makes every layer nearly linear in the way that matters,
 *       C'(1) = 1, so the input-output Jacobian stays near-isometric at any depth; orthogonal
 *       weights remove the width's random-matrix spread on top;</li>
 *   <li>a kinked φ (no TAT): DKS (network slope ζ = 1.5) with orthogonal weights;</li>
 *   <li>neither solvable: the edge-of-chaos initialization ({@code critical}), then LSUV.</li>
 * </ol>
 * Learning rate: the optimizer's default (1e-3 for Adam) times {@code min(1, (depth/2)^−0.9)}, but at
 * least 1/50 of the default.
 * Adam moves every weight by about lr per step whatever its gradient, and in a near-linear deep
 * network those relative changes compound across layers, so the stable step falls with depth.
 * The rule fits what we measured on Fashion-MNIST with TAT and Adam: depth 2 trains at 1e-3, depth 20
 * at 1e-4 (1e-3 loses 4 points), depth 100 best at 3e-5 for five activations (1e-4 loses 2–4
 * points; the former exponent 0.6 gave 9.6e-5 there), depth 1000 diverges at 1e-4 and trains at
 * 2e-5 to 4e-5 — the stable step stops falling past a few hundred layers, hence the floor.
 */
final class AutoRemedy {

    static final String TAT = "tat:0.3";
    /** The learning rate falls as (depth/2)^−0.9 ... */
    static final double LR_DEPTH_EXPONENT = 0.9;
    /** ... down to 1/50 of the optimizer's default. */
    static final double MIN_LR_FACTOR = 0.02;
    static final String DKS = "dks:1.5";

    /** What auto chose and why. */
    record Choice(String init, String transform, String reason) {
    }

    private AutoRemedy() {
    }

    static Choice choose(String activation, int depth, String layer, String residual) {
        if (layer.equals("rbf")) {
            return new Choice("rbf-data", "none", "RBF layers: centres and widths from the data (rbf-data); "
                    + "random centres leave every unit near constant");
        }
        try {
            TheoryTransforms.resolve(TAT, activation, depth, residual);
            return new Choice("orthogonal", TheoryTransforms.canonical(TAT),
                    "smooth activation: TAT (network C-map curvature 0.3 at depth " + depth
                            + ") keeps q = 1 and C'(1) = 1 per layer; orthogonal weights, zero biases");
        } catch (BadInputException tatFailed) {
            try {
                TheoryTransforms.resolve(DKS, activation, depth, residual);
                return new Choice("orthogonal", TheoryTransforms.canonical(DKS),
                        "kinked activation (no TAT): DKS (network C-map slope 1.5 at depth " + depth
                                + "); orthogonal weights, zero biases");
            } catch (BadInputException dksFailed) {
                try {
                    Choices.init("critical", activation, depth);
                    return new Choice("critical", "none", "no TAT or DKS transform exists for this activation: "
                            + "edge-of-chaos initialization (chi1 = 1, q* = 1/depth) with orthogonal weights");
                } catch (BadInputException noCritical) {
                    return new Choice("lsuv", "none", "no transform and no edge of chaos for this activation: "
                            + "LSUV (unit pre-activation variance measured on a batch)");
                }
            }
        }
    }

    /** The learning rate auto uses when none is given. */
    static double learningRate(String optimizer, int depth) {
        double base = Choices.defaultLr(optimizer);
        return base * Math.max(MIN_LR_FACTOR, Math.min(1, Math.pow(depth / 2.0, -LR_DEPTH_EXPONENT)));
    }

    /**
     * Applies {@code remedy} to the given options, in place: fills in init and transform (and lr
     * when absent). Given values that differ from auto's choice are refused, so that a run's
     * stored options (which record what auto chose) resolve to the same run again.
     */
    static Choice apply(Map<String, String> g, String activation, int depth, String layer, String residual) {
        String remedy = g.getOrDefault("remedy", "none").strip().toLowerCase(Locale.ROOT);
        if (remedy.equals("none")) return null;
        if (!remedy.equals("auto")) throw Choices.unknown(g.get("remedy"), "--remedy", java.util.List.of("none", "auto"));
        Choice c = choose(activation, depth, layer, residual);
        agree(g, "init", c.init());
        agree(g, "transform", c.transform());
        g.put("init", c.init());
        g.put("transform", c.transform());
        return c;
    }

    private static void agree(Map<String, String> g, String key, String chosen) {
        String given = g.get(key);
        if (given == null) return;
        String canonicalGiven = key.equals("transform") ? Choices.transform(given) : given.strip().toLowerCase(Locale.ROOT);
        if (!canonicalGiven.equals(chosen)) {
            throw new BadInputException("--remedy auto chooses --" + key + " " + chosen + " here; leave out --" + key
                    + " " + given.strip() + " (or drop --remedy auto)");
        }
    }
}
