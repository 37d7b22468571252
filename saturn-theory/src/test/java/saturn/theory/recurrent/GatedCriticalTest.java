package saturn.theory.recurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import saturn.theory.Activation;
import saturn.theory.meanfield.NoCriticalPointException;

class GatedCriticalTest {

    private static final Activation SIGMOID = Activation.parse("sigmoid");

    /** Without recurrent weights χ = E[σ(μ_f + √v y)²]: the bias for T steps solved here by bisection. */
    @Test
    void forgetBiasWithoutRecurrentWeightsSolvesTheForgetGainAlone() {
        int horizon = 50;
        double v = 0.6 + 0.05;
        LstmMeanField cell = LstmMeanField.of(LstmInit.uniform(new GateInit(0, 0.6, 0, 0.05)), 1);
        MemoryBias b = GatedCritical.memoryBias(cell, horizon);
        double target = Math.exp(-1.0 / horizon);
        double expected = ElmanMeanFieldTest.bisect(
                mu -> GatedMeanFieldTest.expect(x -> SIGMOID.value(x) * SIGMOID.value(x), mu, v) - target, -4, 24);
        assertThat(b.gate()).isEqualTo("forget");
        assertThat(b.horizon()).isEqualTo(horizon);
        assertThat(b.lower()).isCloseTo(expected, within(1e-7));
        assertThat(b.critical()).isNaN();
        assertThat(b.upper()).isInfinite();
        assertThat(b.recommended()).isEqualTo(b.lower());
    }

    /** One input a step (pixel by pixel): χ rises through 1 and past e^(1/T) as the forget bias grows. */
    @Test
    void pytorchDefaultLstmHasAWindowAroundItsCriticalForgetBias() {
        LstmMeanField cell = LstmMeanField.of(LstmInit.pytorchDefault(128, 1), 1);
        int horizon = 784;
        MemoryBias b = GatedCritical.memoryBias(cell, horizon);
        assertThat(b.lower()).isLessThan(b.critical());
        assertThat(b.critical()).isLessThan(b.upper());
        assertThat(cell.withMemoryBias(b.lower()).chi()).isCloseTo(Math.exp(-1.0 / horizon), within(1e-8));
        assertThat(cell.withMemoryBias(b.critical()).chi()).isCloseTo(1, within(1e-8));
        assertThat(cell.withMemoryBias(b.upper()).chi()).isCloseTo(Math.exp(1.0 / horizon), within(1e-8));
        assertThat(b.recommended()).isEqualTo(b.critical());
        assertThat(cell.withMemoryBias(b.critical()).timescale()).isGreaterThan(1e6);
    }

    @Test
    void pytorchDefaultGruReachesTheHorizonFromBelow() {
        GruMeanField cell = GruMeanField.of(GruInit.pytorchDefault(128, 28), 1);
        MemoryBias b = GatedCritical.memoryBias(cell, 200);
        assertThat(b.gate()).isEqualTo("update");
        assertThat(cell.withMemoryBias(b.lower()).timescale()).isCloseTo(200, within(1e-5));
        // The update gate near 1 shuts the recurrent paths too: chi approaches 1 from below.
        assertThat(b.critical()).isNaN();
        assertThat(b.upper()).isInfinite();
    }

    @Test
    void recurrentScaleMakesTheGainOne() {
        LstmMeanField cell = LstmMeanField.of(LstmInit.uniform(new GateInit(1, 1, 0, 0)).withForgetBias(1), 1);
        double scale = GatedCritical.recurrentScale(cell);
        assertThat(cell.withRecurrentScale(scale).chi()).isCloseTo(1, within(1e-8));
        assertThat(cell.withRecurrentScale(0.9 * scale).chi()).isLessThan(1);
    }

    /** With 28 inputs a step the gain stays below e^(1/T): the window has no upper end. */
    @Test
    void pytorchDefaultLstmWithRowInputsHasNoUpperEnd() {
        MemoryBias b = GatedCritical.memoryBias(LstmMeanField.of(LstmInit.pytorchDefault(128, 28), 1), 784);
        assertThat(b.lower()).isLessThan(b.critical());
        assertThat(b.upper()).isInfinite();
    }

    @Test
    void aHorizonOutOfReachIsOneClearLine() {
        // A gate bounded by 1/2 never keeps more than a quarter of the squared gradient.
        LstmMeanField cell = LstmMeanField.of(Activation.parse("0.5*sigmoid(x)"), Activation.parse("tanh"),
                LstmInit.uniform(new GateInit(0, 1, 0, 0)), 1);
        assertThatThrownBy(() -> GatedCritical.memoryBias(cell, 10))
                .isInstanceOf(NoCriticalPointException.class)
                .hasMessageContaining("no forget-gate bias in [-4, 24]")
                .hasMessageNotContaining("\n");
        assertThatThrownBy(() -> GatedCritical.memoryBias(cell, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    /** The bias for a horizon of 8 steps, put into a wide cell: the measured gain is e^(−1/8). */
    @Test
    void forgetBiasForAHorizonGivesThatTimescaleInSimulation() {
        LstmInit init = LstmInit.uniform(new GateInit(1, 1, 0, 0));
        MemoryBias b = GatedCritical.memoryBias(LstmMeanField.of(init, 1), 8);
        double logGain = 0;
        for (int seed = 0; seed < 2; seed++) {
            WideLstm w = new WideLstm(SIGMOID, Activation.parse("tanh"), init.withForgetBias(b.lower()), 500, 100, 90 + seed);
            w.untied = true;
            WideLstm.Run r = w.run(1, 50);
            for (int t = 5; t < 25; t++) {
                logGain += r.logGain()[t] / 40;
            }
        }
        assertThat(Math.exp(logGain)).isCloseTo(Math.exp(-1.0 / 8), within(0.04));
    }
}
