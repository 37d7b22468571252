package saturn.engine.remedy;

import java.util.Locale;

import saturn.engine.init.InitScheme;
import saturn.engine.model.LayerKind;
import saturn.theory.Activation;
import saturn.theory.meanfield.NoCriticalPointException;
import saturn.theory.recurrent.ElmanMeanField;
import saturn.theory.recurrent.GateInit;
import saturn.theory.recurrent.GatedCritical;
import saturn.theory.recurrent.GatedMeanField;
import saturn.theory.recurrent.GruInit;
import saturn.theory.recurrent.GruMeanField;
import saturn.theory.recurrent.HorizonTransform;
import saturn.theory.recurrent.LstmInit;
import saturn.theory.recurrent.LstmMeanField;
import saturn.theory.recurrent.MemoryBias;
import saturn.theory.recurrent.Recurrence;

/**
 * Remedies for recurrent layers, solved for the horizon T (the number of time steps) once the
 * data says what it is. Inputs are taken as standardized (variance 1 per feature).
 *
 * <ul>
 *   <li>Vanilla recurrence ({@code --layer rnn}), {@code --remedy auto}: a transform of φ solved
 *       over the horizon with input injection ({@link HorizonTransform}): TAT for a smooth φ
 *       (T-step C-map curvature τ = 0.3), DKS for a kinked one (T-step slope ζ = 1.5), with the
 *       inputs' share of each step's variance {@code v = τ/(4T)} (TAT needs {@code v < τ/(2T)}:
 *       a step slope of 1 forces a T-step curvature of at least 2Tv); recurrent weights
 *       orthogonal with gain {@code √(1 − v)}, input weights {@code N(0, v/in)}, biases 0. The
 *       recurrence of φ̂ then keeps the state variance at 1 and each step's Jacobian close to an
 *       isometry, so the gradient neither vanishes nor explodes over the T steps.</li>
 *   <li>{@code --init critical} on a vanilla recurrence: the edge of chaos with input injection,
 *       σ_w² such that χ = σ_w² E[φ'(√q* z)²] = 1 at the fixed point q* (inputs σ_u² = 1, σ_b² as
 *       given or 0), orthogonal recurrent weights at gain √σ_w².</li>
 *   <li>Gated cells ({@code gru}, {@code lstm}), {@code --remedy auto} or {@code --init
 *       critical}: PyTorch's weights with the memory gate's bias (the LSTM's forget gate, the
 *       GRU's update gate) where the cell's mean-field backward gain is χ = 1, or failing that
 *       the smallest bias whose gradient timescale reaches T ({@link GatedCritical#memoryBias}).</li>
 * </ul>
 * Learning rate for the horizon: Adam's 1e-3 times {@code min(1, 30/T)}. A step moves every
 * recurrent weight by about lr, and the change of a T-step product of Jacobians grows like T
 * times the change of one, so the stable step falls as 1/T; 28 steps train at 1e-3.
 */
public final class RecurrentRemedy {

    public static final double TAU = 0.3;
    public static final double ZETA = 1.5;
    /** The horizon up to which the optimizer's default step is kept. */
    public static final double LR_HORIZON = 30;

    /**
     * A recurrent network's start, solved.
     *
     * @param transform    the transform of the cell's φ (none: the user's φ)
     * @param recurrent    the recurrent weights' initializer with its σ_w²
     * @param torch        whether the weights are PyTorch's default (then {@code recurrent} is not used)
     * @param identity     whether the recurrent weights are a scaled identity
     * @param sigmaU2      input weights {@code N(0, σ_u²/in)}
     * @param gateBias     added to the memory gate's bias
     * @param prescription what {@code --remedy auto} chose and why (null without it)
     * @param steps        the horizon T it was solved for
     */
    public record Setup(int steps, SolvedTransform transform, WeightInit recurrent, boolean torch, boolean identity, double sigmaU2,
                        double gateBias, Prescription prescription) {
    }

    private RecurrentRemedy() {
    }

    /** The step for a horizon of T steps: the default times {@code min(1, 30/T)}. */
    public static double learningRate(double defaultLearningRate, int steps) {
        return defaultLearningRate * Math.min(1, LR_HORIZON / steps);
    }

    /** The inputs' share of each step's variance for a transform over T steps: {@code τ/(4T)}. */
    public static double inputShare(int steps) {
        return HorizonTransform.maxTatInputShare(steps, TAU) / 2;
    }

