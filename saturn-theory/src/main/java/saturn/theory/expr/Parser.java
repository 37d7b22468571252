package saturn.theory.expr;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Recursive-descent parser for activation formulas.
 *
 * <pre>
 * sum     := product (('+' | '-') product)*
 * product := signed (('*' | '/') signed)*
 * signed  := ('-' | '+') signed | power
 * power   := atom (('^' | '**') signed)?  right-associative; -x^2 = -(x^2), x^-2 allowed; ** is ^
 * atom    := number | 'x' | 'pi' | 'e' | name '(' sum (',' sum)* ')' | '(' sum ')'
 * </pre>
 *
 * Names are case-insensitive. Library names that are not primitives ({@code softsign(u)},
 * {@code gelu(u)}, {@code relu(u)}, … see {@link NamedFunctions}) are expanded in place: the
 * tree holds the library formula with u substituted for x. The tree is otherwise returned
 * as written (no simplification):
 * {@code "-2"} is {@code NEG(2)}. Every failure, for any input string, is a
 * {@link FormulaException} with a 1-based column. Trees deeper than {@link #MAX_DEPTH}
 * are rejected so that recursive consumers cannot overflow the stack, and expansions that
 * would grow beyond {@link #MAX_NODES} nodes (e.g. softsign nested 20 deep, each level
 * doubling the tree) are rejected too.
 */
public final class Parser {

    /** Deepest expression tree accepted. */
    public static final int MAX_DEPTH = 200;

    /** Largest tree (counting shared sub-trees once per use) a library expansion may produce. */
    public static final int MAX_NODES = 20_000;

    private static final List<String> FUNCTIONS = functionNames();

    private final List<Token> tokens;
    private int pos;

    private Parser(List<Token> tokens) {
        this.tokens = tokens;
    }

    public static Expr parse(String formula) throws FormulaException {
        if (formula == null || formula.isBlank()) {
            throw new FormulaException("empty formula", 1);
        }
        Parser p = new Parser(Lexer.tokens(formula));
        Expr e = p.sum(0);
        Token t = p.peek();
        if (t.kind() != Token.Kind.END) {
            throw p.unexpected(t);
        }
        return e;
    }

    private Expr sum(int depth) {
        Expr left = product(depth);
        int chain = depth;
        while (peek().is("+") || peek().is("-")) {
            Token op = next();
            chain = guard(chain + 1, op);
            Expr right = product(chain);
            left = op.is("+") ? Expr.add(left, right) : Expr.sub(left, right);
        }
        return left;
    }

    private Expr product(int depth) {
        Expr left = signed(depth);
        int chain = depth;
        while (peek().is("*") || peek().is("/")) {
            Token op = next();
            chain = guard(chain + 1, op);
            Expr right = signed(chain);
            left = op.is("*") ? Expr.mul(left, right) : Expr.div(left, right);
        }
        return left;
    }

    private Expr signed(int depth) {
        Token t = peek();
        if (t.is("-")) {
            next();
            return Expr.neg(signed(guard(depth + 1, t)));
        }
        if (t.is("+")) {
            next();
            return signed(guard(depth + 1, t));
        }
        return power(depth);
    }

    private Expr power(int depth) {
        Expr base = atom(depth);
        if (peek().is("^") || peek().is("**")) {
            Token op = next();
            return Expr.pow(base, signed(guard(depth + 1, op)));
        }
        return base;
    }

    private Expr atom(int depth) {
        Token t = next();
        switch (t.kind()) {
            case NUMBER:
                return Expr.num(t.value());
            case NAME:
                return name(t, depth);
            case SYMBOL:
                if (t.is("(")) {
                    Expr inner = sum(guard(depth + 1, t));
                    expectClose(t);
                    return inner;
                }
                throw unexpected(t);
            default:
                throw new FormulaException("unexpected end of formula at column " + t.column(), t.column());
        }
    }

    private Expr name(Token t, int depth) {
        String name = t.text().toLowerCase(Locale.ROOT);
        if (!peek().is("(")) {
            switch (name) {
                case "x":
                    return Expr.x();
                case "pi":
                    return Expr.num(Math.PI);
                case "e":
                    return Expr.num(Math.E);
                default:
                    if (FUNCTIONS.contains(name)) {
                        throw new FormulaException("function '" + name + "' needs an argument list at column "
                                + t.column() + ", e.g. " + name + "(x)", t.column());
                    }
                    throw new FormulaException("unknown name '" + t.text() + "' at column " + t.column()
                            + "; the only variable is x", t.column());
            }
        }
        Token open = next();
        if (!FUNCTIONS.contains(name)) {
            String hint = Suggestion.closest(name, FUNCTIONS).map(s -> " (did you mean '" + s + "'?)").orElse("");
            throw new FormulaException("unknown function '" + t.text() + "' at column " + t.column() + hint,
                    t.column());
        }
        List<Expr> args = new ArrayList<>();
        if (peek().is(")")) {
            next();
        } else {
            args.add(sum(guard(depth + 1, open)));
            while (peek().is(",")) {
                next();
                args.add(sum(guard(depth + 1, open)));
            }
            expectClose(open);
        }
        int arity = name.equals("max") || name.equals("min") ? 2 : 1;
        if (args.size() != arity) {
            throw new FormulaException(name + " takes " + arity + (arity == 1 ? " argument" : " arguments")
                    + ", got " + args.size() + " at column " + t.column(), t.column());
        }
        return switch (name) {
            case "max" -> Expr.max(args.get(0), args.get(1));
            case "min" -> Expr.min(args.get(0), args.get(1));
            default -> Fn.byName(name).map(fn -> Expr.call(fn, args.get(0)))
                    .orElseGet(() -> expand(t, name, args.get(0), depth));
        };
    }

    /** A library function applied to {@code arg}, with the size and depth limits checked. */
    private static Expr expand(Token t, String name, Expr arg, int depth) {
        Expr e = NamedFunctions.expand(name, arg).orElseThrow();
        if (nodes(e, MAX_NODES) > MAX_NODES) {
            throw new FormulaException(name + "(...) at column " + t.column() + " expands to more than "
                    + MAX_NODES + " nodes", t.column());
        }
        if (depth + height(e) > MAX_DEPTH) {
            throw new FormulaException("formula nested too deeply (more than " + MAX_DEPTH + " levels once "
                    + name + " at column " + t.column() + " is expanded)", t.column());
        }
        return e;
    }

    /** Tree size, counting a shared sub-tree once per use; stops counting above {@code cap}. */
    private static int nodes(Expr e, int cap) {
        return switch (e) {
            case Const c -> 1;
            case Var v -> 1;
            case Unary u -> 1 + nodes(u.arg(), cap);
            case Binary b -> {
                int left = nodes(b.left(), cap);
                yield left > cap ? left : 1 + left + nodes(b.right(), cap - left);
            }
        };
    }

    private static int height(Expr e) {
        return switch (e) {
            case Const c -> 1;
            case Var v -> 1;
            case Unary u -> 1 + height(u.arg());
            case Binary b -> 1 + Math.max(height(b.left()), height(b.right()));
        };
    }

    private void expectClose(Token open) {
        Token t = peek();
        if (t.is(")")) {
            next();
            return;
        }
        if (t.kind() == Token.Kind.END) {
            throw new FormulaException("missing ')' at column " + t.column() + " to close '(' at column "
                    + open.column(), t.column());
        }
        throw unexpected(t);
    }

    private FormulaException unexpected(Token t) {
        if (t.kind() == Token.Kind.END) {
            return new FormulaException("unexpected end of formula at column " + t.column(), t.column());
        }
        String hint = "";
        int index = tokens.indexOf(t);
        if (index >= 1 && startsOperand(t) && endsOperand(tokens.get(index - 1))) {
            hint = " (missing '*'?)";
        }
        return new FormulaException("unexpected '" + t.text() + "' at column " + t.column() + hint, t.column());
    }

    private static boolean startsOperand(Token t) {
        return t.kind() == Token.Kind.NUMBER || t.kind() == Token.Kind.NAME || t.is("(");
    }

    private static boolean endsOperand(Token t) {
        return t.kind() == Token.Kind.NUMBER || t.kind() == Token.Kind.NAME || t.is(")");
    }

    private int guard(int depth, Token at) {
        if (depth > MAX_DEPTH) {
            throw new FormulaException("formula nested too deeply (more than " + MAX_DEPTH + " levels) at column "
                    + at.column(), at.column());
        }
        return depth;
    }

    private Token peek() {
        return tokens.get(pos);
    }

    private Token next() {
        Token t = tokens.get(pos);
        if (t.kind() != Token.Kind.END) {
            pos++;
        }
        return t;
    }

    private static List<String> functionNames() {
        List<String> names = new ArrayList<>();
        for (Fn fn : Fn.values()) {
            if (fn != Fn.NEG) {
                names.add(fn.symbol());
            }
        }
        names.add("max");
        names.add("min");
        names.addAll(NamedFunctions.expandable());
        names.addAll(NamedFunctions.aliases().keySet());
        return List.copyOf(names);
    }
}
