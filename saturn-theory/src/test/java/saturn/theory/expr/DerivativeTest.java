package saturn.theory.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class DerivativeTest {

    private static double at(String formula, double x) {
        return DoubleProgram.compile(Derivative.of(Parser.parse(formula))).value(x);
    }

    private static double central(Expr e, double x) {
        double h = 1e-4;
        return (8 * (TreeEval.eval(e, x + h) - TreeEval.eval(e, x - h)) - (TreeEval.eval(e, x + 2 * h) - TreeEval.eval(e, x - 2 * h)))
                / (12 * h);
    }

    /** Each row of the table, composed with an inner function so that the chain rule is exercised too. */
    @ParameterizedTest
    @EnumSource(Fn.class)
    void everyPrimitiveRowMatchesFiniteDifferences(Fn fn) {
        Expr inner = Parser.parse("0.7*x + 0.3");
        Expr e = Expr.call(fn, inner);
        Expr d = Derivative.of(e);
        for (double x : new double[] {-2.3, -0.9, 0.4, 1.1, 2.6}) {
            double u = 0.7 * x + 0.3;
            if ((fn == Fn.LOG || fn == Fn.SQRT) && u <= 0 || fn == Fn.LOG1P && u <= -1) {
                continue;
            }
            double expected = central(e, x);
            assertThat(TreeEval.eval(d, x)).as("d %s at %s = %s", Printer.print(e), x, Printer.print(d))
                    .isCloseTo(expected, within(1e-8 * (1 + Math.abs(expected))));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"x^3", "x^-2", "2^x", "x^x", "(x^2 + 1)^1.5", "x/(1 + x^2)", "x*exp(x)", "max(x^2, 2 - x)",
        "min(sin(x), cos(x))", "abs(x^3 - 1)", "exp(sin(x))^2", "1/sqrt(x)", "atan(x)/x"})
    void operatorRowsMatchFiniteDifferences(String formula) {
        Expr e = Parser.parse(formula);
        for (double x : new double[] {0.37, 0.81, 1.73, 2.9}) {
            double expected = central(e, x);
            assertThat(at(formula, x)).as("d %s at %s", formula, x).isCloseTo(expected, within(1e-7 * (1 + Math.abs(expected))));
        }
    }

    @Test
    void conventionsAtNonDifferentiablePoints() {
        assertThat(at("abs(x)", 0)).isEqualTo(0.0);
        assertThat(at("max(x, 0)", 0)).as("relu'(0): average of the branches").isEqualTo(0.5);
        assertThat(at("max(0, x)", 0)).isEqualTo(0.5);
        assertThat(at("min(x, 0)", 0)).isEqualTo(0.5);
        assertThat(at("max(x, x)", 0.5)).isEqualTo(1.0);
        assertThat(at("max(x, -x)", 0)).as("abs written as max").isEqualTo(0.0);
        assertThat(at("max(x, 0) + expm1(min(x, 0))", 0)).as("elu is C1 at 0").isEqualTo(1.0);
        assertThat(at("max(x, 0)", 1e-300)).isEqualTo(1.0);
        assertThat(at("max(x, 0)", -1e-300)).isEqualTo(0.0);
        assertThat(at("sign(x)", 0)).isEqualTo(0.0);
        assertThat(at("step(x)", 3)).isEqualTo(0.0);
        assertThat(at("max(-1, min(1, x))", 1)).isEqualTo(0.5);
        assertThat(at("max(-1, min(1, x))", -1)).isEqualTo(0.5);
        assertThat(at("max(-1, min(1, x))", 1.5)).isEqualTo(0.0);
        assertThat(at("max(-1, min(1, x))", 0.5)).isEqualTo(1.0);
    }

    @Test
    void higherOrderDerivatives() {
        Expr e = Parser.parse("x^5");
        Expr d = e;
        for (int k = 0; k < 5; k++) {
            d = Derivative.of(d);
        }
        assertThat(d).isEqualTo(new Const(120));
        assertThat(Derivative.of(d)).isEqualTo(new Const(0));
        Expr sin4 = Parser.parse("sin(x)");
        for (int k = 0; k < 4; k++) {
            sin4 = Derivative.of(sin4);
        }
        assertThat(Printer.print(sin4)).isEqualTo("sin(x)");
        Expr tanh3 = Derivative.of(Derivative.of(Derivative.of(Parser.parse("tanh(x)"))));
        double x = 0.6;
        double t = Math.tanh(x);
        assertThat(TreeEval.eval(tanh3, x)).isCloseTo(-2 * (1 - t * t) * (1 - 3 * t * t), within(1e-14));
    }

    @Test
    void derivativesOfConstantsAndSimpleForms() {
        assertThat(Derivative.of(Parser.parse("sqrt(2)*pi"))).isEqualTo(new Const(0));
        assertThat(Printer.print(Derivative.of(Parser.parse("3*x^2 + 2*x + 1")))).isEqualTo("6*x + 2");
        assertThat(Printer.print(Derivative.of(Parser.parse("log(x)")))).isEqualTo("1/x");
        assertThat(Printer.print(Derivative.of(Parser.parse("abs(x)")))).isEqualTo("sign(x)");
        assertThat(Printer.print(Derivative.of(Parser.parse("exp(2*x)")))).isEqualTo("2*exp(2*x)");
    }
}
