package saturn.theory.expr;

/** The variable {@code x}, the only one an activation has. */
public record Var() implements Expr {
}
