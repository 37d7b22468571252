package saturn.theory.meanfield;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import saturn.theory.Activation;
import saturn.theory.gauss.Derivatives;

/**
 * The C-map of a kinked φ near c = 1, where the inner Gaussian integral smooths the kink
 * over a width √(1−c²): against the arc-cosine kernels of relu (Cho and Saul 2009).
 */
class CorrelationNearOneTest {

    private static MeanField field(String formula, double sigmaW2, double sigmaB2) {
        return new MeanField(Derivatives.of(Activation.parse(formula)), sigmaW2, sigmaB2);
    }

    @Test
    void reluSlopeNearOneMatchesTheArcSineLaw() {
        // sigma_w2 E[step(u1) step(u2)] = 2 (1/4 + asin(c)/(2 pi)).
        MeanField mf = field("relu", 2, 0);
        for (double c : new double[] {0.9, 0.99, 0.9999, 0.999999, 0.99999999}) {
            double exact = 0.5 + Math.asin(c) / Math.PI;
            assertThat(mf.cMapSlope(1, c)).as("c=%s", c).isCloseTo(exact, within(1e-10));
        }
        assertThat(mf.cMapSlope(1, 0.999999)).isCloseTo(0.99955, within(1e-5));
    }

    @Test
    void reluMapNearOneMatchesTheArcCosineKernel() {
        // E[relu(u1) relu(u2)] = q (sqrt(1 - c^2) + (pi - acos c) c) / (2 pi); at sigma_w2 = 2 the map is its ratio to q/2.
        MeanField mf = field("relu", 2, 0);
        for (double q : new double[] {0.5, 2}) {
            for (double c : new double[] {0.95, 0.999, 0.99999, 1 - 1e-8}) {
                assertThat(1 - mf.cMap(q, c)).as("q=%s c=%s", q, c)
                        .isCloseTo(oneMinusArcCosine(c), within(1e-10 * (1 - c) + 1e-16));
            }
        }
    }

    /**
     * {@code 1 − (√(1−c²) + (π − acos c) c)/π} without cancellation: with θ = acos c it is
     * {@code (π (1 − cos θ) + θ cos θ − sin θ)/π}, where {@code θ cos θ − sin θ = Σ_k (−1)^k 2k θ^(2k+1)/(2k+1)!}.
     */
    private static double oneMinusArcCosine(double c) {
        double theta = 2 * Math.asin(Math.sqrt((1 - c) / 2));
        double sum = 0;
        double power = theta; // theta^(2k+1) / (2k+1)!
        for (int k = 1; k <= 12; k++) {
            power *= theta * theta / ((2 * k) * (2 * k + 1));
            sum += (k % 2 == 0 ? 1 : -1) * 2 * k * power;
        }
        double s = Math.sin(theta / 2);
        return (Math.PI * 2 * s * s + sum) / Math.PI;
    }

    @Test
    void hardtanhJustAboveTheEdgeOfChaosHasItsFixedPointBelowOne() {
        // Reference: tools/kinked_meanfield_reference.py (nested QUADPACK, c* by brentq).
        MeanFieldPoint p = field("hardtanh", 1.16788, 0.05).point();
        assertThat(p.phase()).isEqualTo(Phase.CHAOTIC);
        assertThat(p.cStar()).isCloseTo(0.9999143326205158, within(1e-9));
        assertThat(p.cSlope()).isCloseTo(0.9994457433677679, within(1e-9));
        assertThat(p.xiC()).isCloseTo(1803.7183281880045, within(1803.7 * 1e-5));
    }

    @Test
    void smoothMapCloseToOneIsResolvedWhereTanhSaturates() {
        // tanh just above its edge of chaos (chi1 = 1.01): c* sits near 0.986; the probes on the way there
        // evaluate the map in its 2-D form, where tanh(u1) - tanh(u2) reaches rounding level.
        MeanField mf = field("tanh", 2.8693424268878682, 0.4838709677419355);
        MeanFieldPoint p = mf.point();
        assertThat(p.phase()).isEqualTo(Phase.CHAOTIC);
        assertThat(p.cStar()).isBetween(0.98, 0.999);
        assertThat(mf.cMap(p.qStar(), p.cStar())).isCloseTo(p.cStar(), within(1e-10));
        for (int k = 7; k <= 40; k++) {
            double c = 1 - Math.pow(2, -k);
            assertThat(1 - mf.cMap(p.qStar(), c)).as("c = 1 - 2^-%s", k).isBetween(0.9 * (1 - c), 1.1 * (1 - c));
        }
    }
}
