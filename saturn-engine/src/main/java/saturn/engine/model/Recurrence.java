package saturn.engine.model;

import saturn.theory.Activation;

/**
 * How the recurrent layers of a spec run and start (for {@link LayerKind#recurrent()} kinds).
 * The spec's {@code width} is the state size, {@code depth} the number of stacked layers, its
 * activation the cell's φ, and its init scheme with {@code σ_w²} (and {@code σ_b²}) the
 * recurrent weights' unless {@code init} says otherwise.
 *
 * @param steps       time steps per input row: the row is {@code steps} blocks of
 *                    {@code inputSize / steps} features
 * @param permutation a fixed order of the input features applied before the recurrence
 *                    (permuted sequential tasks), or null
 * @param gate        σ of the gates (GRU, LSTM)
 * @param init        how the recurrent weights start
 * @param sigmaU2     input weights {@code N(0, σ_u²/in)} (not for {@link RecurrentInit#TORCH})
 * @param gateBias    added to the LSTM forget gate's / the GRU update gate's input bias
 *                    (positive: remember longer); 0 for none
 * @param everyStep   the read-out predicts at every step ({@code [batch, steps·classes]}) rather
 *                    than from the last state only
 */
public record Recurrence(int steps, int[] permutation, Activation gate, RecurrentInit init, double sigmaU2,
                         double gateBias, boolean everyStep) {

    /** The recurrent weights' initializers. */
    public enum RecurrentInit {
        /** PyTorch's default: every weight and bias {@code U(−1/√H, 1/√H)}. */
        TORCH,
        /** {@code W_hh} from the spec's init scheme with its σ_w² (per gate block), biases {@code N(0, σ_b²)}. */
        SCHEME,
        /** {@code W_hh = √σ_w² · I} per gate block (IRNN-style scaled identity), biases {@code N(0, σ_b²)}. */
        IDENTITY
    }

    public Recurrence {
        if (steps <= 0) throw new IllegalArgumentException("steps must be positive: " + steps);
        if (gate == null || init == null) throw new IllegalArgumentException("gate and init are required");
        if (!(sigmaU2 >= 0) || !Double.isFinite(gateBias)) throw new IllegalArgumentException("bad sigma_u2 or gate bias");
    }
}
