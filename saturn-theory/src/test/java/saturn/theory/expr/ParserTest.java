package saturn.theory.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static saturn.theory.expr.Expr.add;
import static saturn.theory.expr.Expr.call;
import static saturn.theory.expr.Expr.div;
import static saturn.theory.expr.Expr.max;
import static saturn.theory.expr.Expr.mul;
import static saturn.theory.expr.Expr.neg;
import static saturn.theory.expr.Expr.num;
import static saturn.theory.expr.Expr.pow;
import static saturn.theory.expr.Expr.sub;
import static saturn.theory.expr.Expr.x;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ParserTest {

    @Test
    void sumsAndProductsAreLeftAssociative() {
        assertThat(Parser.parse("x-1-2")).isEqualTo(sub(sub(x(), num(1)), num(2)));
        assertThat(Parser.parse("x/2/3")).isEqualTo(div(div(x(), num(2)), num(3)));
        assertThat(Parser.parse("x+2*3")).isEqualTo(add(x(), mul(num(2), num(3))));
        assertThat(Parser.parse("x*2+3")).isEqualTo(add(mul(x(), num(2)), num(3)));
    }

    @Test
    void powerIsRightAssociativeAndBindsTighterThanUnaryMinus() {
        assertThat(Parser.parse("2^3^x")).isEqualTo(pow(num(2), pow(num(3), x())));
        assertThat(Parser.parse("-x^2")).isEqualTo(neg(pow(x(), num(2))));
        assertThat(Parser.parse("x^-2")).isEqualTo(pow(x(), neg(num(2))));
        assertThat(Parser.parse("2*x^3")).isEqualTo(mul(num(2), pow(x(), num(3))));
        assertThat(Parser.parse("(-x)^2")).isEqualTo(pow(neg(x()), num(2)));
        assertThat(Parser.parse("-x*2")).isEqualTo(mul(neg(x()), num(2)));
        assertThat(Parser.parse("exp(-x^2/2)")).isEqualTo(call(Fn.EXP, div(neg(pow(x(), num(2))), num(2))));
    }

    @Test
    void doubleStarIsPowerAsInPython() {
        assertThat(Parser.parse("x**2")).isEqualTo(pow(x(), num(2)));
        assertThat(Parser.parse("2**3**x")).isEqualTo(pow(num(2), pow(num(3), x())));
        assertThat(Parser.parse("-x**2")).isEqualTo(neg(pow(x(), num(2))));
        assertThat(Parser.parse("x**-2")).isEqualTo(pow(x(), neg(num(2))));
        assertThat(Parser.parse("2*x**3")).isEqualTo(mul(num(2), pow(x(), num(3))));
        assertThat(Parser.parse("x*exp(-x**2/2)")).isEqualTo(Parser.parse("x*exp(-x^2/2)"));
        assertThat(Parser.parse("2**x^2")).isEqualTo(pow(num(2), pow(x(), num(2))));
        assertThatThrownBy(() -> Parser.parse("x***2")).isInstanceOf(FormulaException.class)
                .hasMessage("unexpected '*' at column 4");
        assertThatThrownBy(() -> Parser.parse("x* *2")).isInstanceOf(FormulaException.class)
                .hasMessage("unexpected '*' at column 4");
        assertThatThrownBy(() -> Parser.parse("x**")).isInstanceOf(FormulaException.class)
                .hasMessage("unexpected end of formula at column 4");
    }

    @Test
    void unaryPlusAndRepeatedSigns() {
        assertThat(Parser.parse("+x")).isEqualTo(x());
        assertThat(Parser.parse("--x")).isEqualTo(neg(neg(x())));
        assertThat(Parser.parse("x - -1")).isEqualTo(sub(x(), neg(num(1))));
    }

    @ParameterizedTest
    @CsvSource({"2, 2", "1e-3, 0.001", ".5, 0.5", "1.5E+2, 150", "2.e1, 20", "007, 7", "1e999, Infinity"})
    void numbers(String text, double value) {
        assertThat(Parser.parse(text)).isEqualTo(num(value));
    }

    @Test
    void constantsFunctionsAndWhitespace() {
        assertThat(Parser.parse(" pi ")).isEqualTo(num(Math.PI));
        assertThat(Parser.parse("e")).isEqualTo(num(Math.E));
        assertThat(Parser.parse("2*e^x")).isEqualTo(mul(num(2), pow(num(Math.E), x())));
        assertThat(Parser.parse("\tmax ( x , 0 )\n")).isEqualTo(max(x(), num(0)));
        assertThat(Parser.parse("TANH(X)")).isEqualTo(call(Fn.TANH, x()));
        for (Fn fn : Fn.values()) {
            if (fn != Fn.NEG) {
                assertThat(Parser.parse(fn.symbol() + "(x)")).isEqualTo(call(fn, x()));
            }
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "tahn(x)        | 1  | unknown function 'tahn' at column 1 (did you mean 'tanh'?)",
        "sigmod(x)      | 1  | unknown function 'sigmod' at column 1 (did you mean 'sigmoid'?)",
        "2*expp(x)      | 3  | unknown function 'expp' at column 3 (did you mean 'exp'?)",
        "foo(x)         | 1  | unknown function 'foo' at column 1",
        "tanh(x))       | 8  | unexpected ')' at column 8",
        "x+y            | 3  | unknown name 'y' at column 3; the only variable is x",
        "max(x)         | 1  | max takes 2 arguments, got 1 at column 1",
        "1+min(x,1,2)   | 3  | min takes 2 arguments, got 3 at column 3",
        "tanh(x,1)      | 1  | tanh takes 1 argument, got 2 at column 1",
        "exp()          | 1  | exp takes 1 argument, got 0 at column 1",
        "tanh(x         | 7  | missing ')' at column 7 to close '(' at column 5",
        "x+             | 3  | unexpected end of formula at column 3",
        "x*/2           | 3  | unexpected '/' at column 3",
        "2x             | 2  | unexpected 'x' at column 2 (missing '*'?)",
        ")              | 1  | unexpected ')' at column 1",
        "x # 2          | 3  | unexpected character '#' at column 3",
        "tanh + 1       | 1  | function 'tanh' needs an argument list at column 1, e.g. tanh(x)",
        "softsgn(x)     | 1  | unknown function 'softsgn' at column 1 (did you mean 'softsign'?)",
        "2*gleu(x)      | 3  | unknown function 'gleu' at column 3 (did you mean 'gelu'?)",
        "relu + 1       | 1  | function 'relu' needs an argument list at column 1, e.g. relu(x)",
        "swish(x,1)     | 1  | swish takes 1 argument, got 2 at column 1",
    })
    void errorsNameTheProblemAndColumn(String formula, int column, String message) {
        assertThatThrownBy(() -> Parser.parse(formula))
                .isInstanceOf(FormulaException.class)
                .hasMessage(message)
                .satisfies(e -> assertThat(((FormulaException) e).column()).isEqualTo(column));
    }

    @Test
    void emptyFormulas() {
        for (String blank : new String[] {"", "   ", null}) {
            assertThatThrownBy(() -> Parser.parse(blank)).isInstanceOf(FormulaException.class).hasMessage("empty formula");
        }
        assertThatThrownBy(() -> Parser.parse("()")).isInstanceOf(FormulaException.class)
                .hasMessage("unexpected ')' at column 2");
    }

    @Test
    void libraryNamesAreFunctionsExpandedInPlace() {
        assertThat(Parser.parse("softsign(2*x)"))
                .isEqualTo(div(mul(num(2), x()), add(num(1), call(Fn.ABS, mul(num(2), x())))));
        assertThat(Parser.parse("Relu(x - 1)")).isEqualTo(max(sub(x(), num(1)), num(0)));
        assertThat(Parser.parse("linear(tanh(x))")).isEqualTo(call(Fn.TANH, x()));
        // Every library name that is not a primitive, applied to an argument, is its formula composed with it.
        Expr inner = add(mul(num(3), x()), num(0.5));
        for (String name : NamedFunctions.expandable()) {
            Expr formula = Parser.parse(NamedFunctions.formulas().get(name));
            assertThat(Parser.parse(name + "(3*x + 0.5)")).as(name).isEqualTo(Substitution.of(formula, inner));
        }
        assertThat(NamedFunctions.expandable()).contains("softsign", "gauss", "swish", "gelu", "relu", "elu", "selu",
                "hardtanh", "leaky_relu", "linear").doesNotContain("tanh", "sigmoid", "softplus");
    }

    @Test
    void expansionsThatExplodeOrNestTooDeeplyAreFormulaErrors() {
        // softsign uses x twice: nesting doubles the tree each level.
        String bomb = "softsign(".repeat(40) + "x" + ")".repeat(40);
        assertThatThrownBy(() -> Parser.parse(bomb)).isInstanceOf(FormulaException.class)
                .hasMessageContaining("expands to more than");
        String deep = "-".repeat(198) + "selu(x)";
        assertThatThrownBy(() -> Parser.parse(deep)).isInstanceOf(FormulaException.class)
                .hasMessageContaining("nested too deeply");
        assertThat(Parser.parse("softsign(".repeat(8) + "x" + ")".repeat(8))).isNotNull();
    }

    @Test
    void deepNestingIsAFormulaErrorNotAStackOverflow() {
        String deep = "(".repeat(5000) + "x" + ")".repeat(5000);
        assertThatThrownBy(() -> Parser.parse(deep)).isInstanceOf(FormulaException.class)
                .hasMessageContaining("nested too deeply");
        String longSum = "x" + "+x".repeat(5000);
        assertThatThrownBy(() -> Parser.parse(longSum)).isInstanceOf(FormulaException.class);
        String minuses = "-".repeat(5000) + "x";
        assertThatThrownBy(() -> Parser.parse(minuses)).isInstanceOf(FormulaException.class);
        assertThat(Parser.parse("x" + "+x".repeat(100))).isNotNull();
    }
}
