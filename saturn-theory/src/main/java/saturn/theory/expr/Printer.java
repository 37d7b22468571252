package saturn.theory.expr;

/**
 * Prints an expression with the fewest parentheses the grammar of {@link Parser} needs, so
 * that {@code Parser.parse(Printer.print(e))} has the same structure as {@code e} (up to a
 * negative constant reading back as the negation of a positive one, which
 * {@link Simplifier} folds back). Numbers use the shortest decimal that reads back as the
 * same double; integers print without ".0"; {@code Math.PI} and {@code Math.E} print as
 * {@code pi} and {@code e}. {@code +} and {@code -} are spaced, {@code * / ^} are not:
 * {@code 1 - tanh(x)^2}, {@code exp(-x^2/2)}.
 *
 * <p>For readability a negation on the right of a binary operator is parenthesized
 * ({@code a*(-b)}, {@code x^(-2)}) though the parser would accept it bare.
 */
public final class Printer {

    private static final int SUM = 1;
    private static final int PRODUCT = 2;
    private static final int SIGNED = 3;
    private static final int POWER = 4;
    private static final int ATOM = 5;

    private Printer() {
    }

    public static String print(Expr e) {
        StringBuilder out = new StringBuilder();
        write(e, out);
        return out.toString();
    }

    /** The shortest text that parses back to exactly {@code v}. */
    public static String number(double v) {
        if (Double.isNaN(v)) {
            return "(0/0)";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "1e999" : "-1e999";
        }
        if (v == Math.PI) {
            return "pi";
        }
        if (v == Math.E) {
            return "e";
        }
        if (v == -Math.PI) {
            return "-pi";
        }
        if (v == -Math.E) {
            return "-e";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            String s = Long.toString((long) v);
            return (v == 0 && 1 / v < 0) ? "-0" : s;
        }
        String s = Double.toString(v);
        int exp = s.indexOf('E');
        if (exp < 0) {
            return s;
        }
        String mantissa = s.substring(0, exp);
        if (mantissa.endsWith(".0")) {
            mantissa = mantissa.substring(0, mantissa.length() - 2);
        }
        return mantissa + "e" + s.substring(exp + 1);
    }

    private static int precedence(Expr e) {
        return switch (e) {
            case Const c -> isNegative(c) ? SIGNED : ATOM;
            case Var v -> ATOM;
            case Unary u -> u.fn() == Fn.NEG ? SIGNED : ATOM;
            case Binary b -> switch (b.op()) {
                case ADD, SUB -> SUM;
                case MUL, DIV -> PRODUCT;
                case POW -> POWER;
                case MAX, MIN -> ATOM;
            };
        };
    }

    private static boolean isNegative(Const c) {
        double v = c.value();
        return v < 0 || (v == 0 && 1 / v < 0);
    }

    private static boolean isNegation(Expr e) {
        return precedence(e) == SIGNED;
    }

    private static void write(Expr e, StringBuilder out) {
        switch (e) {
            case Const c -> out.append(number(c.value()));
            case Var v -> out.append('x');
            case Unary u -> {
                if (u.fn() == Fn.NEG) {
                    out.append('-');
                    operand(u.arg(), precedence(u.arg()) < POWER, out);
                } else {
                    out.append(u.fn().symbol()).append('(');
                    write(u.arg(), out);
                    out.append(')');
                }
            }
            case Binary b -> {
                if (b.op().isCall()) {
                    out.append(b.op().symbol()).append('(');
                    write(b.left(), out);
                    out.append(", ");
                    write(b.right(), out);
                    out.append(')');
                    return;
                }
                int p = precedence(b);
                int l = precedence(b.left());
                int r = precedence(b.right());
                boolean leftParens = b.op() == Op.POW ? l <= POWER : l < p;
                boolean rightParens = b.op() == Op.POW ? r < POWER : r <= p || isNegation(b.right());
                operand(b.left(), leftParens, out);
                out.append(switch (b.op()) {
                    case ADD -> " + ";
                    case SUB -> " - ";
                    default -> b.op().symbol();
                });
                operand(b.right(), rightParens, out);
            }
        }
    }

    private static void operand(Expr e, boolean parens, StringBuilder out) {
        if (parens) {
            out.append('(');
        }
        write(e, out);
        if (parens) {
            out.append(')');
        }
    }
}
