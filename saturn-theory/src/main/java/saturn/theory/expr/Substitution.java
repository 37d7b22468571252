package saturn.theory.expr;

/** Replaces every {@code x} in an expression by another expression (composition f(g(x))). */
public final class Substitution {

    private Substitution() {
    }

    public static Expr of(Expr e, Expr replacement) {
        return switch (e) {
            case Const c -> c;
            case Var v -> replacement;
            case Unary u -> new Unary(u.fn(), of(u.arg(), replacement));
            case Binary b -> new Binary(b.op(), of(b.left(), replacement), of(b.right(), replacement));
        };
    }
}
