package saturn.theory.recurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import saturn.theory.Activation;

/**
 * The gated mean fields against seeded wide cells (width 500, 2 seeds, 50 steps from a zero
 * state; forward moments averaged over steps 25–50, the backward gain over 20 steps that
 * start 5 steps after the random gradient is placed).
 *
 * <p>With weights drawn afresh at every step (the theory's assumption) the agreement is
 * within sampling noise, 0.3–3% at these parameters. With weights tied across time, as
 * trained cells have them, it holds approximately while the input drives the gates
 * ({@code ν² q_x ≫ σ² Q}): measured 2–7% here; docs/theory-recurrent.md shows where it fails.
 */
class GatedSimulationTest {

    private static final Activation SIGMOID = Activation.parse("sigmoid");
    private static final Activation TANH = Activation.parse("tanh");
    private static final int WIDTH = 500;
    private static final int INPUTS = 100;
    private static final int STEPS = 50;
    private static final int SEEDS = 2;

    /** {q_h, q_c, χ} measured, averaged over the seeds. */
    private static double[] lstm(Activation cell, LstmInit init, boolean untied) {
        double[] m = new double[3];
        for (int seed = 0; seed < SEEDS; seed++) {
            WideLstm w = new WideLstm(SIGMOID, cell, init, WIDTH, INPUTS, 40 + seed);
            w.untied = untied;
            WideLstm.Run r = w.run(1, STEPS);
            m[0] += mean(r.qHidden(), STEPS / 2, STEPS) / SEEDS;
            m[1] += mean(r.qCell(), STEPS / 2, STEPS) / SEEDS;
            m[2] += mean(r.logGain(), 5, 25) / SEEDS;
        }
        m[2] = Math.exp(m[2]);
        return m;
    }

    /** {q_h, χ} measured, averaged over the seeds. */
    private static double[] gru(GruInit init, boolean untied) {
        double[] m = new double[2];
        for (int seed = 0; seed < SEEDS; seed++) {
            WideGru w = new WideGru(SIGMOID, TANH, init, WIDTH, INPUTS, 40 + seed);
            w.untied = untied;
            WideGru.Run r = w.run(1, STEPS);
            m[0] += mean(r.qHidden(), STEPS / 2, STEPS) / SEEDS;
            m[1] += mean(r.logGain(), 5, 25) / SEEDS;
        }
        m[1] = Math.exp(m[1]);
        return m;
    }

    private static double mean(double[] v, int from, int to) {
        double s = 0;
        for (int t = from; t < to; t++) {
            s += v[t];
        }
        return s / (to - from);
    }

    @Test
    void gruMatchesUntiedSimulation() {
        GruInit init = new GruInit(new GateInit(2, 0.5, 0.5, 0), new GateInit(1, 1, 1, 0), new GateInit(1.5, 1, 0, 0));
        GruPoint p = GruMeanField.of(init, 1).point();
        double[] m = gru(init, true);
        assertThat(m[0]).as("q").isCloseTo(p.qHidden(), within(0.04 * p.qHidden()));
        assertThat(m[1]).as("chi").isCloseTo(p.chi(), within(0.04 * p.chi()));
    }

    /** With a linear cell non-linearity the LSTM's mean field closes without approximation. */
    @Test
    void lstmWithALinearCellMatchesUntiedSimulation() {
        LstmInit init = new LstmInit(new GateInit(1, 1, 0.5, 0), new GateInit(0.7, 1, 1.5, 0), new GateInit(1.2, 1, 0, 0),
                new GateInit(1, 0.5, 0, 0));
        Activation linear = Activation.parse("x");
        LstmPoint p = LstmMeanField.of(SIGMOID, linear, init, 1).point();
        double[] m = lstm(linear, init, true);
        assertThat(m[0]).as("q_h").isCloseTo(p.qHidden(), within(0.05 * p.qHidden()));
        assertThat(m[1]).as("q_c").isCloseTo(p.qCell(), within(0.05 * p.qCell()));
        assertThat(m[2]).as("chi").isCloseTo(p.chi(), within(0.04 * p.chi()));
    }

    /** With tanh the cell state is closed as a Gaussian; measured within 1% here. */
    @Test
    void lstmMatchesUntiedSimulation() {
        LstmInit init = new LstmInit(new GateInit(1, 1, 0.5, 0), new GateInit(0.7, 1, 1.5, 0), new GateInit(1.2, 1, 0, 0),
                new GateInit(1, 0.5, 0, 0));
        LstmPoint p = LstmMeanField.of(init, 1).point();
        double[] m = lstm(TANH, init, true);
        assertThat(m[0]).as("q_h").isCloseTo(p.qHidden(), within(0.05 * p.qHidden()));
        assertThat(m[1]).as("q_c").isCloseTo(p.qCell(), within(0.05 * p.qCell()));
        assertThat(m[2]).as("chi").isCloseTo(p.chi(), within(0.04 * p.chi()));
    }

    @Test
    void tiedCellsDrivenByTheirInputsAreClose() {
        GateInit driven = new GateInit(0.3, 2, 0, 0);
        LstmPoint l = LstmMeanField.of(LstmInit.uniform(driven).withForgetBias(1), 1).point();
        double[] lm = lstm(TANH, LstmInit.uniform(driven).withForgetBias(1), false);
        assertThat(lm[0]).as("LSTM q_h").isCloseTo(l.qHidden(), within(0.05 * l.qHidden()));
        assertThat(lm[1]).as("LSTM q_c").isCloseTo(l.qCell(), within(0.05 * l.qCell()));
        assertThat(lm[2]).as("LSTM chi").isCloseTo(l.chi(), within(0.10 * l.chi()));
        GruPoint g = GruMeanField.of(GruInit.uniform(driven).withUpdateBias(1), 1).point();
        double[] gm = gru(GruInit.uniform(driven).withUpdateBias(1), false);
        assertThat(gm[0]).as("GRU q").isCloseTo(g.qHidden(), within(0.05 * g.qHidden()));
        assertThat(gm[1]).as("GRU chi").isCloseTo(g.chi(), within(0.06 * g.chi()));
    }
}
