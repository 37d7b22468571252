package saturn.engine.data;

/**
 * Bad or missing input data. The message is one line a user can act on (it names the
 * file, line or dataset); the CLI prints it as is and exits with code 2.
 */
public class DataException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
