package saturn.cli.options;

/** Bad input from the user: reported as one line on stderr with exit code 2. */
public final class BadInputException extends RuntimeException {

    public BadInputException(String message) {
        super(message, null, false, false);
    }
}
