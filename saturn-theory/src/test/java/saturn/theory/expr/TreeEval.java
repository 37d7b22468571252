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
}
