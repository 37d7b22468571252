package saturn.theory.expr;

/** One lexical token of a formula, with its 1-based column. */
record Token(Kind kind, String text, int column, double value) {

    enum Kind { NUMBER, NAME, SYMBOL, END }

    boolean is(String symbol) {
        return kind == Kind.SYMBOL && text.equals(symbol);
    }
}
