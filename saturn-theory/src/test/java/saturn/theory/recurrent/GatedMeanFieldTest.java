package saturn.theory.recurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import saturn.theory.Activation;

/**
 * Gated cells without recurrent weights, where the mean field has closed forms in
 * one-dimensional Gaussian expectations: LSTM {@code χ = E[f²]},
 * {@code Q_c = (E[i²]E[g²] + 2E[f]E[i]E[g] m_c)/(1 − E[f²])}; GRU {@code χ = E[z²]},
 * {@code Q = (E[(1−z)²]E[n²] + 2E[z(1−z)]E[n]²)/(1 − E[z²])}. The expectations are taken
 * here by the trapezoidal rule on [−14σ, 14σ] (not the library's quadrature). Every block
 * gets its own bias and variance so that a mixed-up gate shows.
 */
class GatedMeanFieldTest {

    private static final Activation SIGMOID = Activation.parse("sigmoid");
    private static final Activation TANH = Activation.parse("tanh");

    /** {@code E[f(μ + √v y)]}, y ~ N(0, 1). */
    static double expect(DoubleUnaryOperator f, double mean, double variance) {
        int n = 40_000;
        double s = Math.sqrt(variance);
        double h = 28.0 / n;
        double sum = 0;
        for (int k = 0; k <= n; k++) {
            double y = -14 + k * h;
            double w = (k == 0 || k == n ? 0.5 : 1) * h * Math.exp(-0.5 * y * y) / Math.sqrt(2 * Math.PI);
            sum += w * f.applyAsDouble(mean + s * y);
        }
        return sum;
    }

    private static double e1(Activation f, double mean, double variance) {
        return expect(f::value, mean, variance);
    }

    private static double e2(Activation f, double mean, double variance) {
        return expect(x -> f.value(x) * f.value(x), mean, variance);
    }

    @Test
    void lstmWithoutRecurrentWeightsKeepsTheGradientByTheForgetGateAlone() {
        double qx = 1.3;
        LstmInit init = new LstmInit(new GateInit(0, 0.8, 0.5, 0.1), new GateInit(0, 0.6, 2, 0.05),
                new GateInit(0, 1.5, 0.3, 0.2), new GateInit(0, 0.4, -0.5, 0));
        for (Activation cell : new Activation[] {TANH, SIGMOID}) {
            LstmPoint p = LstmMeanField.of(SIGMOID, cell, init, qx).point();
            double vi = 0.8 * qx + 0.1;
            double vf = 0.6 * qx + 0.05;
            double vg = 1.5 * qx + 0.2;
            double vo = 0.4 * qx;
            double fm = e1(SIGMOID, 2, vf);
            double f2 = e2(SIGMOID, 2, vf);
            double im = e1(SIGMOID, 0.5, vi);
            double gm = e1(cell, 0.3, vg);
            double meanCell = im * gm / (1 - fm);
            double qCell = (e2(SIGMOID, 0.5, vi) * e2(cell, 0.3, vg) + 2 * fm * im * gm * meanCell) / (1 - f2);
            double qHidden = e2(SIGMOID, -0.5, vo) * e2(cell, meanCell, qCell - meanCell * meanCell);
            assertThat(p.chi()).as(cell + " chi").isCloseTo(f2, within(1e-9));
            assertThat(p.forgetGain()).isCloseTo(f2, within(1e-9));
            assertThat(p.meanCell()).as(cell + " m_c").isCloseTo(meanCell, within(1e-9));
            assertThat(p.qCell()).as(cell + " Q_c").isCloseTo(qCell, within(1e-9));
            assertThat(p.qHidden()).as(cell + " Q_h").isCloseTo(qHidden, within(1e-9));
            assertThat(p.timescale()).isCloseTo(-1 / Math.log(f2), within(1e-6));
        }
    }

