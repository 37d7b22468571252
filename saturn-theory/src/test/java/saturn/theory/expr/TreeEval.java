package saturn.theory.expr;

/** Reference evaluation by walking the tree with {@link Fn#apply} and {@link Op#apply}; slow and obviously right. */
final class TreeEval {

    private TreeEval() {
    }

    static double eval(Expr e, double x) {
        return switch (e) {
            case Const c -> c.value();
            case Var v -> x;
            case Unary u -> u.fn().apply(eval(u.arg(), x));
            case Binary b -> b.op().apply(eval(b.left(), x), eval(b.right(), x));
        };
    }

    /** True when every node of the tree has a finite value at x. */
    static boolean finiteEverywhere(Expr e, double x) {
        boolean children = switch (e) {
            case Const c -> true;
            case Var v -> true;
            case Unary u -> finiteEverywhere(u.arg(), x);
            case Binary b -> finiteEverywhere(b.left(), x) && finiteEverywhere(b.right(), x);
        };
        return children && Double.isFinite(eval(e, x));
    }

    /**
     * True when no power at x has a negative base and an exponent that depends on x. There b^e is defined only where
     * e is an integer, a set of measure zero that rounding decides: (-1.1)^(x*2/0.01) is finite but
     * (-1.1)^(200*x) is NaN because -2.2/0.01 and 200*-1.1 round to different sides of -220.
     */
    static boolean noNegativeBaseToVariablePower(Expr e, double x) {
        return switch (e) {
            case Const c -> true;
            case Var v -> true;
            case Unary u -> noNegativeBaseToVariablePower(u.arg(), x);
            case Binary b -> !(b.op() == Op.POW && !Expr.isConstant(b.right()) && eval(b.left(), x) < 0)
                    && noNegativeBaseToVariablePower(b.left(), x) && noNegativeBaseToVariablePower(b.right(), x);
        };
    }

    /**
     * A first-order bound on the rounding error of evaluating {@code e} at x in double: each
     * node adds half an ulp of its own value and passes on its arguments' errors times its
     * partial derivatives (running error analysis). Large where the evaluation is ill-conditioned,
     * e.g. sin of 3e9 (one ulp of the argument moves the result by 5e-7) or (a + b) - a with a huge a.
     */
    static double roundingBound(Expr e, double x) {
        double eps = Math.ulp(1.0);
        return switch (e) {
            case Const c -> 0;
            case Var v -> 0;
            case Unary u -> {
                double a = eval(u.arg(), x);
                double slope = Math.abs(DoubleProgram.compile(Derivative.of(new Unary(u.fn(), new Var()))).value(a));
                if (!Double.isFinite(slope)) slope = 0;
                yield slope * roundingBound(u.arg(), x) + eps * Math.abs(eval(e, x));
            }
            case Binary b -> {
                double l = eval(b.left(), x);
                double r = eval(b.right(), x);
                double el = roundingBound(b.left(), x);
                double er = roundingBound(b.right(), x);
                double v = Math.abs(eval(e, x));
                double propagated = switch (b.op()) {
                    case ADD, SUB -> el + er + eps * (Math.abs(l) + Math.abs(r));
                    case MUL -> Math.abs(r) * el + Math.abs(l) * er;
                    case DIV -> el / Math.abs(r) + Math.abs(l) * er / (r * r);
                    case POW -> Math.abs(r * Math.pow(l, r - 1)) * el + Math.abs(v * Math.log(Math.abs(l))) * er;
                    case MAX, MIN -> Math.max(el, er);
                };
                yield (Double.isFinite(propagated) ? propagated : 0) + eps * v;
            }
        };
    }
}
