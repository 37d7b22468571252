package saturn.theory.gauss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.hipparchus.special.Erf;
import org.junit.jupiter.api.Test;

class GaussianExpectationTest {

    private static final double[] NONE = {};

    @Test
    void integratesEvenMonomialsExactly() {
        assertThat(GaussianExpectation.of(Integrand.of(z -> z * z))).isCloseTo(1, within(1e-13));
        assertThat(GaussianExpectation.of(Integrand.of(z -> Math.pow(z, 4)))).isCloseTo(3, within(1e-12));
        assertThat(GaussianExpectation.of(Integrand.of(z -> Math.pow(z, 6)))).isCloseTo(15, within(1e-11));
        assertThat(GaussianExpectation.of(Integrand.of(z -> Math.pow(z, 10)))).isCloseTo(945, within(1e-9));
        assertThat(GaussianExpectation.of(Integrand.of(z -> Math.pow(z, 3)))).isCloseTo(0, within(1e-13));
    }

    @Test
    void kinkedFunctionsAreExactWhenSplitAtTheKink() {
        double[] kink = {0};
        assertThat(GaussianExpectation.of(Integrand.of(Math::abs), kink))
                .isCloseTo(Math.sqrt(2 / Math.PI), within(1e-14));
        assertThat(GaussianExpectation.of(Integrand.of(z -> Math.pow(Math.max(z, 0), 2)), kink))
                .isCloseTo(0.5, within(1e-14));
    }

    @Test
    void kinkedFunctionsConvergeEvenWhenTheKinkIsNotReported() {
        // The adaptive bisection isolates the kink: slower, but still accurate.
        double value = GaussianExpectation.of(Integrand.of(z -> Math.abs(z - 0.3)));
        double exact = 2 * pdf(0.3) + 0.3 * Erf.erf(0.3 / Math.sqrt(2)); // E|z - a|
        assertThat(value).isCloseTo(exact, within(1e-10));
    }

    @Test
    void steepSmoothFunctionsReachNineDigits() {
        // E[erf(a z + b)] = erf(b / sqrt(1 + 2 a^2)), erf(15 z) is almost a step.
        for (double a : new double[] {0.5, 1, 5, 15}) {
            for (double b : new double[] {0, 0.3, -2}) {
                double exact = Erf.erf(b / Math.sqrt(1 + 2 * a * a));
                double value = GaussianExpectation.of(Integrand.of(z -> Erf.erf(a * z + b)));
                assertThat(value).as("a=%s b=%s", a, b).isCloseTo(exact, within(1e-10 * Math.max(1, Math.abs(exact))));
            }
        }
        // E[erf(a z)^2] = (2/pi) asin(2a^2 / (1 + 2a^2)).
        for (double a : new double[] {0.3, 3, 15}) {
            double exact = 2 / Math.PI * Math.asin(2 * a * a / (1 + 2 * a * a));
            double value = GaussianExpectation.of(Integrand.of(z -> Math.pow(Erf.erf(a * z), 2)));
            assertThat(value / exact - 1).as("a=%s", a).isCloseTo(0, within(1e-9));
        }
    }

    @Test
    void tanhAtLargeScaleMatchesAVeryFineFixedRule() {
        for (double s : new double[] {1, 4, 15}) {
            Integrand f = Integrand.of(z -> Math.pow(Math.tanh(s * z + 0.2), 2));
            double reference = fineReference(z -> Math.pow(Math.tanh(s * z + 0.2), 2));
            assertThat(GaussianExpectation.of(f) / reference - 1).as("s=%s", s).isCloseTo(0, within(1e-10));
        }
    }

    @Test
    void growingButIntegrableFunctionsExtendTheRange() {
        // E[exp(a z)] = exp(a^2/2): mass centred at z = a.
        for (double a : new double[] {1, 3, 6}) {
            double value = GaussianExpectation.of(Integrand.of(z -> Math.exp(a * z)));
            assertThat(value / Math.exp(a * a / 2) - 1).as("a=%s", a).isCloseTo(0, within(1e-10));
        }
        assertThat(GaussianExpectation.of(Integrand.of(z -> Math.exp(z * z / 4))))
                .isCloseTo(Math.sqrt(2), within(1e-10));
    }

    @Test
    void divergentExpectationsAreDetected() {
        assertThatThrownBy(() -> GaussianExpectation.of(Integrand.of(z -> Math.exp(z * z))))
                .isInstanceOf(DivergentExpectationException.class)
                .hasMessageContaining("diverges");
        assertThatThrownBy(() -> GaussianExpectation.of(Integrand.of(z -> Math.exp(z * z / 2))))
                .isInstanceOf(DivergentExpectationException.class);
        assertThatThrownBy(() -> GaussianExpectation.of(Integrand.of(z -> Math.exp(Math.exp(z)))))
                .isInstanceOf(DivergentExpectationException.class);
    }

