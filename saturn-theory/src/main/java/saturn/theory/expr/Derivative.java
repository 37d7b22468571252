package saturn.theory.expr;

import static saturn.theory.expr.Expr.add;
import static saturn.theory.expr.Expr.call;
import static saturn.theory.expr.Expr.div;
import static saturn.theory.expr.Expr.mul;
import static saturn.theory.expr.Expr.neg;
import static saturn.theory.expr.Expr.num;
import static saturn.theory.expr.Expr.pow;
import static saturn.theory.expr.Expr.sub;

/**
 * Symbolic d/dx. The rules are two tables: {@link #outer} gives d f(u)/du for every
 * {@link Fn} (one row each) and {@link #binary} the rule of every {@link Op}; the chain rule
 * {@code d f(u) = u' * f'(u)} is applied once, generically. The result is simplified.
 *
 * <p>Conventions at non-differentiable points: {@code d abs(u) = sign(u) u'} (0 at u = 0);
 * {@code d sign = d step = 0} (the jump is ignored, as in every autodiff framework);
 * {@code d max(a,b) = step(a-b) a' + (1 - step(a-b)) b'} and
 * {@code d min(a,b) = step(b-a) a' + (1 - step(b-a)) b'}: one step argument, so the weights
 * add up to 1 even when rounding makes a simplified {@code a-b} and {@code b-a} disagree.
 * Since {@code step(0) = 1/2} (see {@link Fn}), at a tie this is the average of both
 * branches: exact where the function is smooth across the tie ({@code elu'(0) = 1},
 * {@code max(x, x)' = 1}), and 1/2 at a true corner ({@code relu'(0)}, {@code hardtanh'(±1)}).
 */
public final class Derivative {

    private Derivative() {
    }

    public static Expr of(Expr e) {
        return Simplifier.simplify(raw(e));
    }

    private static Expr raw(Expr e) {
        if (Expr.isConstant(e)) {
            return num(0);
        }
        return switch (e) {
            case Const c -> num(0);
            case Var v -> num(1);
            case Unary u -> mul(raw(u.arg()), outer(u.fn(), u.arg()));
            case Binary b -> binary(b.op(), b.left(), b.right());
        };
    }

    /** d f(u) / du, one row per primitive. */
    static Expr outer(Fn fn, Expr u) {
        return switch (fn) {
            case NEG -> num(-1);
            case EXP -> call(Fn.EXP, u);
            case LOG -> div(num(1), u);
            case SQRT -> div(num(0.5), call(Fn.SQRT, u));
            case ABS -> call(Fn.SIGN, u);
            case SIN -> call(Fn.COS, u);
            case COS -> neg(call(Fn.SIN, u));
            case TAN -> add(num(1), pow(call(Fn.TAN, u), num(2)));
            case TANH -> sub(num(1), pow(call(Fn.TANH, u), num(2)));
            case SINH -> call(Fn.COSH, u);
            case COSH -> call(Fn.SINH, u);
            case ATAN -> div(num(1), add(num(1), pow(u, num(2))));
            case ASINH -> div(num(1), call(Fn.SQRT, add(num(1), pow(u, num(2)))));
            case ERF -> mul(twoOverSqrtPi(), call(Fn.EXP, neg(pow(u, num(2)))));
            case ERFC -> neg(mul(twoOverSqrtPi(), call(Fn.EXP, neg(pow(u, num(2))))));
            case SIGMOID -> mul(call(Fn.SIGMOID, u), sub(num(1), call(Fn.SIGMOID, u)));
            case SOFTPLUS -> call(Fn.SIGMOID, u);
            case SIGN, STEP -> num(0);
            case LOG1P -> div(num(1), add(num(1), u));
            case EXPM1 -> call(Fn.EXP, u);
        };
    }

    /** d (a op b) / dx, one row per operator. */
    private static Expr binary(Op op, Expr a, Expr b) {
        return switch (op) {
            case ADD -> add(raw(a), raw(b));
            case SUB -> sub(raw(a), raw(b));
            case MUL -> add(mul(raw(a), b), mul(a, raw(b)));
            case DIV -> Expr.isConstant(b)
                    ? div(raw(a), b)
                    : div(sub(mul(raw(a), b), mul(a, raw(b))), pow(b, num(2)));
            case POW -> {
                if (Expr.isConstant(b)) {
                    yield mul(raw(a), mul(b, pow(a, sub(b, num(1)))));
                }
                if (Expr.isConstant(a)) {
                    yield mul(raw(b), mul(call(Fn.LOG, a), pow(a, b)));
                }
                yield mul(pow(a, b), add(mul(raw(b), call(Fn.LOG, a)), div(mul(b, raw(a)), a)));
            }
            case MAX -> add(mul(step(sub(a, b)), raw(a)), mul(sub(num(1), step(sub(a, b))), raw(b)));
            case MIN -> add(mul(step(sub(b, a)), raw(a)), mul(sub(num(1), step(sub(b, a))), raw(b)));
        };
    }

    private static Expr step(Expr u) {
        return call(Fn.STEP, u);
    }

    private static Expr twoOverSqrtPi() {
        return div(num(2), call(Fn.SQRT, num(Math.PI)));
    }
}
