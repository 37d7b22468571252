package saturn.theory.meanfield;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import saturn.theory.Activation;
import saturn.theory.gauss.Derivatives;

/**
 * Mean-field points of kinked and jumping activations (hardtanh, {@code abs(x)-1}, shifted
 * relu, sign, a clipped tanh, a shifted leaky relu) at ordered, critical and chaotic
 * (σ_w², σ_b²), against numbers made by another method: tools/kinked_meanfield_reference.py
 * (QUADPACK, the q-map slope by the heat equation with the kinks' point masses, the C-map as
 * a nested product integral, closed forms for sign). Every point checks all six quantities:
 * q*, the q-map slope, ξ_q, c*, the C-map slope and ξ_c (infinite at the critical points).
 * sign is chaotic at every σ_w² > 0 (the C-map's slope at c = 1 is infinite): its ordered
 * point is the degenerate σ_w² = 0, and (0.01, 1) puts its c* within 1e-4 of 1.
 */
class KinkedReferenceTest {

    @ParameterizedTest(name = "{0} at ({1}, {2}) {3}")
    @CsvFileSource(resources = "/saturn/theory/meanfield/kinked-reference.csv", delimiter = ';', numLinesToSkip = 1)
    void pointMatchesTheReference(String formula, double sigmaW2, double sigmaB2, String phase, double qStar,
                                  double qSlope, String xiQ, double cStar, double cSlope, String xiC) {
        MeanFieldPoint p = new MeanField(Derivatives.of(Activation.parse(formula)), sigmaW2, sigmaB2).point();
        assertThat(p.qStar()).as("q*").isCloseTo(qStar, within(1e-10 * qStar));
        assertThat(p.qSlope()).as("q-map slope").isCloseTo(qSlope, within(1e-9));
        assertDepth("xi_q", p.xiQ(), xiQ);
        assertThat(p.cStar()).as("c*").isCloseTo(cStar, within(1e-9));
        assertThat(p.phase().label()).isEqualTo(phase);
        assertThat(p.cSlope()).as("C-map slope").isCloseTo(cSlope, within(1e-9));
        assertDepth("xi_c", p.xiC(), xiC);
    }

    private static void assertDepth(String what, double actual, String expected) {
        if (expected.equals("inf")) {
            assertThat(actual).as(what).isGreaterThan(1e7);
        } else if (Double.parseDouble(expected) == 0) {
            assertThat(actual).as(what).isLessThan(0.03); // a slope below 1e-14, zero up to rounding
        } else {
            double e = Double.parseDouble(expected);
            assertThat(actual).as(what).isCloseTo(e, within(1e-7 * Math.max(1, e)));
        }
    }
}
