package saturn.theory.expr;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.DoubleRange;

/** Property tests over random expressions and random strings; jqwik reports the seed of every run. */
class ExprProperties {

    private static final double[] PROBES = {-2.7, -1.1, -0.4, 0.05, 0.6, 1.3, 2.9, 7.5, -40};

    @Provide
    Arbitrary<Expr> expressions() {
        return Exprs.any(4);
    }

    @Provide
    Arbitrary<Expr> smooth() {
        return Exprs.differentiable(4);
    }

    @Property(tries = 1500, maxDiscardRatio = 50)
    void symbolicDerivativeMatchesFiniteDifferences(@ForAll("smooth") Expr e,
                                                    @ForAll @DoubleRange(min = -3, max = 3) double x) {
        double h = 1e-4 * Math.max(1, Math.abs(x));
        double coarse = central(e, x, h);
        double fine = central(e, x, h / 2);
        double scale = 1 + Math.abs(fine);
        // Skip points near a kink, jump, pole or where f is undefined: there the two step sizes disagree.
        Assume.that(Double.isFinite(coarse) && Double.isFinite(fine) && Math.abs(coarse - fine) < 1e-6 * scale);
        Assume.that(Math.abs(TreeEval.eval(e, x)) < 1e8);
        // A kink can hide from the symmetric difference (e.g. max(-x, x) at 0): one-sided slopes must agree too.
        double fx = TreeEval.eval(e, x);
        double forward = (TreeEval.eval(e, x + h) - fx) / h;
        double backward = (fx - TreeEval.eval(e, x - h)) / h;
        Assume.that(Math.abs(forward - backward) < 1e-2 * scale);
        DoubleProgram derivative = DoubleProgram.compile(Derivative.of(e));
        double symbolic = derivative.value(x);
        // The derivative is defined almost everywhere: where it jumps at x (sign, step), its value at x is a
        // convention even when f itself is smooth there (x*sign(-abs(x)) = -x has derivative sign(-abs(x)) = 0 at 0).
        Assume.that(Math.abs(derivative.value(x + h / 8) - derivative.value(x - h / 8)) < 1e-3 * scale
                && Math.abs(derivative.value(x + h / 8) - symbolic) < 1e-3 * scale);
        Statistics.collect(Expr.isConstant(e) ? "constant" : "depends on x");
        Assume.that(Double.isFinite(symbolic));
        assertThat(symbolic).as("d/dx %s at %s = %s", Printer.print(e), x, Printer.print(Derivative.of(e)))
                .isCloseTo(fine, org.assertj.core.api.Assertions.within(1e-5 * scale));
    }

    /** Fourth-order central difference of the unsimplified tree. */
    private static double central(Expr e, double x, double h) {
        return (8 * (TreeEval.eval(e, x + h) - TreeEval.eval(e, x - h))
                - (TreeEval.eval(e, x + 2 * h) - TreeEval.eval(e, x - 2 * h))) / (12 * h);
    }

    @Property(tries = 500)
    void printThenParseGivesTheSameTree(@ForAll("expressions") Expr e) {
        Expr back = Parser.parse(Printer.print(e));
        assertThat(back).as(Printer.print(e)).isEqualTo(negativeConstantsAsNegations(e));
        for (double x : PROBES) {
            assertThat(Double.valueOf(TreeEval.eval(back, x))).isEqualTo(Double.valueOf(TreeEval.eval(e, x)));
        }
    }

    @Property(tries = 500)
    void doubleStarReadsAsCaret(@ForAll("expressions") Expr e) {
        String printed = Printer.print(e);
        assertThat(Parser.parse(printed.replace("^", "**"))).as(printed).isEqualTo(Parser.parse(printed));
    }

    @Property(tries = 500)
    void simplifiedTreesRoundTripExactly(@ForAll("expressions") Expr e) {
        Expr s = Simplifier.simplify(e);
        assertThat(Simplifier.simplify(Parser.parse(Printer.print(s)))).as(Printer.print(s)).isEqualTo(s);
        assertThat(Simplifier.simplify(s)).isEqualTo(s);
    }

    @Property(tries = 500)
    void simplificationKeepsTheFunction(@ForAll("expressions") Expr e) {
        Expr s = Simplifier.simplify(e);
        for (double x : PROBES) {
            double before = TreeEval.eval(e, x);
            double after = TreeEval.eval(s, x);
            // The rules ignore points where a sub-expression is infinite or undefined (x*0 -> 0).
            // and points where rounding alone may move the value by 0.1%: there the value is noise
            // (log(sqrt(1) + (-1 + x - x)) at -0.4 is log(1.1e-16), simplified to log(0))
            if (TreeEval.finiteEverywhere(e, x) && TreeEval.noNegativeBaseToVariablePower(e, x)
                    && Math.abs(before) < 1e12 && TreeEval.roundingBound(e, x) < 1e-3 * (1 + Math.abs(before))) {
                // beyond 1e-9, what reordering the arithmetic may change: 16x the first-order rounding
                // bound of both trees (sin(exp(x^x) + pi - 2*x) at 2.9 takes sin of 3.3e9)
                double rounding = 16 * (TreeEval.roundingBound(e, x) + TreeEval.roundingBound(s, x));
                assertThat(after).as("%s -> %s at %s", Printer.print(e), Printer.print(s), x)
                        .isCloseTo(before, org.assertj.core.api.Assertions.within(1e-9 * (1 + Math.abs(before)) + rounding));
            }
        }
    }

