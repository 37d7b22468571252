package saturn.theory.expr;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** jqwik generators of random expressions. */
final class Exprs {

    private Exprs() {
    }

    /** Any expression over every primitive, up to the given depth. */
    static Arbitrary<Expr> any(int depth) {
        return tree(depth, Arbitraries.of(Fn.class), Arbitraries.of(Op.class), constants());
    }

    /**
     * Expressions that are finite and differentiable on most of [-3, 3]: no log/sqrt of
     * negatives by construction is not guaranteed, so callers still skip non-finite points.
     */
    static Arbitrary<Expr> differentiable(int depth) {
        return tree(depth, Arbitraries.of(Fn.class).filter(f -> f != Fn.TAN),
                Arbitraries.of(Op.class), Arbitraries.of(0.5, 1.0, 2.0, 3.0, -1.5, 0.3, Math.PI));
    }

    static Arbitrary<Double> constants() {
        return Arbitraries.oneOf(
                Arbitraries.of(0.0, 1.0, 2.0, -1.0, 0.5, 3.0, Math.PI, Math.E, 1e-3, -0.0, 1e20, 1.0507009873554805),
                Arbitraries.doubles().between(-10, 10),
                Arbitraries.integers().between(-5, 5).map(i -> (double) i));
    }

    private static Arbitrary<Expr> tree(int depth, Arbitrary<Fn> fns, Arbitrary<Op> ops, Arbitrary<Double> consts) {
        Arbitrary<Expr> leaf = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.just(new Var())),
                net.jqwik.api.Tuple.of(2, consts.map(Const::new)));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<Expr> sub = Arbitraries.lazy(() -> tree(depth - 1, fns, ops, consts));
        Arbitrary<Expr> unary = Combinators.combine(fns, sub).as(Unary::new);
        Arbitrary<Expr> binary = Combinators.combine(ops, sub, sub).as(Binary::new);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(2, leaf),
                net.jqwik.api.Tuple.of(3, unary),
                net.jqwik.api.Tuple.of(3, binary));
    }
}
