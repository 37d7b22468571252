package saturn.engine.run;

import java.util.Locale;
import java.util.Objects;

import saturn.theory.Activation;

/**
 * How a run with recurrent layers ({@code --layer rnn|gru|lstm}) reads its inputs as
 * sequences, and its gates.
 *
 * @param sequence  how each input row becomes a sequence
 * @param permuted  the features in one fixed random order (from the run's seed) first, as in
 *                  permuted sequential MNIST
 * @param gate      σ of the GRU's and LSTM's gates
 * @param gateBias  added to the LSTM's forget / the GRU's update gate bias (0: none)
 */
public record RecurrentSpec(Sequence sequence, boolean permuted, Activation gate, double gateBias) {

    /** The sigmoid, the gates' default. */
    public static final Activation SIGMOID = Activation.parse("sigmoid");

    /** How a row of features becomes a sequence. */
    public enum Sequence {
        /** The data's own time steps when its rows are sequences (the long-memory tasks), else {@link #ROWS}. */
        AUTO,
        /** A square image row by row: T = √features steps of √features inputs (28 × 28 for Fashion-MNIST). */
        ROWS,
        /** One feature a step: T = features (784 for Fashion-MNIST). */
        PIXELS;

        /**
         * Steps for a row of {@code features}, of which {@code stepFeatures} make one step when the
         * data says so (0 otherwise); IllegalArgumentException when they do not split so.
         */
        public int steps(int features, int stepFeatures) {
            if (this == PIXELS) return features;
            if (this == AUTO && stepFeatures > 0) return features / stepFeatures;
            int side = (int) Math.round(Math.sqrt(features));
            if (side * side != features) {
                throw new IllegalArgumentException("--sequence rows reads square images row by row; " + features
                        + " features are not a square (use --sequence pixels)");
            }
            return side;
        }
    }

    public RecurrentSpec {
        Objects.requireNonNull(sequence, "sequence");
        Objects.requireNonNull(gate, "gate");
        if (!Double.isFinite(gateBias)) throw new IllegalArgumentException("--gate-bias must be finite");
    }

    /** The data's own steps (or rows), not permuted, sigmoid gates, no gate bias. */
    public static final RecurrentSpec DEFAULT = new RecurrentSpec(Sequence.AUTO, false, SIGMOID, 0);

    public RecurrentSpec withSequence(Sequence s, boolean p) {
        return new RecurrentSpec(s, p, gate, gateBias);
    }

    public RecurrentSpec withGate(Activation g) {
        return new RecurrentSpec(sequence, permuted, g, gateBias);
    }

    public RecurrentSpec withGateBias(double b) {
        return new RecurrentSpec(sequence, permuted, gate, b);
    }

    /** The {@code --sequence} value: {@code auto}, {@code rows}, {@code pixels}, {@code pixels:permuted}. */
    public String sequenceId() {
        return sequence.name().toLowerCase(Locale.ROOT) + (permuted ? ":permuted" : "");
    }
}
