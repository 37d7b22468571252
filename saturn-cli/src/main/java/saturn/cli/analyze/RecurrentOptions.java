package saturn.cli.analyze;

import java.util.Locale;
import picocli.CommandLine.Option;
import saturn.cli.options.BadInputException;
import saturn.theory.recurrent.HorizonTransform;

/**
 * The options of {@code saturn analyze --recurrent}, mixed into {@link AnalyzeCommand}; the
 * weight and bias variances, ζ, τ and {@code --json} are the command's own.
 */
public final class RecurrentOptions {

    /** The recurrent cell analyzed. */
    public enum Cell {
        RNN, GRU, LSTM;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    @Option(names = "--recurrent", description = "Analyze a recurrent layer over --horizon steps instead of a deep stack "
            + "(the ACTIVATION is the RNN's φ, or the GRU's/LSTM's cell non-linearity).")
    boolean enabled;

    @Option(names = "--cell", paramLabel = "rnn|gru|lstm", description = "With --recurrent: the cell. Default rnn.")
    Cell cell = Cell.RNN;

    @Option(names = "--horizon", paramLabel = "T", description = "With --recurrent: sequence length T. Default 100.")
    int horizon = 100;

    @Option(names = "--sigma-u2", paramLabel = "U",
            description = "With --recurrent: input weight variance σu² (weights N(0, σu²/d)). Default 1.")
    double sigmaU2 = 1;

    @Option(names = "--input-variance", paramLabel = "QX",
            description = "With --recurrent: second moment of each input coordinate; with --layer rbf: "
                    + "the variance v of each input coordinate. Default 1.")
    double inputVariance = 1;

    @Option(names = "--input-correlation", paramLabel = "RHO",
            description = "With --recurrent: correlation of two input sequences, for the correlation fixed point. Default 0.")
    double inputCorrelation = 0;

    @Option(names = "--input-share", paramLabel = "V",
            description = "With --recurrent: share of each step's variance from the input, for the horizon transforms. "
                    + "Default τ/(4T), half of what TAT can carry.")
    Double inputShare;

    @Option(names = "--gate", paramLabel = "ACTIVATION",
            description = "With --recurrent --cell gru|lstm: the gate non-linearity. Default sigmoid.")
    String gate = "sigmoid";

    public boolean enabled() {
        return enabled;
    }

    /** Checks every value; one line naming the option when one is out of range. */
    void validate() {
        if (horizon < 1) throw new BadInputException("--horizon must be an integer >= 1, got " + horizon);
        nonNegative("--sigma-u2", sigmaU2);
        nonNegative("--input-variance", inputVariance);
        if (!(inputCorrelation >= -1 && inputCorrelation <= 1)) {
            throw new BadInputException("--input-correlation must be in [-1, 1], got " + inputCorrelation);
        }
        if (inputShare != null && !(inputShare >= 0 && inputShare < 1)) {
            throw new BadInputException("--input-share must be in [0, 1), got " + inputShare);
        }
    }

    /** The input share for the horizon transforms: given, or τ/(4T). */
    double inputShare(double tau) {
        return inputShare != null ? inputShare : HorizonTransform.maxTatInputShare(horizon, tau) / 2;
    }

    private static void nonNegative(String flag, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) throw new BadInputException(flag + " must be a finite number >= 0, got " + v);
    }
}
