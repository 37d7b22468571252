package saturn.theory.expr;

/**
 * The two-argument primitives. {@code max}/{@code min} propagate NaN (as {@link Math#max}).
 */
public enum Op {
    ADD("+"),
    SUB("-"),
    MUL("*"),
    DIV("/"),
    POW("^"),
    MAX("max"),
    MIN("min");

    private final String symbol;

    Op(String symbol) {
        this.symbol = symbol;
    }

    /** The infix symbol ({@code "+"}) or the function name ({@code "max"}). */
    public String symbol() {
        return symbol;
    }

    /** True for {@code max} and {@code min}, written as function calls. */
    public boolean isCall() {
        return this == MAX || this == MIN;
    }

    public double apply(double a, double b) {
        return switch (this) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case POW -> Math.pow(a, b);
            case MAX -> Math.max(a, b);
            case MIN -> Math.min(a, b);
        };
    }
}
