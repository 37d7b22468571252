package saturn.theory.meanfield;

/**
 * The critical line has no point with the requested σ_b² or q* for this activation
 * (e.g. a q* that would need σ_b² &lt; 0). The message is one line, for users.
 */
public final class NoCriticalPointException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public NoCriticalPointException(String message) {
        super(message);
    }
}
