package saturn.theory.expr;

import java.util.Objects;

/** An arithmetic operator or {@code max}/{@code min} applied to two sub-expressions. */
public record Binary(Op op, Expr left, Expr right) implements Expr {

    public Binary {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(left, "left");
        Objects.requireNonNull(right, "right");
    }
}
