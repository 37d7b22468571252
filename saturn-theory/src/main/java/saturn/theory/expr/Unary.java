package saturn.theory.expr;

import java.util.Objects;

/** A one-argument function applied to a sub-expression; negation is {@link Fn#NEG}. */
public record Unary(Fn fn, Expr arg) implements Expr {

    public Unary {
        Objects.requireNonNull(fn, "fn");
        Objects.requireNonNull(arg, "arg");
    }
}
