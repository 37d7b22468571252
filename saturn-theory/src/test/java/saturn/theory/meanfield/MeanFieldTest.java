package saturn.theory.meanfield;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import saturn.theory.Activation;
import saturn.theory.gauss.Derivatives;
import saturn.theory.gauss.DivergentExpectationException;

class MeanFieldTest {

    private static Derivatives phi(String formula) {
        return Derivatives.of(Activation.parse(formula));
    }

    @Test
    void publishedTanhFixedPointAndChi() {
        MeanFieldPoint p = new MeanField(phi("tanh"), 2, 0.05).point();
        assertThat(p.qStar()).isCloseTo(0.721762, within(1e-6));
        assertThat(p.chi1()).isCloseTo(1.047666, within(1e-6));
        assertThat(p.phase()).isEqualTo(Phase.CHAOTIC);
        assertThat(p.cStar()).isBetween(0.0, 1.0);
        // c* is a fixed point of the c-map and the c-map contracts there.
        MeanField mf = new MeanField(phi("tanh"), 2, 0.05);
        assertThat(mf.cMap(p.qStar(), p.cStar())).isCloseTo(p.cStar(), within(1e-9));
        assertThat(p.cSlope()).isBetween(0.0, 1.0);
        assertThat(p.trainableDepth()).isCloseTo(6 * p.xiC(), within(1e-12));
    }

    @Test
    void orderedPhaseHasCStarOneAndXiCFromChi() {
        MeanFieldPoint p = new MeanField(phi("tanh"), 1.2, 0.3).point();
        assertThat(p.phase()).isEqualTo(Phase.ORDERED);
        assertThat(p.cStar()).isEqualTo(1);
        assertThat(p.xiC()).isCloseTo(-1 / Math.log(p.chi1()), within(1e-12));
        assertThat(new MeanField(phi("tanh"), 1.2, 0.3).qMap(p.qStar())).isCloseTo(p.qStar(), within(1e-12));
    }

    @Test
    void publishedTanhCriticalLine() {
        CriticalPoint c = CriticalLine.forBiasVariance(phi("tanh"), 0.05);
        assertThat(c.sigmaW2()).isCloseTo(1.760955, within(1e-6));
        MeanFieldPoint p = new MeanField(phi("tanh"), c.sigmaW2(), 0.05).point();
        assertThat(p.chi1()).isCloseTo(1, within(1e-9));
        assertThat(p.phase()).isEqualTo(Phase.CRITICAL);
        assertThat(p.qStar()).isCloseTo(c.qStar(), within(1e-9));
    }

    @Test
    void criticalLineByQStarRoundTrips() {
        CriticalPoint c = CriticalLine.forQStar(phi("tanh"), 0.5);
        CriticalPoint back = CriticalLine.forBiasVariance(phi("tanh"), c.sigmaB2());
        assertThat(back.sigmaW2()).isCloseTo(c.sigmaW2(), within(1e-8));
        assertThat(back.qStar()).isCloseTo(0.5, within(1e-8));
        assertThat(new MeanField(phi("tanh"), c.sigmaW2(), c.sigmaB2()).chi1(0.5)).isCloseTo(1, within(1e-12));
    }

    @Test
    void tanhWithoutBiasIsCriticalAtOneWithVanishingSignal() {
        // sigma_b^2(q) = O(q^3) along the line for tanh: the root is found to ~1e-7 in q.
        CriticalPoint c = CriticalLine.forBiasVariance(phi("tanh"), 0);
        assertThat(c.sigmaW2()).isCloseTo(1, within(1e-6));
        assertThat(c.qStar()).isCloseTo(0, within(1e-6));
    }

    @Test
    void qStarThatNeedsNegativeBiasIsRefused() {
        // sigmoid: phi(0) = 1/2, so small q* needs a negative sigma_b^2.
        assertThatThrownBy(() -> CriticalLine.forQStar(phi("sigmoid"), 0.01))
                .isInstanceOf(NoCriticalPointException.class)
                .hasMessageContaining("< 0");
    }

    @Test
    void unboundedSignalForLinearAboveOne() {
        MeanFieldPoint p = new MeanField(phi("x"), 1.5, 0.1).point();
        assertThat(p.qStar()).isInfinite();
        assertThat(p.phase()).isEqualTo(Phase.UNBOUNDED);
    }

    @Test
    void linearMapIsExact() {
        // q* = sigma_b^2 / (1 - sigma_w^2), chi1 = sigma_w^2.
        MeanFieldPoint p = new MeanField(phi("x"), 0.5, 0.1).point();
        assertThat(p.qStar()).isCloseTo(0.2, within(1e-12));
        assertThat(p.chi1()).isCloseTo(0.5, within(1e-13));
    }

    @Test
    void gainsOfTanhAndSigmoid() {
        assertThat(Moments.of(phi("tanh")).gamma()).isCloseTo(1.592537, within(1e-6));
        assertThat(Moments.of(phi("sigmoid")).gamma()).isCloseTo(4.801313, within(1e-6));
        Moments m = Moments.of(phi("sigmoid"));
        assertThat(m.mean()).isCloseTo(0.5, within(1e-14));
        assertThat(new MeanField(phi("sigmoid"), m.variancePreservingSigmaW2(0.1), 0.1).qMap(1)).isCloseTo(1, within(1e-12));
    }

