package saturn.theory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Stream;

import org.hipparchus.special.Erf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every library activation against a formula written directly with Math/Hipparchus, and its derivatives against finite differences. */
class ActivationsTest {

    private static final double[] POINTS = {-800, -40, -20, -7.5, -3, -2.2, -1, -0.7, -0.3, -1e-3, 0, 1e-3, 0.25, 0.5,
        1, 1.7, 3, 6, 20, 40, 800};

    private static double sigmoid(double x) {
        return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    }

    private static final Map<String, DoubleUnaryOperator> REFERENCE = Map.ofEntries(
            Map.entry("sigmoid", ActivationsTest::sigmoid),
            Map.entry("tanh", Math::tanh),
            Map.entry("erf", Erf::erf),
            Map.entry("softsign", x -> x / (1 + Math.abs(x))),
            Map.entry("atan", Math::atan),
            Map.entry("asinh", x -> Math.signum(x) * Math.log(Math.abs(x) + Math.sqrt(x * x + 1))),
            Map.entry("gauss", x -> Math.exp(-x * x / 2)),
            Map.entry("sin", Math::sin),
            Map.entry("softplus", x -> Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)))),
            Map.entry("swish", x -> x * sigmoid(x)),
            Map.entry("elu", x -> x > 0 ? x : Math.expm1(x)),
            Map.entry("selu", x -> 1.0507009873554805 * (x > 0 ? x : 1.6732632423543772 * Math.expm1(x))),
            Map.entry("gelu", x -> 0.5 * x * (1 + Erf.erf(x / Math.sqrt(2)))),
            Map.entry("hardtanh", x -> Math.max(-1, Math.min(1, x))),
            Map.entry("logsigmoid", x -> x < 0 ? x - Math.log1p(Math.exp(x)) : -Math.log1p(Math.exp(-x))),
            Map.entry("mish", x -> x * Math.tanh(Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x))))),
            Map.entry("tanhshrink", x -> x - Math.tanh(x)),
            Map.entry("hardsigmoid", x -> x <= -3 ? 0 : x >= 3 ? 1 : x / 6 + 0.5),
            Map.entry("hardswish", x -> x <= -3 ? 0 : x >= 3 ? x : x * (x + 3) / 6),
            Map.entry("softshrink", x -> x > 0.5 ? x - 0.5 : x < -0.5 ? x + 0.5 : 0),
            Map.entry("linear", x -> x),
            Map.entry("relu", x -> Math.max(x, 0)),
            Map.entry("relu6", x -> Math.min(Math.max(x, 0), 6)),
            Map.entry("leaky_relu", x -> x > 0 ? x : 0.01 * x));

    /** PyTorch's names for functions the library has under another name, with PyTorch's own definition. */
    private static final Map<String, DoubleUnaryOperator> ALIASES = Map.of(
            "silu", x -> x / (1 + Math.exp(-x)),
            "celu", x -> Math.max(0, x) + Math.min(0, Math.expm1(x)),   // CELU(α = 1) = max(0,x) + min(0, α(exp(x/α)-1))
            "identity", x -> x);

    static Stream<Arguments> library() {
        return Activations.names().stream().map(n -> Arguments.of(n, REFERENCE.get(n)));
    }

    @Test
    void theLibraryHasTheDocumentedNames() {
        assertThat(Activations.names()).containsExactlyInAnyOrderElementsOf(REFERENCE.keySet());
        assertThat(Activations.byName("TanH")).contains(Activation.parse("tanh"));
        assertThat(Activations.byName("nope")).isEmpty();
        assertThat(Activation.parse("Sigmoid").name()).isEqualTo("sigmoid");
        assertThat(Activation.parse("gauss").formula()).isEqualTo("exp(-x^2/2)");
        assertThat(Activation.parse("softsign").formula()).isEqualTo("x/(1 + abs(x))");
        assertThat(Activation.parse("hardtanh").formula()).isEqualTo("max(-1, min(1, x))");
    }

    @Test
    void pytorchAliasesAreTheSameFunctionUnderTheirOwnName() {
        assertThat(Activations.aliases()).containsExactlyInAnyOrderElementsOf(ALIASES.keySet());
        ALIASES.forEach((alias, reference) -> {
            Activation a = Activation.parse(alias.toUpperCase(java.util.Locale.ROOT));
            assertThat(a.name()).isEqualTo(alias);
            for (double x : POINTS) {
                double expected = reference.applyAsDouble(x);
                assertThat(a.value(x)).as("%s(%s)", alias, x).isCloseTo(expected, within(1e-14 * (1 + Math.abs(expected))));
            }
            assertThat(Activation.parse(alias + "(2*x) + 1").value(0.3)).isCloseTo(reference.applyAsDouble(0.6) + 1, within(1e-14));
        });
        assertThat(Activation.parse("silu").expr()).isEqualTo(Activation.parse("swish").expr());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("library")
    void valuesMatchTheReferenceIncludingTails(String name, DoubleUnaryOperator reference) {
        Activation phi = Activation.parse(name);
        double[] out = new double[POINTS.length];
        phi.values(POINTS, out, POINTS.length);
        for (int i = 0; i < POINTS.length; i++) {
            double x = POINTS[i];
            double expected = reference.applyAsDouble(x);
            if (name.equals("sin") && Math.abs(x) > 100) {
                continue;
            }
            assertThat(phi.value(x)).as("%s(%s)", name, x).isCloseTo(expected, within(1e-14 * (1 + Math.abs(expected))));
            assertThat(out[i]).as("%s values(%s)", name, x).isEqualTo(phi.value(x));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("library")
    void firstAndSecondDerivativesMatchCentralDifferences(String name, DoubleUnaryOperator reference) {
        Activation phi = Activation.parse(name);
        Activation d1 = phi.derivative();
        Activation d2 = d1.derivative();
        double[] kinks = phi.kinks();
        for (double x : POINTS) {
            if (Math.abs(x) > 50 || Arrays.stream(kinks).anyMatch(k -> Math.abs(k - x) < 1e-2)) {
                continue;
            }
            assertThat(d1.value(x)).as("%s'(%s)", name, x)
                    .isCloseTo(central(reference, x), within(1e-7 * (1 + Math.abs(d1.value(x)))));
            assertThat(d2.value(x)).as("%s''(%s)", name, x)
                    .isCloseTo(central(d1::value, x), within(1e-7 * (1 + Math.abs(d2.value(x)))));
        }
    }

    /** Fourth-order central difference. */
    static double central(DoubleUnaryOperator f, double x) {
        double h = 1e-3 * Math.max(1, Math.abs(x));
        return (8 * (f.applyAsDouble(x + h) - f.applyAsDouble(x - h)) - (f.applyAsDouble(x + 2 * h) - f.applyAsDouble(x - 2 * h)))
                / (12 * h);
    }

    @Test
    void sigmoidAndSoftplusAreStableInBothTails() {
        Activation sigmoid = Activation.parse("sigmoid");
        Activation softplus = Activation.parse("softplus");
        assertThat(sigmoid.value(-800)).isEqualTo(0.0);
        assertThat(sigmoid.value(-700)).isPositive().isCloseTo(Math.exp(-700), within(1e-310));
        assertThat(sigmoid.value(800)).isEqualTo(1.0);
        assertThat(softplus.value(800)).isEqualTo(800.0);
        assertThat(softplus.value(-800)).isEqualTo(0.0);
        assertThat(softplus.value(-30)).isCloseTo(Math.exp(-30), within(1e-25));
        assertThat(softplus.derivative().value(800)).isEqualTo(1.0);
        assertThat(sigmoid.derivative().value(-800)).isEqualTo(0.0);
        assertThat(sigmoid.derivative().value(800)).isEqualTo(0.0);
    }

    @Test
    void derivativesOfTheLibraryStayReadable() {
        assertThat(Activation.parse("tanh").derivative().formula()).isEqualTo("1 - tanh(x)^2");
        assertThat(Activation.parse("tanh").derivative().derivative().formula()).isEqualTo("-2*(1 - tanh(x)^2)*tanh(x)");
        assertThat(Activation.parse("sigmoid").derivative().formula()).isEqualTo("sigmoid(x)*(1 - sigmoid(x))");
        assertThat(Activation.parse("gauss").derivative().formula()).isEqualTo("-x*exp(-x^2/2)");
        assertThat(Activation.parse("gauss").derivative().derivative().formula())
                .isEqualTo("x^2*exp(-x^2/2) - exp(-x^2/2)");
        assertThat(Activation.parse("erf").derivative().formula()).isEqualTo("2/sqrt(pi)*exp(-x^2)");
        assertThat(Activation.parse("atan").derivative().formula()).isEqualTo("1/(1 + x^2)");
        assertThat(Activation.parse("softplus").derivative().formula()).isEqualTo("sigmoid(x)");
        assertThat(Activation.parse("relu").derivative().formula()).isEqualTo("step(x)");
        assertThat(Activation.parse("elu").derivative().formula()).isEqualTo("step(x) + step(-x)*exp(min(x, 0))");
        assertThat(Activation.parse("elu").derivative().value(0)).isEqualTo(1.0);
        assertThat(Activation.parse("sin").derivative().derivative().formula()).isEqualTo("-sin(x)");
        assertThat(Activation.parse("linear").derivative().derivative().formula()).isEqualTo("0");
    }
}
