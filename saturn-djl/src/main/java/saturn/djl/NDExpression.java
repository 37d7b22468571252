package saturn.djl;

import ai.djl.ndarray.NDArray;
import java.util.function.UnaryOperator;
import saturn.theory.Activation;
import saturn.theory.expr.Binary;
import saturn.theory.expr.Const;
import saturn.theory.expr.Expr;
import saturn.theory.expr.Fn;
import saturn.theory.expr.Op;
import saturn.theory.expr.Unary;
import saturn.theory.expr.Var;

/**
 * An activation's expression tree translated once into NDArray operations, applied
 * elementwise in the input's data type and on its device. Every node of Saturn's formula
 * language has its operation: the functions of {@link Fn} (with {@code sign(0) = 0} and
 * {@code step(0) = 1/2}, as in the theory), the operators of {@link Op}, and constants, which
 * are folded in double wherever a sub-expression does not depend on x and then enter as
 * scalars. The operations are those DJL differentiates, so an activation built this way
 * trains under DJL's automatic differentiation.
 *
 * <p>{@code log1p} and {@code expm1} are computed as {@code log(1+x)} and {@code exp(x)−1}:
 * exact to float rounding of the result away from x = 0, a few ulps of 1 near it.
 */
public final class NDExpression implements UnaryOperator<NDArray> {

    private final Activation activation;
    private final UnaryOperator<NDArray> program;

    private NDExpression(Activation activation) {
        this.activation = activation;
        this.program = translate(activation.expr());
    }

    /** The NDArray form of φ. */
    public static NDExpression of(Activation activation) {
        return new NDExpression(activation);
    }

    /** The activation this computes. */
    public Activation activation() {
        return activation;
    }

    /** φ(x) elementwise; the result belongs to {@code x}'s manager. */
    @Override
    public NDArray apply(NDArray x) {
        return program.apply(x);
    }

    private static UnaryOperator<NDArray> translate(Expr e) {
        if (!(e instanceof Var) && Expr.isConstant(e)) {
            float c = (float) fold(e);
            return x -> x.getManager().full(x.getShape(), c, x.getDataType());
        }
        return switch (e) {
            case Var v -> x -> x;
            case Const c -> throw new AssertionError("constants are folded above");
            case Unary u -> {
                UnaryOperator<NDArray> arg = translate(u.arg());
                Fn fn = u.fn();
                yield x -> unary(fn, arg.apply(x));
            }
            case Binary b -> binary(b);
        };
    }

    private static NDArray unary(Fn fn, NDArray a) {
        return switch (fn) {
            case NEG -> a.neg();
            case EXP -> a.exp();
            case LOG -> a.log();
            case SQRT -> a.sqrt();
            case ABS -> a.abs();
            case SIN -> a.sin();
            case COS -> a.cos();
            case TAN -> a.tan();
            case TANH -> a.tanh();
            case SINH -> a.sinh();
            case COSH -> a.cosh();
            case ATAN -> a.atan();
            case ASINH -> asinh(a);
            case ERF -> a.erf();
            case ERFC -> a.erf().neg().add(1);
            case SIGMOID -> ai.djl.nn.Activation.sigmoid(a);
            case SOFTPLUS -> ai.djl.nn.Activation.softPlus(a);
            case SIGN -> a.sign();
            case STEP -> a.sign().add(1).mul(0.5);
            case LOG1P -> a.add(1).log();
            case EXPM1 -> a.exp().sub(1);
        };
    }

    /**
     * sign(x)·log(|x| + √(x²+1)), and sign(x)·(log|x| + log 2) for |x| ≥ 1e4, where the two agree
     * to 1e-9 and x² would soon overflow a float (PyTorch's engine in DJL has no asinh). Both
     * branches see clamped inputs, so neither gives the gradient an infinity.
     */
    private static NDArray asinh(NDArray a) {
        NDArray t = a.abs();
        NDArray small = t.minimum(ASINH_SPLIT);
        NDArray near = small.add(small.square().add(1).sqrt()).log();
        NDArray far = t.maximum(ASINH_SPLIT).log().add(Math.log(2));
        return ai.djl.ndarray.NDArrays.where(t.lt(ASINH_SPLIT), near, far).mul(a.sign());
    }

    private static final double ASINH_SPLIT = 1e4;

    /** A constant operand enters as a scalar where the operation takes one. */
    private static UnaryOperator<NDArray> binary(Binary b) {
        Op op = b.op();
        if (Expr.isConstant(b.right())) {
            double c = fold(b.right());
            UnaryOperator<NDArray> left = translate(b.left());
            return x -> switch (op) {
                case ADD -> left.apply(x).add(c);
                case SUB -> left.apply(x).sub(c);
                case MUL -> left.apply(x).mul(c);
                case DIV -> left.apply(x).div(c);
                case POW -> left.apply(x).pow(c);
                case MAX -> left.apply(x).maximum(c);
                case MIN -> left.apply(x).minimum(c);
            };
        }
        UnaryOperator<NDArray> right = translate(b.right());
        if (Expr.isConstant(b.left())) {
            double c = fold(b.left());
            switch (op) {
                case ADD: return x -> right.apply(x).add(c);
                case MUL: return x -> right.apply(x).mul(c);
                case MAX: return x -> right.apply(x).maximum(c);
                case MIN: return x -> right.apply(x).minimum(c);
                case SUB: return x -> right.apply(x).neg().add(c);
                default: break;   // c / u and c ^ u: an array of c against u
            }
        }
        UnaryOperator<NDArray> left = translate(b.left());
        return x -> {
            NDArray l = left.apply(x);
            NDArray r = right.apply(x);
            return switch (op) {
                case ADD -> l.add(r);
                case SUB -> l.sub(r);
                case MUL -> l.mul(r);
                case DIV -> l.div(r);
                case POW -> l.pow(r);
                case MAX -> l.maximum(r);
                case MIN -> l.minimum(r);
            };
        };
    }

    /** A sub-expression free of x, evaluated by the theory in double. */
    private static double fold(Expr e) {
        return Activation.of(e).value(0);
    }
}
