package saturn.theory.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import saturn.theory.Activation;
import saturn.theory.gauss.DivergentExpectationException;
import saturn.theory.meanfield.Phase;

class AnalysisTest {

    @Test
    void tanhAtThePublishedPoint() {
        Analysis a = Analysis.of(Activation.parse("tanh"),
                AnalysisOptions.defaults().withSigmaW2(2).withSigmaB2(0.05).withDepth(10));
        assertThat(a.moments().gamma()).isCloseTo(1.592537, within(1e-6));
        assertThat(a.meanField().qStar()).isCloseTo(0.721762, within(1e-6));
        assertThat(a.meanField().chi1()).isCloseTo(1.047666, within(1e-6));
        assertThat(a.meanField().phase()).isEqualTo(Phase.CHAOTIC);
        assertThat(a.critical().value().sigmaW2()).isCloseTo(1.760955, within(1e-6));
        assertThat(a.jacobian().orthogonal().mean()).isCloseTo(Math.pow(1.047666, 10), within(1e-5));
        assertThat(a.dks().value().alpha()).isCloseTo(0.29665, within(5e-6));
        assertThat(a.tat().value().gamma()).isCloseTo(7.234956, within(5e-7));
        assertThat(a.criticalJacobian().value().chi1()).isCloseTo(1, within(1e-9));
        assertThat(a.variancePreservingSigmaW2()).isCloseTo(0.95 / a.moments().secondMoment(), within(1e-12));
    }

    @Test
    void qStarOptionSelectsTheOtherParametrization() {
        Analysis a = Analysis.of(Activation.parse("tanh"), AnalysisOptions.defaults().withQStar(0.5));
        assertThat(a.critical().value().qStar()).isEqualTo(0.5);
        assertThat(a.criticalJacobian().value().chi1()).isCloseTo(1, within(1e-12));
    }

    @Test
    void missingPartsAreRecordedWithReasons() {
        Analysis relu = Analysis.of(Activation.parse("relu"), AnalysisOptions.defaults().withSigmaB2(0.05));
        assertThat(relu.tat().isPresent()).isFalse();
        assertThat(relu.tat().reason()).contains("smooth");
        assertThat(relu.critical().isPresent()).isFalse();
        assertThat(relu.critical().reason()).contains("edge of chaos");
        Analysis sigmoid = Analysis.of(Activation.parse("sigmoid"), AnalysisOptions.defaults().withQStar(0.01));
        assertThat(sigmoid.critical().reason()).contains("< 0");
        assertThat(sigmoid.criticalJacobian().isPresent()).isFalse();
    }

    @Test
    void exactlyCriticalDepthScalesAreInfinite() {
        // Linear activation at sigma_w2 = 1: chi1 = 1 exactly, nothing contracts.
        Analysis a = Analysis.of(Activation.parse("x"), AnalysisOptions.defaults().withSigmaB2(0));
        assertThat(a.meanField().phase()).isEqualTo(Phase.CRITICAL);
        assertThat(a.meanField().xiC()).isInfinite();
        assertThat(a.meanField().trainableDepth()).isInfinite();
    }

    @Test
    void divergentActivationIsATypedError() {
        assertThatThrownBy(() -> Analysis.of(Activation.parse("exp(x^2)")))
                .isInstanceOf(DivergentExpectationException.class)
                .hasMessageContaining("diverges for exp(x^2)");
    }
}