    @Test
    void integrandsWithRoundingNoiseConvergeAtTheirNoiseFloor() {
        // At |u| ~ 1e-5, 1 - exp(-u^2) keeps ~6 of its digits and u - tanh(u) ~5: bisection
        // cannot beat that noise, and used to report a singularity instead of stopping.
        for (double s : new double[] {1e-5, 1.7469281e-5, 1e-6}) {
            double bump = GaussianExpectation.of(Integrand.of(z -> Math.pow(1 - Math.exp(-s * s * z * z), 2)));
            // (1 - exp(-u^2))^2 = u^4 + O(u^6): E = 3 s^4.
            assertThat(bump / (3 * Math.pow(s, 4)) - 1).as("s=%s", s).isCloseTo(0, within(1e-3));
            // (u - tanh u)^2 = u^6/9 + O(u^8): E = 15 s^6 / 9.
            double cubic = GaussianExpectation.of(Integrand.of(z -> Math.pow(s * z - Math.tanh(s * z), 2)));
            assertThat(cubic / (15 * Math.pow(s, 6) / 9) - 1).as("s=%s", s).isCloseTo(0, within(1e-3));
        }
    }

    @Test
    void polesAreStillSingularAndNotNoise() {
        for (java.util.function.DoubleUnaryOperator f : new java.util.function.DoubleUnaryOperator[] {
            z -> 1 / z, z -> 1 / (z * z), z -> 1 / (z - 0.3), z -> Math.log(Math.abs(z)) / Math.abs(z)}) {
            assertThatThrownBy(() -> GaussianExpectation.of(Integrand.of(f)))
                    .isInstanceOf(DivergentExpectationException.class)
                    .hasMessageContaining("singular near z");
        }
    }

    @Test
    void unresolvedOscillationIsRefinedNotMistakenForNoise() {
        // E[cos(a z)] = exp(-a^2/2): bounded, wildly oscillating, every panel's error stalls at first.
        for (double a : new double[] {3, 40, 120}) {
            double value = GaussianExpectation.of(Integrand.of(z -> Math.cos(a * z) * Math.exp(-z * z / 8)));
            double exact = Math.exp(-a * a / (2 * (1 + 0.25))) / Math.sqrt(1 + 0.25);
            assertThat(value).as("a=%s", a).isCloseTo(exact, within(1e-11));
        }
    }

    @Test
    void bivariateMomentsOfTheCorrelatedPair() {
        Integrand x = Integrand.of(u -> u);
        Integrand x2 = Integrand.of(u -> u * u);
        for (double q : new double[] {0.5, 2.7}) {
            for (double c : new double[] {-1, -0.4, 0, 0.3, 0.99, 1}) {
                assertThat(GaussianExpectation.bivariate(x, x, q, c)).isCloseTo(q * c, within(1e-12 * q));
                assertThat(GaussianExpectation.bivariate(x2, x2, q, c))
                        .isCloseTo(q * q * (1 + 2 * c * c), within(1e-11 * q * q));
            }
        }
    }

    @Test
    void bivariateArcsineKernelOfErf() {
        // E[erf(u1) erf(u2)] = (2/pi) asin(2 q c / (1 + 2 q)) (Williams 1997).
        Integrand erf = Integrand.of(Erf::erf);
        for (double q : new double[] {0.2, 1, 9}) {
            for (double c : new double[] {-0.7, 0.1, 0.6, 0.999}) {
                double exact = 2 / Math.PI * Math.asin(2 * q * c / (1 + 2 * q));
                assertThat(GaussianExpectation.bivariate(erf, erf, q, c)).as("q=%s c=%s", q, c)
                        .isCloseTo(exact, within(1e-10));
            }
        }
    }

    @Test
    void bivariateReluKernelWithKinks() {
        // Arc-cosine kernel of order 1 (Cho & Saul): E[relu(u1) relu(u2)] = q (sin t + (pi - t) cos t) / (2 pi).
        Integrand relu = Integrand.of(u -> Math.max(u, 0));
        double[] kink = {0};
        for (double c : new double[] {-0.5, 0.2, 0.9}) {
            double t = Math.acos(c);
            double q = 1.7;
            double exact = q * (Math.sin(t) + (Math.PI - t) * Math.cos(t)) / (2 * Math.PI);
            double value = GaussianExpectation.bivariate(new Integrand[] {relu}, kink, new Integrand[] {relu}, kink, q, c)[0];
            assertThat(value).as("c=%s", c).isCloseTo(exact, within(1e-11));
        }
    }

    static double pdf(double z) {
        return Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
    }

    /** 64-point Gauss–Legendre on 3000 uniform panels of [-12, 12]: a reference far finer than needed. */
    static double fineReference(java.util.function.DoubleUnaryOperator f) {
        var g = new org.hipparchus.analysis.integration.gauss.GaussIntegratorFactory().legendre(64);
        int panels = 3000;
        double h = 24.0 / panels;
        double sum = 0;
        for (int p = 0; p < panels; p++) {
            double a = -12 + p * h;
            double part = 0;
            for (int i = 0; i < g.getNumberOfPoints(); i++) {
                double z = a + 0.5 * h * (g.getPoint(i) + 1);
                part += g.getWeight(i) * f.applyAsDouble(z) * pdf(z);
            }
            sum += 0.5 * h * part;
        }
        return sum;
    }
}
