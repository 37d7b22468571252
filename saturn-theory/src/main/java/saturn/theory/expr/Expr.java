package saturn.theory.expr;

/**
 * An activation expression in the single variable {@code x}: plain immutable data.
 *
 * <p>Consumers (the double evaluator here, the engine's float kernels) switch on the four
 * record types and on the {@link Fn} / {@link Op} enums; nothing about evaluation lives in
 * the tree. The static methods are builders that create nodes as written, without
 * simplifying; {@link Simplifier#simplify} tidies a tree afterwards.
 */
public sealed interface Expr permits Const, Var, Unary, Binary {

    static Expr num(double value) {
        return new Const(value);
    }

    static Expr x() {
        return new Var();
    }

    static Expr call(Fn fn, Expr arg) {
        return new Unary(fn, arg);
    }

    static Expr neg(Expr a) {
        return new Unary(Fn.NEG, a);
    }

    static Expr add(Expr a, Expr b) {
        return new Binary(Op.ADD, a, b);
    }

    static Expr sub(Expr a, Expr b) {
        return new Binary(Op.SUB, a, b);
    }

    static Expr mul(Expr a, Expr b) {
        return new Binary(Op.MUL, a, b);
    }

    static Expr div(Expr a, Expr b) {
        return new Binary(Op.DIV, a, b);
    }

    static Expr pow(Expr a, Expr b) {
        return new Binary(Op.POW, a, b);
    }

    static Expr max(Expr a, Expr b) {
        return new Binary(Op.MAX, a, b);
    }

    static Expr min(Expr a, Expr b) {
        return new Binary(Op.MIN, a, b);
    }

    /** True when the expression does not depend on x. */
    static boolean isConstant(Expr e) {
        return switch (e) {
            case Const c -> true;
            case Var v -> false;
            case Unary u -> isConstant(u.arg());
            case Binary b -> isConstant(b.left()) && isConstant(b.right());
        };
    }
}
