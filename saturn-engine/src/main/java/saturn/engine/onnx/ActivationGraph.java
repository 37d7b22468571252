package saturn.engine.onnx;

import java.util.HashMap;
import java.util.Map;

import saturn.theory.expr.Binary;
import saturn.theory.expr.Const;
import saturn.theory.expr.Expr;
import saturn.theory.expr.Fn;
import saturn.theory.expr.Op;
import saturn.theory.expr.Unary;
import saturn.theory.expr.Var;

/**
 * An activation's expression tree as ONNX operators applied elementwise to one value. Every
 * primitive of the formula language has an operator or a short composition of them
 * ({@code erfc = 1 − Erf}, {@code step = (1 + Sign)/2}, {@code log1p = Log(1 + x)},
 * {@code expm1 = Exp − 1}); subtrees without x are folded to one float constant, computed in
 * double; a subtree met twice is computed once.
 */
public final class ActivationGraph {

    private final OnnxGraph graph;
    private final String x;
    private final Map<Expr, String> done = new HashMap<>();

    private ActivationGraph(OnnxGraph graph, String x) {
        this.graph = graph;
        this.x = x;
    }

    /** Appends the nodes of {@code phi(x)} to {@code graph}; returns the name of the result. */
    public static String apply(OnnxGraph graph, Expr phi, String x) {
        return new ActivationGraph(graph, x).emit(phi);
    }

    private String emit(Expr e) {
        String known = done.get(e);
        if (known != null) return known;
        String name;
        if (Expr.isConstant(e)) {
            name = graph.scalar((float) value(e));
        } else {
            name = switch (e) {
                case Var v -> x;
                case Unary u -> unary(u.fn(), emit(u.arg()));
                case Binary b -> graph.op(operator(b.op()), emit(b.left()), emit(b.right()));
                case Const c -> throw new IllegalStateException("constants are folded");
            };
        }
        done.put(e, name);
        return name;
    }

    private String unary(Fn fn, String a) {
        return switch (fn) {
            case NEG -> graph.op("Neg", a);
            case EXP -> graph.op("Exp", a);
            case LOG -> graph.op("Log", a);
            case SQRT -> graph.op("Sqrt", a);
            case ABS -> graph.op("Abs", a);
            case SIN -> graph.op("Sin", a);
            case COS -> graph.op("Cos", a);
            case TAN -> graph.op("Tan", a);
            case TANH -> graph.op("Tanh", a);
            case SINH -> graph.op("Sinh", a);
            case COSH -> graph.op("Cosh", a);
            case ATAN -> graph.op("Atan", a);
            case ASINH -> graph.op("Asinh", a);
            case ERF -> graph.op("Erf", a);
            case ERFC -> graph.op("Sub", graph.scalar(1f), graph.op("Erf", a));
            case SIGMOID -> graph.op("Sigmoid", a);
            case SOFTPLUS -> graph.op("Softplus", a);
            case SIGN -> graph.op("Sign", a);
            case STEP -> graph.op("Mul", graph.scalar(0.5f), graph.op("Add", graph.scalar(1f), graph.op("Sign", a)));
            case LOG1P -> graph.op("Log", graph.op("Add", a, graph.scalar(1f)));
            case EXPM1 -> graph.op("Sub", graph.op("Exp", a), graph.scalar(1f));
        };
    }

    private static String operator(Op op) {
        return switch (op) {
            case ADD -> "Add";
            case SUB -> "Sub";
            case MUL -> "Mul";
            case DIV -> "Div";
            case POW -> "Pow";
            case MAX -> "Max";
            case MIN -> "Min";
        };
    }

    /** The double value of a subtree without x. */
    private static double value(Expr e) {
        return switch (e) {
            case Const c -> c.value();
            case Unary u -> u.fn().apply(value(u.arg()));
            case Binary b -> b.op().apply(value(b.left()), value(b.right()));
            case Var v -> throw new IllegalStateException("x is not constant");
        };
    }
}
