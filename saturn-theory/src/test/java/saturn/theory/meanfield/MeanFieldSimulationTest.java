package saturn.theory.meanfield;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import saturn.theory.Activation;

/** Theory against a seeded wide random network (width 1000). */
class MeanFieldSimulationTest {

    private static final int WIDTH = 1000;

    @ParameterizedTest(name = "{0} sigma_w2={1} sigma_b2={2}")
    @CsvSource(delimiter = ';', value = {
        "tanh; 2.0; 0.05",
        "exp(-x^2)*x; 6.0; 0.1",
        "erf(x)+0.1*x; 1.5; 0.2",
    })
    void fixedPointChiAndCorrelationMapMatchSimulation(String formula, double sigmaW2, double sigmaB2) {
        Activation phi = Activation.parse(formula);
        MeanField theory = MeanField.of(phi, sigmaW2, sigmaB2);
        MeanFieldPoint p = theory.point();
        WideNetwork net = new WideNetwork(phi, WIDTH, sigmaW2, sigmaB2, 20260127L);

        // Two inputs with correlation 0.5 at q = 1; 6 burn-in layers, then 10 measured layers.
        double[] h1 = net.input(1);
        double[] noise = net.input(1);
        double[] h2 = new double[WIDTH];
        for (int i = 0; i < WIDTH; i++) {
            h2[i] = 0.5 * h1[i] + Math.sqrt(0.75) * noise[i];
        }
        double[] v = net.input(1);
        double q = 0;
        double chiMean = 0;
        double chiTangent = 0;
        double cPredicted = 0;
        double cMeasured = 0;
        int measured = 0;
        for (int l = 0; l < 16; l++) {
            double[][] layer = net.layer();
            double qIn = WideNetwork.meanSquare(h1);
            double cIn = WideNetwork.correlation(h1, h2);
            double[] v2 = net.tangent(layer, h1, v);
            double[] n1 = net.forward(layer, h1);
            double[] n2 = net.forward(layer, h2);
            if (l >= 6) {
                q += WideNetwork.meanSquare(n1);
                chiMean += net.chiEstimate(h1);
                chiTangent += WideNetwork.meanSquare(v2) / WideNetwork.meanSquare(v);
                cPredicted += theory.cMap(qIn, cIn);
                cMeasured += WideNetwork.correlation(n1, n2);
                measured++;
            }
            h1 = n1;
            h2 = n2;
            v = v2;
        }
        assertThat(q / measured).as("q*").isCloseTo(p.qStar(), within(0.04 * p.qStar()));
        assertThat(chiMean / measured).as("chi1 from sigma_w2 phi'(h)^2").isCloseTo(p.chi1(), within(0.04 * p.chi1()));
        assertThat(chiTangent / measured).as("chi1 from a propagated perturbation")
                .isCloseTo(p.chi1(), within(0.06 * p.chi1()));
        assertThat(cMeasured / measured).as("one-layer c-map").isCloseTo(cPredicted / measured, within(0.02));
    }
}
