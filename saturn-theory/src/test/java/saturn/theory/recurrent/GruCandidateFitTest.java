package saturn.theory.recurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import saturn.theory.Activation;

/**
 * The GRU candidate's expectations over the reset gate, interpolated in r from Chebyshev
 * points, against the same expectations evaluated at every node of the outer rule.
 */
class GruCandidateFitTest {

    @ParameterizedTest(name = "{0} reset bias {1} reset variance {2} q {3}")
    @CsvSource(delimiter = ';', value = {
        "tanh; 0; 1; 0.3",
        "tanh; -3; 4; 2",
        "sigmoid; 2; 0.5; 0.05",
        "hardtanh; 0.5; 2; 1",
        "exp(-x^2/2); -1; 9; 0.7",
    })
    void interpolatedMatchesDirect(String cell, double resetBias, double resetVariance, double q) {
        GruInit init = new GruInit(new GateInit(resetVariance, 1, resetBias, 0), new GateInit(1, 1, 0, 0),
                new GateInit(1.5, 0.5, 0.2, 0.1));
        GruMeanField mf = GruMeanField.of(Activation.parse("sigmoid"), Activation.parse(cell), init, 1);
        GruMeanField.Candidate fit = mf.candidate(q, false);
        GruMeanField.Candidate direct = mf.candidate(q, true);
        assertThat(fit.mean()).isCloseTo(direct.mean(), within(1e-10));
        assertThat(fit.secondMoment()).isCloseTo(direct.secondMoment(), within(1e-10 * direct.secondMoment()));
        assertThat(fit.resetSlope()).isCloseTo(direct.resetSlope(), within(1e-10 * direct.resetSlope()));
        assertThat(fit.resetGateSlope()).isCloseTo(direct.resetGateSlope(), within(1e-9 * direct.resetGateSlope()));
    }
}
