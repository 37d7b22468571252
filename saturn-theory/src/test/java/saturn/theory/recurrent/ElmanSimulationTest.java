package saturn.theory.recurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import saturn.theory.Activation;

/** The Elman mean field against seeded wide recurrences with tied weights (width 2000, 3 seeds). */
class ElmanSimulationTest {

    private static final int WIDTH = 2000;
    private static final int INPUTS = 200;
    private static final int STEPS = 40;
    private static final int BURN_IN = 15;

    @ParameterizedTest(name = "{0} sigma_w2={1} sigma_u2={2} sigma_b2={3} q_x={4} rho={5}")
    @CsvSource(delimiter = ';', value = {
        "tanh; 1.5; 0.5; 0.05; 1.0; 0.3",
        "sigmoid; 6.0; 1.0; 0.1; 0.5; 0.6",
        "hardtanh; 1.2; 0.3; 0.0; 2.0; 0.5",
    })
    void fixedPointGainAndCorrelationMatchSimulation(String name, double sigmaW2, double sigmaU2, double sigmaB2,
                                                     double inputVariance, double rho) {
        Activation phi = Activation.parse(name);
        ElmanMeanField theory = ElmanMeanField.of(phi, sigmaW2, sigmaU2, sigmaB2, inputVariance);
        double q = 0;
        double c = 0;
        double logChi = 0;
        int seeds = 3;
        for (int seed = 0; seed < seeds; seed++) {
            WideElman.Run run = new WideElman(phi, WIDTH, INPUTS, sigmaW2, sigmaU2, sigmaB2, 1000L + seed)
                    .run(inputVariance, rho, STEPS);
            q += WideElman.Run.mean(run.q(), BURN_IN, STEPS) / seeds;
            c += WideElman.Run.mean(run.c(), BURN_IN, STEPS) / seeds;
            logChi += WideElman.Run.mean(run.logGain(), BURN_IN, STEPS) / seeds;
        }
        assertThat(q).as("q*").isCloseTo(theory.fixedPointQ(), within(0.03 * theory.fixedPointQ()));
        assertThat(Math.exp(logChi)).as("chi").isCloseTo(theory.chi(), within(0.03 * theory.chi()));
        assertThat(c).as("c*").isCloseTo(theory.correlationFixedPoint(rho), within(0.02));
    }

    /**
     * On the critical line the measured gain is 1, and it brackets 1 between σ_w² 10% below
     * and above (where theory puts χ about 4% off 1).
     */
    @Test
    void criticalRecurrentWeightVarianceKeepsTheGradient() {
        Activation phi = Activation.parse("tanh");
        ElmanMeanField critical = ElmanMeanField.critical(phi, 0.5, 0.05, 1);
        double w = critical.sigmaW2();
        double[] measured = new double[3];
        double[] scales = {0.9, 1, 1.1};
        for (int k = 0; k < 3; k++) {
            WideElman.Run run = new WideElman(phi, WIDTH, INPUTS, scales[k] * w, 0.5, 0.05, 77L).run(1, 1, STEPS);
            measured[k] = Math.exp(WideElman.Run.mean(run.logGain(), BURN_IN, STEPS));
            if (k == 1) {
                assertThat(WideElman.Run.mean(run.q(), BURN_IN, STEPS)).as("q*")
                        .isCloseTo(critical.fixedPointQ(), within(0.03 * critical.fixedPointQ()));
            }
        }
        assertThat(measured[1]).as("chi on the critical line").isCloseTo(1, within(0.03));
        assertThat(measured[0]).as("chi below it").isLessThan(1);
        assertThat(measured[2]).as("chi above it").isGreaterThan(1);
        assertThat(ElmanMeanField.of(phi, 0.9 * w, 0.5, 0.05, 1).chi()).isCloseTo(measured[0], within(0.03));
        assertThat(ElmanMeanField.of(phi, 1.1 * w, 0.5, 0.05, 1).chi()).isCloseTo(measured[2], within(0.03));
    }
}