    @Test
    void gruWithoutRecurrentWeightsKeepsTheGradientByTheUpdateGateAlone() {
        double qx = 0.7;
        GruInit init = new GruInit(new GateInit(0, 2, -1, 0), new GateInit(0, 0.5, 1.5, 0.1),
                new GateInit(0, 1.2, 0.4, 0.3));
        for (Activation cell : new Activation[] {TANH, SIGMOID}) {
            GruPoint p = GruMeanField.of(SIGMOID, cell, init, qx).point();
            double vz = 0.5 * qx + 0.1;
            double vn = 1.2 * qx + 0.3;
            double zm = e1(SIGMOID, 1.5, vz);
            double z2 = e2(SIGMOID, 1.5, vz);
            double nm = e1(cell, 0.4, vn);
            double q = ((1 - 2 * zm + z2) * e2(cell, 0.4, vn) + 2 * (zm - z2) * nm * nm) / (1 - z2);
            assertThat(p.chi()).as(cell + " chi").isCloseTo(z2, within(1e-9));
            assertThat(p.updateGain()).isCloseTo(z2, within(1e-9));
            assertThat(p.meanHidden()).isCloseTo(nm, within(1e-9));
            assertThat(p.qHidden()).as(cell + " Q").isCloseTo(q, within(1e-9));
        }
    }

    @Test
    void recurrentWeightsAddToTheGain() {
        GateInit none = new GateInit(0, 1, 0, 0);
        GateInit some = new GateInit(0.5, 1, 0, 0);
        LstmMeanField lstm = LstmMeanField.of(LstmInit.uniform(none).withForgetBias(2), 1);
        assertThat(lstm.withRecurrentScale(1).chi()).isEqualTo(lstm.chi());
        assertThat(LstmMeanField.of(LstmInit.uniform(some).withForgetBias(2), 1).chi()).isGreaterThan(lstm.chi());
        GruMeanField gru = GruMeanField.of(GruInit.uniform(none).withUpdateBias(2), 1);
        assertThat(GruMeanField.of(GruInit.uniform(some).withUpdateBias(2), 1).chi()).isGreaterThan(gru.chi());
    }

    @Test
    void spectralRadiusOfTheTwoByTwoGradientMap() {
        // [[0.5, 0.2], [0.3, 0.4]]: eigenvalues 0.45 +- sqrt(0.0025 + 0.06) = 0.7 and 0.2.
        assertThat(LstmMeanField.spectralRadius(0.5, 0.2, 0.3, 0.4)).isCloseTo(0.7, within(1e-15));
        assertThat(LstmMeanField.spectralRadius(0.9, 0, 5, 0.1)).isCloseTo(0.9, within(1e-15));
    }

    @Test
    void aGateThatDoesNotForgetLetsTheCellGrowWithoutBound() {
        // A linear "gate" with mean 1.2: E[f^2] > 1, the cell variance has no fixed point.
        LstmPoint p = LstmMeanField.of(Activation.parse("x"), TANH,
                LstmInit.uniform(new GateInit(0, 0.1, 0, 0)).withForgetBias(1.2), 1).point();
        assertThat(p.qCell()).isInfinite();
        assertThat(p.chi()).isNaN();
        GruPoint g = GruMeanField.of(Activation.parse("x"), TANH,
                GruInit.uniform(new GateInit(0, 0.1, 0, 0)).withUpdateBias(1.2), 1).point();
        assertThat(g.qHidden()).isInfinite();
    }

    @Test
    void aCellThatJumpsHasAnInfiniteGain() {
        GateInit k = new GateInit(0.5, 1, 0, 0);
        assertThat(LstmMeanField.of(SIGMOID, Activation.parse("sign(x)"), LstmInit.uniform(k), 1).chi()).isInfinite();
        assertThat(GruMeanField.of(SIGMOID, Activation.parse("sign(x)"), GruInit.uniform(k), 1).chi()).isInfinite();
    }

    @Test
    void pytorchDefaultIsTheUniformVariance() {
        GateInit d = GateInit.pytorchDefault(128, 28);
        assertThat(d.recurrentVariance()).isCloseTo(1.0 / 3, within(1e-15));
        assertThat(d.inputWeightVariance()).isCloseTo(28 / 384.0, within(1e-15));
        assertThat(d.biasVariance()).isCloseTo(2 / 384.0, within(1e-15));
        assertThat(d.preactivationVariance(2, 3)).isCloseTo(2.0 / 3 + 3 * 28 / 384.0 + 2 / 384.0, within(1e-15));
    }
}
