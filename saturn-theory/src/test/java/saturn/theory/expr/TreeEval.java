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
}