    /**
     * What {@code --remedy auto} prescribes for {@code kind} cells of φ (gates σ) over T steps
     * with {@code hidden} units and {@code in} inputs a step.
     */
    public static Prescription prescribe(LayerKind kind, Activation phi, Activation gate, int steps, int hidden, int in,
                                         double defaultLearningRate) {
        double lr = learningRate(defaultLearningRate, steps);
        String lrRule = String.format(Locale.ROOT, "without --lr: %s * min(1, %d/T) with T = %d steps = %s",
                defaultLearningRate, (int) LR_HORIZON, steps, lr);
        if (kind != LayerKind.RNN) {
            MemoryBias b = memoryBias(kind, phi, gate, steps, hidden, in);
            return new Prescription(InitSpec.of(InitSpec.Kind.CRITICAL), TransformSpec.NONE, lr, String.format(Locale.ROOT,
                    "%s: PyTorch's weights with the %s gate's bias %.3g, %s (mean field of gated cells, Chen, Pennington "
                            + "& Schoenholz 2018; Gilboa et al. 2019)", kind, b.gate(), b.recommended(),
                    Double.isNaN(b.critical()) ? "the smallest giving a gradient timescale of " + steps + " steps"
                            : "where the backward gain per step is chi = 1"), lrRule);
        }
        double v = inputShare(steps);
        Recurrence arch = new Recurrence(steps, v);
        if (Transforms.attempt(AutoRemedy.TAT, phi, arch).ok()) {
            return new Prescription(InitSpec.of(InitSpec.Kind.ORTHOGONAL), AutoRemedy.TAT, lr, String.format(Locale.ROOT,
                    "smooth activation: TAT over the horizon of %d steps (T-step C-map curvature %.1f, inputs %.3g of each "
                            + "step's variance); orthogonal recurrent weights at gain sqrt(1 - %.3g), zero biases",
                    steps, TAU, v, v), lrRule);
        }
        if (Transforms.attempt(AutoRemedy.DKS, phi, arch).ok()) {
            return new Prescription(InitSpec.of(InitSpec.Kind.ORTHOGONAL), AutoRemedy.DKS, lr, String.format(Locale.ROOT,
                    "kinked activation (no TAT): DKS over the horizon of %d steps (T-step slope %.1f, inputs %.3g of each "
                            + "step's variance); orthogonal recurrent weights, zero biases", steps, ZETA, v), lrRule);
        }
        return new Prescription(InitSpec.of(InitSpec.Kind.CRITICAL), TransformSpec.NONE, lr,
                "no horizon transform for this activation: edge of chaos with input injection (chi = 1), orthogonal "
                        + "recurrent weights", lrRule);
    }

    /**
     * The start of {@code kind} cells for an init and transform (resolved, e.g. by
     * {@link #prescribe}), over T steps.
     *
     * @throws IllegalArgumentException with one line when the theory has no solution
     */
    public static Setup setup(LayerKind kind, Activation phi, Activation gate, InitSpec init, TransformSpec transform,
                              int steps, int hidden, int in, double gateBias, Prescription prescription) {
        boolean horizon = transform.kind() == TransformSpec.Kind.TAT || transform.kind() == TransformSpec.Kind.DKS;
        if (horizon && kind != LayerKind.RNN) {
            throw new IllegalArgumentException("--transform " + transform.id() + " is solved for vanilla recurrences; "
                    + kind.name().toLowerCase(Locale.ROOT) + " cells take --transform none");
        }
        double v = horizon ? inputShare(steps) : Double.NaN;
        SolvedTransform t = horizon ? Transforms.attempt(transform, phi, new Recurrence(steps, v)).orElseThrow()
                : Transforms.attempt(transform, phi, 1, Residual.NONE).orElseThrow();
        Activation network = t.network();
        if (init.kind() == InitSpec.Kind.TORCH) {
            return new Setup(steps, t, Inits.resolve(init, network, 1), true, false, 1.0, gateBias, prescription);
        }
        if (init.kind() == InitSpec.Kind.CRITICAL) {
            if (kind != LayerKind.RNN) {
                double b = gateBias != 0 ? gateBias : memoryBias(kind, phi, gate, steps, hidden, in).recommended();
                return new Setup(steps, t, Inits.resolve(InitSpec.of(InitSpec.Kind.TORCH), network, 1), true, false, 1.0, b,
                        prescription);
            }
            double sb2 = Double.isNaN(init.first()) ? 0 : init.first();
            double sw2;
            try {
                sw2 = ElmanMeanField.critical(network, 1.0, sb2, 1.0).sigmaW2();
            } catch (NoCriticalPointException e) {
                throw new IllegalArgumentException("--init critical: " + e.getMessage());
            }
            return new Setup(steps, t, new WeightInit(InitScheme.ORTHOGONAL, sw2, sb2, String.format(Locale.ROOT,
                    "edge of chaos with input injection: recurrent weights orthogonal at gain sqrt(%.6g) (chi = 1 at q*), "
                            + "inputs N(0, 1/in), biases N(0, %s)", sw2, sb2)), false, false, 1.0, gateBias, prescription);
        }
        if (horizon) {
            // the recurrent weights carry 1 − v of each step's variance, the inputs v
            WeightInit w = new WeightInit(init.kind() == InitSpec.Kind.IDENTITY ? InitScheme.ORTHOGONAL : InitScheme.ORTHOGONAL,
                    1 - v, 0.0, String.format(Locale.ROOT, "recurrent weights %s at gain sqrt(1 - v), inputs N(0, v/in), "
                            + "v = tau/(4T) = %.4g", init.kind() == InitSpec.Kind.IDENTITY ? "the identity" : "orthogonal", v));
            return new Setup(steps, t, w, false, init.kind() == InitSpec.Kind.IDENTITY, v, gateBias, prescription);
        }
        WeightInit w = Inits.resolve(init, network, 1);
        return new Setup(steps, t, w, false, init.kind() == InitSpec.Kind.IDENTITY, 1.0, gateBias, prescription);
    }

    /** The memory gate's bias for a horizon, from the cell's mean field at PyTorch's weights. */
    static MemoryBias memoryBias(LayerKind kind, Activation phi, Activation gate, int steps, int hidden, int in) {
        GateInit d = GateInit.pytorchDefault(hidden, in);
        GatedMeanField cell = kind == LayerKind.LSTM ? LstmMeanField.of(gate, phi, LstmInit.uniform(d), 1.0)
                : GruMeanField.of(gate, phi, GruInit.uniform(d), 1.0);
        try {
            return GatedCritical.memoryBias(cell, steps);
        } catch (NoCriticalPointException e) {
            throw new IllegalArgumentException("--init critical: " + e.getMessage());
        }
    }
}