    /** A drawn case: sin of a 3.3e9 argument, where one ulp moves the result by 5e-7. */
    @net.jqwik.api.Example
    void illConditionedPointsGetTheirRoundingBound() {
        Expr e = Parser.parse("sin(exp(x^x) + (pi - x - x))");
        Expr s = Simplifier.simplify(e);
        double gap = Math.abs(TreeEval.eval(s, 2.9) - TreeEval.eval(e, 2.9));
        assertThat(gap).isGreaterThan(1e-9);
        assertThat(gap).isLessThan(16 * (TreeEval.roundingBound(e, 2.9) + TreeEval.roundingBound(s, 2.9)));
        // and the bound is not a blank cheque: a well-conditioned point gets about an ulp
        assertThat(TreeEval.roundingBound(Parser.parse("sin(x) + x*x"), 0.5)).isLessThan(1e-15);
    }

    /** A drawn case where x^(...) of a negative x is undefined before simplification and defined after, kept as an example. */
    @net.jqwik.api.Example
    void negativeBaseToAVariablePowerIsLeftOut() {
        Expr e = Parser.parse("x^(x*2/0.01)");
        Expr s = Simplifier.simplify(e);
        assertThat(Printer.print(s)).isEqualTo("x^(200*x)");
        assertThat(TreeEval.noNegativeBaseToVariablePower(e, -1.1)).isFalse();
        assertThat(TreeEval.noNegativeBaseToVariablePower(e, 1.1)).isTrue();
        assertThat(TreeEval.eval(s, 1.1)).isCloseTo(TreeEval.eval(e, 1.1),
                org.assertj.core.api.Assertions.within(1e-9 * TreeEval.eval(e, 1.1)));
    }

    @Property(tries = 500)
    void compiledProgramEqualsTreeWalk(@ForAll("expressions") Expr e) {
        DoubleProgram p = DoubleProgram.compile(e);
        double[] out = new double[PROBES.length];
        p.values(PROBES, out, PROBES.length);
        for (int i = 0; i < PROBES.length; i++) {
            double expected = TreeEval.eval(e, PROBES[i]);
            assertThat(Double.valueOf(p.value(PROBES[i]))).as(Printer.print(e)).isEqualTo(Double.valueOf(expected));
            assertThat(Double.valueOf(out[i])).as(Printer.print(e)).isEqualTo(Double.valueOf(expected));
        }
    }

    @Provide
    Arbitrary<String> garbage() {
        Arbitrary<String> chars = Arbitraries.strings().withChars("x0123456789.eE+-*/^(), \tpiaxmnst_#")
                .ofMaxLength(25);
        Arbitrary<String> tokens = Arbitraries.of("x", "2", ".5", "1e-3", "1e", "e", "pi", "(", ")", ",", "+", "-",
                "*", "/", "^", "**", "tanh", "max", "min", "exp(", "tahn(", "y", " ", "1.2.3", "--", "softsign(", "relu",
                "gelu(", "hardtanh(", "selu")
                .list().ofMaxSize(14).map(l -> String.join("", l));
        Arbitrary<String> unicode = Arbitraries.strings().all().ofMaxLength(12);
        return Arbitraries.oneOf(chars, tokens, unicode);
    }

    @Property(tries = 10_000)
    void parserFailsOnlyWithFormulaException(@ForAll("garbage") String s) {
        try {
            Expr e = Parser.parse(s);
            Statistics.collect("parsed");
            assertThat(Parser.parse(Printer.print(e))).isEqualTo(negativeConstantsAsNegations(e));
        } catch (FormulaException ex) {
            Statistics.collect("rejected");
            assertThat(ex.column()).isBetween(1, s.length() + 1);
            assertThat(ex.getMessage()).isNotBlank();
        }
    }

    /** What the parser reads back for a negative constant: the negation of its magnitude. */
    private static Expr negativeConstantsAsNegations(Expr e) {
        return switch (e) {
            case Const c -> c.value() < 0 || (c.value() == 0 && 1 / c.value() < 0)
                    ? new Unary(Fn.NEG, new Const(-c.value())) : c;
            case Var v -> v;
            case Unary u -> new Unary(u.fn(), negativeConstantsAsNegations(u.arg()));
            case Binary b -> new Binary(b.op(), negativeConstantsAsNegations(b.left()),
                    negativeConstantsAsNegations(b.right()));
        };
    }
}
