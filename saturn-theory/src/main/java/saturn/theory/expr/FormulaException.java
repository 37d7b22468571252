package saturn.theory.expr;

/**
 * A formula that cannot be parsed. The message names the problem and its 1-based column,
 * e.g. {@code unknown function 'tahn' at column 1 (did you mean 'tanh'?)}.
 */
public final class FormulaException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final int column;

    public FormulaException(String message, int column) {
        super(message);
        this.column = column;
    }

    /** The 1-based column where the problem was found. */
    public int column() {
        return column;
    }
}
