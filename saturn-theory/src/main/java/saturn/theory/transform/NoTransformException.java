package saturn.theory.transform;

/**
 * No transform of the requested kind exists for this activation (e.g. DKS of a linear
 * φ, TAT-smooth of a kinked one). The message is one line, for users.
 */
public final class NoTransformException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public NoTransformException(String message) {
        super(message);
    }
}
