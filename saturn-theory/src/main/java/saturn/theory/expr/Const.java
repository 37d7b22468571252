package saturn.theory.expr;

/** A numeric constant. {@code pi} and {@code e} parse to {@code Const(Math.PI)} and {@code Const(Math.E)}. */
public record Const(double value) implements Expr {

    /** True when this constant equals {@code v} numerically (0 and -0 both count as 0). */
    public boolean is(double v) {
        return value == v;
    }
}
