package saturn.cli.analyze;

import java.util.Locale;
import picocli.CommandLine.Option;
import saturn.cli.options.BadInputException;

/**
 * The options of {@code saturn analyze --layer rbf}, mixed into {@link AnalyzeCommand}; the input
 * variance ({@code --input-variance}) and {@code --json} are shared with the command's other modes.
 */
public final class RbfOptions {

    /** Where the centres are drawn, as a variance {@code v_c} of {@code c ~ N(0, v_c I)}. */
    public enum Centres {
        /** {@code N(0, 1)}, what {@code --init rbf-random} draws. */
        NORMAL,
        /** Drawn from the inputs: {@code v_c = v}. */
        DATA,
        /** At the inputs' mean: {@code v_c = 0}. */
        MEAN;

        double variance(double inputVariance) {
            return switch (this) {
                case NORMAL -> 1;
                case DATA -> inputVariance;
                case MEAN -> 0;
            };
        }

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Inputs × features a simulation may hold. */
    static final long MAX_SIMULATED_VALUES = 50_000_000L;

    @Option(names = "--layer", paramLabel = "dense|rbf", description = "rbf: analyze one layer of Gaussian RBF units "
            + "y_j = exp(-|x - c_j|^2/(2 s^2)) on inputs x ~ N(0, v I) instead of an activation (no ACTIVATION). Default dense.")
    String layer = "dense";

    @Option(names = "--input-dim", paramLabel = "D", description = "With --layer rbf: input dimension N. Default 784.")
    int inputDim = 784;

    @Option(names = "--width", paramLabel = "W", description = "With --layer rbf: units W. Default 256.")
    int width = 256;

    @Option(names = "--centres", paramLabel = "normal|data|mean", description = "With --layer rbf: centres N(0, 1) (as "
            + "--init rbf-random), drawn from the inputs (v_c = v), or at their mean (v_c = 0). Default data.")
    Centres centres = Centres.DATA;

    @Option(names = "--rbf-width", paramLabel = "S", description = "With --layer rbf: the width s. Default the s that "
            + "maximizes the output variance across inputs.")
    Double rbfWidth;

    @Option(names = "--samples", paramLabel = "M", description = "With --layer rbf: inputs of the simulation. Default 2048.")
    int samples = 2048;

    @Option(names = "--seed", paramLabel = "K", description = "With --layer rbf: seed of the simulated layer and inputs. Default 1.")
    long seed = 1;

    /** Whether {@code --layer rbf} was given; one line when the value is neither dense nor rbf. */
    boolean enabled() {
        return switch (layer.strip().toLowerCase(Locale.ROOT)) {
            case "rbf" -> true;
            case "dense" -> false;
            default -> throw new BadInputException("unknown value '" + layer.strip() + "' for --layer; choose one of dense, rbf");
        };
    }

    /** Checks every value; one line naming the option when one is out of range. */
    void validate(double inputVariance) {
        if (inputDim < 1 || inputDim > 1_000_000) throw new BadInputException("--input-dim must be an integer in [1, 1000000], got " + inputDim);
        if (width < 1 || width > 1_000_000) throw new BadInputException("--width must be an integer in [1, 1000000], got " + width);
        if (samples < 2) throw new BadInputException("--samples must be an integer >= 2, got " + samples);
        if ((long) samples * Math.max(inputDim, width) > MAX_SIMULATED_VALUES) {
            throw new BadInputException("--samples x max(--input-dim, --width) must stay under " + MAX_SIMULATED_VALUES
                    + " values, got " + (long) samples * Math.max(inputDim, width));
        }
        if (rbfWidth != null && (!(rbfWidth > 0) || Double.isInfinite(rbfWidth))) {
            throw new BadInputException("--rbf-width must be a finite number > 0, got " + rbfWidth);
        }
        if (!(inputVariance > 0) || Double.isInfinite(inputVariance)) {
            throw new BadInputException("--input-variance must be a finite number > 0 for --layer rbf, got " + inputVariance);
        }
    }
}
