package saturn.djl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import saturn.engine.init.InitScheme;
import saturn.theory.Activation;
import saturn.theory.meanfield.MeanField;

/**
 * The DJL initializer draws what the theory prescribes: orthogonal weights whose rows are
 * orthonormal times the gain, Gaussian weights of variance σ_w²/fan_in, a σ_w² that puts the
 * activation at the edge of chaos (χ1 = 1 at its q*), and the engine's own values for the
 * same generator.
 */
class TheoryInitializerTest {

    @BeforeAll
    static void offline() {
        OfflinePyTorch.configure();
    }

    @Test
    void orthogonalWeightsHaveOrthonormalRowsTimesTheGain() {
        double gain = 1.7;
        TheoryInitializer init = TheoryInitializer.orthogonal(gain, 3);
        try (NDManager m = NDManager.newBaseManager()) {
            int out = 48;
            int in = 64;   // wide: the rows are orthonormal, times gain·max(√(out/in), 1) = gain
            float[] w = init.initialize(m, new Shape(out, in), DataType.FLOAT32).toFloatArray();
            for (int i = 0; i < out; i++) {
                for (int j = 0; j < out; j++) {
                    double dot = 0;
                    for (int k = 0; k < in; k++) dot += (double) w[i * in + k] * w[j * in + k];
                    assertThat(dot).as("row %d . row %d", i, j).isCloseTo(i == j ? gain * gain : 0, offset(1e-5));
                }
            }
        }
    }

    @Test
    void theCriticalInitPutsTheActivationAtTheEdgeOfChaosAndDrawsThatVariance() {
        Activation tanh = Activation.parse("tanh");
        TheoryInitializer init = TheoryInitializer.criticalGaussian(tanh, 20, 5);
        double sw2 = init.init().sigmaW2();
        double sb2 = init.init().sigmaB2();
        MeanField mf = MeanField.of(tanh, sw2, sb2);
        assertThat(mf.chi1(mf.qStar())).isCloseTo(1.0, offset(1e-6));
        assertThat(init.init().qStar()).isCloseTo(1.0 / 20, offset(1e-6));
        assertThat(sw2).isGreaterThan(1.0);   // tanh needs σ_b² > 0, hence σ_w² > 1, for q* > 0
        try (NDManager m = NDManager.newBaseManager()) {
            int out = 400;
            int in = 250;
            float[] w = init.initialize(m, new Shape(out, in), DataType.FLOAT32).toFloatArray();
            double sum = 0;
            double sq = 0;
            for (float v : w) {
                sum += v;
                sq += (double) v * v;
            }
            double mean = sum / w.length;
            double variance = sq / w.length - mean * mean;
            // 100 000 draws: the sample variance is within 1.5% of σ_w²/fan_in at 3.4 standard errors
            assertThat(variance * in).isCloseTo(sw2, offset(0.015 * sw2));
            assertThat(mean).isCloseTo(0, offset(4 * Math.sqrt(sw2 / in / w.length)));

            float[] b = init.biases().initialize(m, new Shape(20000), DataType.FLOAT32).toFloatArray();
            double bsq = 0;
            for (float v : b) bsq += (double) v * v;
            assertThat(bsq / b.length).isCloseTo(sb2, offset(0.05 * sb2));
        }
    }

    @Test
    void theCriticalOrthogonalInitHasTheCriticalGain() {
        TheoryInitializer init = TheoryInitializer.critical(Activation.parse("tanh"), 20, 1);
        assertThat(init.init().scheme()).isEqualTo(InitScheme.ORTHOGONAL);
        assertThat(init.init().sigmaW2())
                .isEqualTo(TheoryInitializer.criticalGaussian(Activation.parse("tanh"), 20, 1).init().sigmaW2());
    }

    @Test
    void theWeightsAreTheEnginesForTheSameGeneratorAndRepeatWithTheSeed() {
        TheoryInitializer a = TheoryInitializer.criticalGaussian(Activation.parse("erf"), 10, 42);
        TheoryInitializer b = TheoryInitializer.criticalGaussian(Activation.parse("erf"), 10, 42);
        try (NDManager m = NDManager.newBaseManager()) {
            Shape shape = new Shape(7, 13);
            NDArray first = a.initialize(m, shape, DataType.FLOAT32);
            NDArray second = a.initialize(m, shape, DataType.FLOAT32);
            assertThat(first.toFloatArray()).isNotEqualTo(second.toFloatArray());   // one generator split per weight
            assertThat(b.initialize(m, shape, DataType.FLOAT32).toFloatArray()).isEqualTo(first.toFloatArray());

            float[] engine = new float[7 * 13];
            a.init().scheme().initializer(a.init().sigmaW2()).fill(engine, 13, 7, new SplittableRandom(42).split());
            assertThat(first.toFloatArray()).isEqualTo(engine);
        }
    }

    @Test
    void aConvolutionWeightsFanInCountsItsKernelAndAVectorIsRefused() {
        TheoryInitializer init = TheoryInitializer.criticalGaussian(Activation.parse("tanh"), 5, 9);
        try (NDManager m = NDManager.newBaseManager()) {
            float[] w = init.initialize(m, new Shape(200, 8, 3, 3), DataType.FLOAT32).toFloatArray();
            double sq = 0;
            for (float v : w) sq += (double) v * v;
            assertThat(sq / w.length * 72).isCloseTo(init.init().sigmaW2(), offset(0.05 * init.init().sigmaW2()));
            assertThatThrownBy(() -> init.initialize(m, new Shape(10), DataType.FLOAT32))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(out, in, ...)");
        }
    }
}
