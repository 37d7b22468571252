package saturn.theory.gauss;

/**
 * A Gaussian expectation that does not exist (the integrand grows faster than the
 * Gaussian density decays, or is not finite), or that cannot be computed to the
 * requested accuracy (a singularity on the real line).
 *
 * <p>It is an {@link IllegalArgumentException}: the activation the user gave cannot be
 * analysed, which is bad input, not a bug. The message is one line, e.g.
 * {@code E[phi(z)^2] diverges for exp(x^2): the activation grows faster than the Gaussian decays}.
 */
public final class DivergentExpectationException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String expectation;
    private final String activation;
    private final String why;

    public DivergentExpectationException(String expectation, String activation, String why) {
        super(message(expectation, activation, why));
        this.expectation = expectation;
        this.activation = activation;
        this.why = why;
    }

    /** The expectation that failed, e.g. {@code E[phi(z)^2]}. */
    public String expectation() {
        return expectation;
    }

    /** The activation's formula, or {@code null} when not known at the point of failure. */
    public String activation() {
        return activation;
    }

    /** The same failure, attributed to an activation. */
    public DivergentExpectationException forActivation(String formula) {
        return new DivergentExpectationException(expectation, formula, why);
    }

    /** The same failure, attributed to another expectation label (keeps the activation). */
    public DivergentExpectationException forExpectation(String label) {
        return new DivergentExpectationException(label, activation, why);
    }

    static String growth() {
        return "the activation grows faster than the Gaussian decays";
    }

    private static String message(String expectation, String activation, String why) {
        return expectation + " diverges" + (activation == null ? "" : " for " + activation) + ": " + why;
    }
}
