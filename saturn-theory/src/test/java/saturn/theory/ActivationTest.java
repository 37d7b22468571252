package saturn.theory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

import saturn.theory.expr.FormulaException;

class ActivationTest {

    @Test
    void libraryActivationsCompose() {
        Activation s = Activation.parse("softsign(2*x)");
        for (double x : new double[] {-3, -0.4, 0.1, 2.5}) {
            assertThat(s.value(x)).isCloseTo(2 * x / (1 + Math.abs(2 * x)), within(1e-15));
            double h = 1e-6;
            assertThat(s.derivative().value(x)).isCloseTo((s.value(x + h) - s.value(x - h)) / (2 * h), within(1e-7));
        }
        assertThat(s.kinks()).containsExactly(0.0);
        assertThat(Activation.parse("relu(x - 1)").kinks()).containsExactly(1.0);
        assertThat(Activation.parse("hardtanh(2*x)").kinks()).containsExactly(-0.5, 0.5);
        assertThat(Activation.parse("gauss(x)*x").expr()).isEqualTo(Activation.parse("exp(-x^2/2)*x").expr());
        for (String name : Activations.names()) {
            assertThat(Activation.parse(name + "(x)").expr()).as(name).isEqualTo(Activation.parse(name).expr());
        }
        assertThat(Activation.parse("swish(x) + 0.1*x").value(1.5)).isCloseTo(1.5 / (1 + Math.exp(-1.5)) + 0.15,
                within(1e-15));
    }

    @Test
    void kinksOfPiecewiseActivations() {
        assertThat(Activation.parse("abs(x)").kinks()).containsExactly(0.0);
        assertThat(Activation.parse("hardtanh").kinks()).containsExactly(-1.0, 1.0);
        assertThat(Activation.parse("relu").kinks()).containsExactly(0.0);
        assertThat(Activation.parse("leaky_relu").kinks()).containsExactly(0.0);
        assertThat(Activation.parse("max(x, 2*x-1)").kinks()).containsExactly(1.0);
        assertThat(Activation.parse("step(x - 0.3) + sign(2*x + 1)").kinks()).containsExactly(-0.5, 0.3);
        assertThat(Activation.parse("elu").isSmooth()).isFalse();
    }

    @Test
    void kinksOfNonLinearArgumentsAreFoundNumerically() {
        assertThat(Activation.parse("abs(x^2 - 2)").kinks())
                .hasSize(2)
                .satisfies(k -> {
                    assertThat(k[0]).isCloseTo(-Math.sqrt(2), within(1e-12));
                    assertThat(k[1]).isCloseTo(Math.sqrt(2), within(1e-12));
                });
        assertThat(Activation.parse("max(tanh(x), 0.5)").kinks()[0]).isCloseTo(0.5493061443340549, within(1e-12));
        assertThat(Activation.parse("abs(x^2 + 1)").kinks()).isEmpty();
        assertThat(Activation.parse("max(x, x)").kinks()).isEmpty();
        assertThat(Activation.parse("abs(1/x)").kinks()).isEmpty();
    }

    /**
     * A sign change of a switch's argument that passes through a region where the argument is
     * undefined (a negative base to a fractional power gives NaN) or through a pole is no kink,
     * and the search ends there instead of failing.
     */
    @Test
    void kinksSkipSignChangesThroughUndefinedRegions() {
        for (String f : new String[] {"max((e*x)^(1e3*x)+log1p(x),x)", "min((x*4.29)^(2.14/x),0.3)",
            "min(leaky_relu(e),(-cos(x))^x)", "max(x,(tan(x)-(x+x))^x)"}) {
            Activation phi = Activation.parse(f);
            for (double k : phi.kinks()) assertThat(k).as(f).isFinite();
        }
        assertThat(Activation.parse("max(x^3 - x, 0)").kinks()).containsExactly(-1.0, 0.0, 1.0);
    }

    /**
     * φ continuous with an infinite slope at a kink is not a jump: |x|^x (slope −∞·1 at 0) and
     * x·log|x| extrapolate to one-sided values that differ by ~1e-6 at h = 1e-6, but by ~1e-9
     * at h = 1e-9. A jump stays: sign, step, and a jump on top of such a slope.
     */
    @Test
    void aJumpIsTheSameAtTwoScales() {
        assertThat(Activation.parse("abs(x)^x").jumpAt(0)).isZero();
        assertThat(Activation.parse("x*log(abs(x))").jumpAt(0)).isZero();
        assertThat(Activation.parse("sqrt(abs(x))").jumpAt(0)).isZero();
        assertThat(Activation.parse("sign(x)").jumpAt(0)).isCloseTo(2, within(1e-9));
        assertThat(Activation.parse("step(x - 0.5)").jumpAt(0.5)).isCloseTo(1, within(1e-9));
        assertThat(Activation.parse("abs(x)^x + step(x)").jumpAt(0)).isCloseTo(1, within(1e-5));
    }

    @Test
    void smoothActivationsHaveNoKinks() {
        for (String name : new String[] {"tanh", "sigmoid", "erf", "gauss", "gelu", "swish", "softplus", "sin"}) {
            Activation phi = Activation.parse(name);
            assertThat(phi.isSmooth()).as(name).isTrue();
            assertThat(phi.kinks()).as(name).isEmpty();
        }
    }