    @Test
    void divergentActivationIsNamedInTheMessage() {
        assertThatThrownBy(() -> Moments.of(phi("exp(x^2)")))
                .isInstanceOf(DivergentExpectationException.class)
                .hasMessageContaining("diverges for exp(x^2)");
    }

    @Test
    void neutralMapsAndExplodingActivations() {
        // relu at sigma_w2 = 2 keeps every q: the critical point is (2, 0) with q* = 1.
        CriticalPoint relu = CriticalLine.forBiasVariance(phi("relu"), 0);
        assertThat(relu.sigmaW2()).isCloseTo(2, within(1e-12));
        // exp(x): the q-map grows until the expectation overflows -> unbounded, not an error.
        assertThat(new MeanField(phi("exp(x)"), 1, 0).point().phase()).isEqualTo(Phase.UNBOUNDED);
    }

    @Test
    void shiftedSigmoidIsTanhRescaled() {
        // sigmoid(x) - 1/2 = tanh(x/2)/2: with q = 4 q', its maps at (sigma_w2, sigma_b2) are
        // tanh's at (sigma_w2/16, sigma_b2/4), so q* = 4 q*_tanh and chi1 agrees.
        for (double[] wb : new double[][] {{32, 0.2}, {16, 0}, {8, 0}, {28.17528, 0.2}}) {
            MeanFieldPoint s = new MeanField(phi("sigmoid(x) - 1/2"), wb[0], wb[1]).point();
            MeanFieldPoint t = new MeanField(phi("tanh"), wb[0] / 16, wb[1] / 4).point();
            assertThat(s.qStar()).as("%s", wb[0]).isCloseTo(4 * t.qStar(), within(1e-9));
            assertThat(s.chi1()).as("%s", wb[0]).isCloseTo(t.chi1(), within(1e-9));
            assertThat(s.phase()).isEqualTo(t.phase());
        }
        assertThat(new MeanField(phi("sigmoid(x) - 1/2"), 8, 0).point().chi1()).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void signalThatDiesOutInACancellingFormulaReachesZero() {
        // phi(0) = 0, sigma_b2 = 0, slope of the q-map at 0 below 1: q* = 0, reached without
        // iterating into the rounding noise of 1 - exp(-x^2) & co.
        for (String f : new String[] {"1 - exp(-x^2)", "x - tanh(x)", "1 - cos(x)", "x - sin(x)", "log(1+x^2)",
            "sqrt(1+x^2)-1", "tanh(x)^3", "sigmoid(x) - 1/2"}) {
            MeanFieldPoint p = new MeanField(phi(f), 1, 0).point();
            assertThat(p.qStar()).as(f).isEqualTo(0);
            assertThat(p.phase()).as(f).isEqualTo(Phase.ORDERED);
        }
    }

    @Test
    void aCriticalPointIsCritical() {
        // 1 - exp(-x^2) without bias: sigma_b2(q) = q - E[phi^2]/E[phi'^2] > 0 for every q > 0, so
        // there is no critical point; chi1(q*(sigma_w2)) jumps from 0 past 1 where q* leaves 0,
        // and that jump must not be reported as chi1 = 1.
        assertThatThrownBy(() -> CriticalLine.forBiasVariance(phi("1 - exp(-x^2)"), 0))
                .isInstanceOf(NoCriticalPointException.class);
        for (String f : new String[] {"tanh", "exp(-x^2)", "x*exp(-x^2)", "softsign", "elu"}) {
            CriticalPoint c = CriticalLine.forBiasVariance(phi(f), 0.1);
            assertThat(new MeanField(phi(f), c.sigmaW2(), 0.1).chi1(c.qStar())).as(f).isCloseTo(1, within(1e-6));
        }
    }

    @Test
    void seriesCorrelationMapAgreesWithTwoDimensionalQuadrature() {
        for (String f : new String[] {"tanh", "relu", "exp(-x^2)*x", "tanh(10*x)"}) {
            Derivatives d = phi(f);
            CorrelationMap map = new CorrelationMap(d, 1.7, 0.1, 0.8, new MeanField(d, 1.7, 0.1).qMap(0.8));
            for (double c : new double[] {-0.6, 0.2, 0.7, 0.95}) {
                double[] viaSeries = map.at(c);
                double[] direct = saturn.theory.gauss.GaussianExpectation.bivariate(
                        new saturn.theory.gauss.Integrand[] {d.phi(), d.d1()}, d.kinks(),
                        new saturn.theory.gauss.Integrand[] {d.phi(), d.d1()}, d.kinks(), 0.8, c);
                double qNext = new MeanField(d, 1.7, 0.1).qMap(0.8);
                assertThat(viaSeries[0]).as("%s c=%s", f, c).isCloseTo((1.7 * direct[0] + 0.1) / qNext, within(1e-9));
                assertThat(viaSeries[1]).as("%s c=%s", f, c).isCloseTo(1.7 * direct[1], within(1e-9));
            }
        }
    }
}
