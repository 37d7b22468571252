package saturn.theory.expr;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PrinterTest {

    @Test
    void numbersAreShortestRoundTripAndIntegersHaveNoFraction() {
        assertThat(Printer.number(2)).isEqualTo("2");
        assertThat(Printer.number(-3)).isEqualTo("-3");
        assertThat(Printer.number(0.1)).isEqualTo("0.1");
        assertThat(Printer.number(1e-3)).isEqualTo("0.001");
        assertThat(Printer.number(1e-7)).isEqualTo("1e-7");
        assertThat(Printer.number(1.5e300)).isEqualTo("1.5e300");
        assertThat(Printer.number(1e20)).isEqualTo("1e20");
        assertThat(Printer.number(0.1 + 0.2)).isEqualTo("0.30000000000000004");
        assertThat(Printer.number(Math.PI)).isEqualTo("pi");
        assertThat(Printer.number(Math.E)).isEqualTo("e");
        assertThat(Printer.number(1.0507009873554805)).isEqualTo("1.0507009873554805");
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.1, 1e-3, 1e-7, 123456789.123, 1e15, 1e16, 4.9e-324, Double.MAX_VALUE, 2.0 / 3,
        -0.0, Math.PI, -Math.E, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void printedNumbersParseBackExactly(double v) {
        Expr back = Simplifier.simplify(Parser.parse(Printer.number(v)));
        assertThat(back).isInstanceOf(Const.class);
        assertThat(Double.doubleToRawLongBits(((Const) back).value())).isEqualTo(Double.doubleToRawLongBits(v));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "1 - tanh(x)^2", "exp(-x^2/2)", "x/(1 + abs(x))", "x - (x - 1)", "x - (1 + x)", "(x + 1)*(x - 1)",
        "x/(2*x)", "x/2/x", "x*(2*x)", "2^3^x", "(2^3)^x", "(-x)^2", "-x^2", "-(x*2)", "x^(-2)", "x*(-2)",
        "-(-x)", "max(-1, min(1, x))", "-2*x", "x^0.5^2", "(x^0.5)^2", "2*pi*x", "1e-7*x", "e^x",
        "x*(1 + erf(x/sqrt(2)))/2", "-(x + 1)", "-(x/2)", "-x - (-x)", "1e999*x"})
    void printsWithMinimalParenthesesAndParsesBackToTheSameTree(String formula) {
        Expr e = Parser.parse(formula);
        assertThat(Printer.print(e)).isEqualTo(formula);
        assertThat(Parser.parse(Printer.print(e))).isEqualTo(e);
    }

    @Test
    void negativeConstantsPrintWithAMinus() {
        assertThat(Printer.print(Expr.mul(new Const(-2), Expr.x()))).isEqualTo("-2*x");
        assertThat(Printer.print(Expr.pow(new Const(-2), Expr.x()))).isEqualTo("(-2)^x");
        assertThat(Printer.print(Expr.sub(Expr.x(), new Const(-2)))).isEqualTo("x - (-2)");
        assertThat(Printer.print(Expr.neg(new Const(-2)))).isEqualTo("-(-2)");
    }
}