    @Test
    void maxAbsDerivativeOfSaturatingActivations() {
        assertThat(Activation.parse("tanh").maxAbsDerivative()).isCloseTo(1, within(1e-12));
        assertThat(Activation.parse("sigmoid").maxAbsDerivative()).isCloseTo(0.25, within(1e-12));
        assertThat(Activation.parse("erf").maxAbsDerivative()).isCloseTo(2 / Math.sqrt(Math.PI), within(1e-12));
        assertThat(Activation.parse("gauss").maxAbsDerivative()).isCloseTo(Math.exp(-0.5), within(1e-12));
        assertThat(Activation.parse("softsign").maxAbsDerivative()).isCloseTo(1, within(1e-8));
        assertThat(Activation.parse("hardtanh").maxAbsDerivative()).isCloseTo(1, within(1e-12));
        assertThat(Activation.parse("selu").maxAbsDerivative())
                .isCloseTo(1.0507009873554805 * 1.6732632423543772, within(1e-8));
        assertThat(Activation.parse("swish").maxAbsDerivative()).isCloseTo(1.099839, within(1e-6));
        assertThat(Activation.parse("tanh(3*x + 1)").maxAbsDerivative()).isCloseTo(3, within(1e-10));
        assertThat(Activation.parse("x*exp(-x^2)").maxAbsDerivative()).isCloseTo(1, within(1e-12));
        // maximum between grid points: found by the refinement, not the grid
        assertThat(Activation.parse("atan(x - 0.00123)").maxAbsDerivative()).isCloseTo(1, within(1e-12));
    }

    @Test
    void maxAbsDerivativeIsInfiniteWhenTheSlopeGrows() {
        assertThat(Activation.parse("exp(x)").maxAbsDerivative()).isInfinite();
        assertThat(Activation.parse("exp(-x)").maxAbsDerivative()).isInfinite();
        assertThat(Activation.parse("x^3").maxAbsDerivative()).isInfinite();
        assertThat(Activation.parse("x*log(1 + x^2)").maxAbsDerivative()).isInfinite();
        assertThat(Activation.parse("log(x)").maxAbsDerivative()).isInfinite();
        assertThat(Activation.parse("linear").maxAbsDerivative()).isEqualTo(1);
        assertThat(Activation.parse("x + sin(x)").maxAbsDerivative()).isCloseTo(2, within(1e-9));
        assertThat(Activation.parse("softplus").maxAbsDerivative()).isCloseTo(1, within(1e-12));
    }

    @Test
    void transformedIsGammaTimesPhiOfAffinePlusDelta() {
        double alpha = 1.7;
        double beta = -0.3;
        double gamma = 1.4;
        double delta = 0.25;
        for (String name : Activations.names()) {
            Activation phi = Activation.parse(name);
            Activation t = phi.transformed(alpha, beta, gamma, delta);
            for (double x = -4; x <= 4; x += 0.37) {
                double expected = gamma * (phi.value(alpha * x + beta) + delta);
                assertThat(t.value(x)).as("%s at %s", name, x).isCloseTo(expected, within(1e-13 * (1 + Math.abs(expected))));
            }
            assertThat(t.name()).isEqualTo(t.formula());
        }
        assertThat(Activation.parse("tanh").transformed(1.5, 0.2, 2, -0.1).formula())
                .isEqualTo("2*(tanh(1.5*x + 0.2) - 0.1)");
        assertThat(Activation.parse("tanh").transformed(1, 0, 1, 0)).isEqualTo(Activation.parse("tanh(x)"));
    }

    @Test
    void transformedDerivativeFollowsTheChainRule() {
        Activation phi = Activation.parse("sigmoid");
        Activation t = phi.transformed(2, 0.5, 3, -0.5);
        for (double x = -3; x <= 3; x += 0.5) {
            assertThat(t.derivative().value(x)).isCloseTo(3 * 2 * phi.derivative().value(2 * x + 0.5), within(1e-14));
        }
        assertThat(t.maxAbsDerivative()).isCloseTo(6 * 0.25, within(1e-12));
    }

    @Test
    void scaledMultipliesTheActivation() {
        Activation phi = Activation.parse("erf");
        Activation s = phi.scaled(1.5);
        assertThat(s.formula()).isEqualTo("1.5*erf(x)");
        assertThat(s.value(0.4)).isEqualTo(1.5 * phi.value(0.4));
        assertThat(s.maxAbsDerivative()).isCloseTo(1.5 * 2 / Math.sqrt(Math.PI), within(1e-12));
    }

    @Test
    void customFormulasAreNormalized() {
        Activation a = Activation.parse(" x * 1 + 0 * tanh(x) + tanh( x ) ");
        assertThat(a.formula()).isEqualTo("x + tanh(x)");
        assertThat(a.name()).isEqualTo("x + tanh(x)");
        assertThat(a.toString()).isEqualTo("x + tanh(x)");
        assertThat(Activation.parse("tanh").toString()).isEqualTo("tanh = tanh(x)");
        assertThatThrownBy(() -> Activation.parse("tahn")).isInstanceOf(FormulaException.class)
                .hasMessage("unknown activation 'tahn' at column 1 (did you mean 'tanh'?)");
        assertThatThrownBy(() -> Activation.parse("y")).isInstanceOf(FormulaException.class)
                .hasMessageStartingWith("unknown activation 'y' at column 1; the library has sigmoid, tanh,");
        assertThatThrownBy(() -> Activation.parse("tahn(x)")).isInstanceOf(FormulaException.class)
                .hasMessageContaining("did you mean 'tanh'?");
    }

    @Test
    void derivativeIsCachedAndValuesUseTheFastPath() {
        Activation phi = Activation.parse("gauss");
        assertThat(phi.derivative()).isSameAs(phi.derivative());
        double[] x = {-1, 0, 2, 5};
        double[] out = new double[4];
        phi.derivative().values(x, out, 3);
        assertThat(out[0]).isEqualTo(Math.exp(-0.5));
        assertThat(out[1]).isEqualTo(0.0, within(0.0));
        assertThat(out[2]).isEqualTo(-2 * Math.exp(-2));
        assertThat(out[3]).as("untouched beyond n").isEqualTo(0.0);
    }
}
