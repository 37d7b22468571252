package saturn.engine.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import saturn.engine.tensor.Ops;
import saturn.engine.tensor.Parameter;
import saturn.engine.tensor.Tensor;

/** The distance normalizations of {@link Rbf}: exact gradients, no batch statistics, the buffers of {@code running}. */
class RbfNormTest {

    private static final Ops OPS = Ops.reference();

    /** (norm, batch, in, out, input std): 1×1, odd shapes, inputs near zero and far from the centres. */
    static Stream<Arguments> cases() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (RbfNorm n : new RbfNorm[] {RbfNorm.EXAMPLE, RbfNorm.RUNNING, RbfNorm.NEAREST}) {
            b.add(Arguments.of(n, 1, 1, 1, 1.0));
            b.add(Arguments.of(n, 3, 5, 7, 1.0));
            b.add(Arguments.of(n, 4, 6, 2, 1.0));
            b.add(Arguments.of(n, 2, 1, 3, 1.0));
            b.add(Arguments.of(n, 3, 5, 7, 1e-3));
            b.add(Arguments.of(n, 3, 5, 7, 6.0));
        }
        return b.build();
    }

    private static Rbf layer(RbfNorm norm, int in, int out, SplittableRandom rng) {
        Rbf layer = new Rbf(in, out, norm, OPS);
        float[] c = layer.weight();
        for (int i = 0; i < c.length; i++) c[i] = (float) rng.nextGaussian();
        float[] lw = layer.logWidth();
        for (int j = 0; j < lw.length; j++) lw[j] = (float) (0.5 * Math.log(0.5) + 0.3 * rng.nextGaussian());
        if (norm == RbfNorm.RUNNING) {
            for (int i = 0; i < in; i++) {
                layer.inputMean[i] = (float) (0.5 * rng.nextGaussian());
                layer.inputVar[i] = (float) (0.5 + rng.nextDouble());
            }
            layer.tracked[0] = 10;
        }
        return layer;
    }

    @ParameterizedTest(name = "{0} batch={1} {2}->{3} x~N(0,{4}²)")
    @MethodSource("cases")
    void gradientsMatchCentralDifferences(RbfNorm norm, int batch, int in, int out, double std) {
        SplittableRandom rng = new SplittableRandom(101L * batch + 7L * in + out + (norm == RbfNorm.RUNNING ? 1000 : 0));
        Rbf layer = layer(norm, in, out, rng);
        // frozen statistics: the probes must see one function of x and the parameters
        layer.setTraining(false);
        Tensor x = GradientCheck.randomInput(batch, in, rng, std);
        GradientCheck.Result r = GradientCheck.check(layer, x, 5);
        assertThat(r.errors()).containsKeys("input", "centers", "log_width");
        assertThat(r.worst()).as("%s %s", norm, r).isLessThan(GradientCheck.TOLERANCE);
    }

    @Test
    void theArgumentIsNeverNegativeAndOutputsStayInTheUnitInterval() {
        SplittableRandom rng = new SplittableRandom(3);
        for (RbfNorm norm : RbfNorm.values()) {
            Rbf layer = layer(norm, 9, 13, rng);
            // an input on top of a centre: rounding can make ‖x‖² − 2x·c + ‖c‖² slightly negative
            Tensor x = GradientCheck.randomInput(5, 9, rng, 3.0);
            System.arraycopy(layer.weight(), 0, x.data(), 0, 9);
            float[] y = layer.forward(x).data();
            for (int b = 0; b < 5; b++) {
                for (int j = 0; j < 13; j++) assertThat(layer.argument(b, j)).as("%s", norm).isGreaterThanOrEqualTo(0);
            }
            for (float v : y) assertThat(v).isBetween(0f, 1f);
        }
    }

    @Test
    void exampleNormComputesEachExampleAloneAndIgnoresTheScaleOfTheDistances() {
        SplittableRandom rng = new SplittableRandom(8);
        Rbf layer = layer(RbfNorm.EXAMPLE, 6, 11, rng);
        Tensor batch = GradientCheck.randomInput(4, 6, rng, 1.0);
        float[] together = layer.forward(batch).data().clone();
        for (int b = 0; b < 4; b++) {
            Tensor one = new Tensor(Arrays.copyOfRange(batch.data(), b * 6, b * 6 + 6), 1, 6);
            float[] alone = layer.forward(one).data();
            for (int j = 0; j < 11; j++) assertThat(alone[j]).isCloseTo(together[b * 11 + j], within(1e-6f));
        }
        // scaling inputs and centres by 10 scales every distance by 100: the normalized layer does not move
        Tensor scaled = new Tensor(batch.data().clone(), 4, 6);
        for (int i = 0; i < scaled.data().length; i++) scaled.data()[i] *= 10;
        for (int i = 0; i < layer.weight().length; i++) layer.weight()[i] *= 10;
        float[] big = layer.forward(scaled).data();
        for (int i = 0; i < together.length; i++) assertThat(big[i]).isCloseTo(together[i], within(1e-5f));
    }

    @Test
    void nearestNormGivesTheUnitsAnOrderOneSpreadWhereDistancesConcentrate() {
        // 256 inputs, 64 random centres: every centre is at nearly the same distance from an input
        SplittableRandom rng = new SplittableRandom(21);
        int in = 256, out = 64, batch = 16;
        Tensor x = GradientCheck.randomInput(batch, in, rng, 1.0);
        double[] spread = new double[2];
        RbfNorm[] norms = {RbfNorm.EXAMPLE, RbfNorm.NEAREST};
        for (int k = 0; k < 2; k++) {
            Rbf layer = new Rbf(in, out, norms[k], OPS);
            SplittableRandom c = new SplittableRandom(5);
            for (int i = 0; i < layer.weight().length; i++) layer.weight()[i] = (float) c.nextGaussian();
            java.util.Arrays.fill(layer.logWidth(), (float) (0.5 * Math.log(0.5)));   // s² = 1/2: argument = d/m
            float[] y = layer.forward(x).data();
            double s1 = 0, s2 = 0;
            for (int b = 0; b < batch; b++) {
                int ones = 0;
                for (int j = 0; j < out; j++) {
                    double a = layer.argument(b, j);
                    s1 += a;
                    s2 += a * a;
                    if (y[b * out + j] == 1f) ones++;
                }
                if (norms[k] == RbfNorm.NEAREST) assertThat(ones).as("the nearest unit outputs 1").isEqualTo(1);
            }
            double mean = s1 / (batch * out);
            spread[k] = Math.sqrt(s2 / (batch * out) - mean * mean) / mean;
        }
        assertThat(spread[0]).as("example: sd/mean of the arguments").isLessThan(0.15);
        assertThat(spread[1]).as("nearest: sd/mean of the arguments").isGreaterThan(0.3);
    }

    @Test
    void runningNormTracksTheInputsInTrainingAndIsFrozenInEvaluation() {
        SplittableRandom rng = new SplittableRandom(12);
        Rbf layer = new Rbf(4, 5, RbfNorm.RUNNING, OPS);
        for (int i = 0; i < layer.weight().length; i++) layer.weight()[i] = (float) rng.nextGaussian();
        Tensor first = GradientCheck.randomInput(64, 4, rng, 2.0);
        for (int i = 0; i < first.data().length; i++) first.data()[i] += 3;
        layer.forward(first);
        // the first batch sets the statistics: mean ≈ 3, variance ≈ 4
        for (int i = 0; i < 4; i++) {
            assertThat(layer.inputMean[i]).isCloseTo(3f, within(0.8f));
            assertThat(layer.inputVar[i]).isCloseTo(4f, within(2f));
        }
        double expected = layer.expectedDistance();
        assertThat(1.0 / layer.distanceScale(0)).isCloseTo(expected, within(1e-3 * expected));

        // later batches: the output uses the statistics as they stood before the batch
        Tensor second = GradientCheck.randomInput(8, 4, rng, 1.0);
        float[] trained = layer.forward(second).data().clone();
        assertThat(1.0 / layer.distanceScale(0)).isCloseTo(expected, within(1e-3 * expected));
        assertThat(layer.expectedDistance()).isNotCloseTo(expected, within(1e-3 * expected));

        // evaluation: frozen, the same output for the same input, one example at a time
        layer.setTraining(false);
        float[] mean = layer.inputMean.clone();
        float[] a = layer.forward(second).data().clone();
        float[] b = layer.forward(new Tensor(Arrays.copyOfRange(second.data(), 0, 4), 1, 4)).data();
        assertThat(layer.inputMean).containsExactly(mean);
        for (int j = 0; j < 5; j++) assertThat(b[j]).isEqualTo(a[j]);
        assertThat(a).isNotEqualTo(trained);
    }

    @Test
    void runningNormSavesItsStatisticsAsBuffers() {
        Rbf layer = new Rbf(3, 2, RbfNorm.RUNNING, OPS);
        assertThat(layer.parameters()).extracting(Parameter::name)
                .containsExactly("centers", "log_width", "input_mean", "input_var", "tracked");
        assertThat(layer.parameters().subList(2, 5)).noneMatch(Parameter::trainable);
        assertThat(new Rbf(3, 2, RbfNorm.EXAMPLE, OPS).parameters()).extracting(Parameter::name)
                .containsExactly("centers", "log_width");
    }

    @Test
    void theSelectedKernelsMatchTheReference() {
        for (RbfNorm norm : RbfNorm.values()) {
            for (int n : new int[] {1, 7, 13, 1023}) {
                SplittableRandom rng = new SplittableRandom(n);
                Rbf ref = layer(norm, n, 9, rng);
                Rbf fast = new Rbf(n, 9, norm, Ops.selected());
                for (Parameter p : ref.parameters()) {
                    Parameter q = fast.parameters().stream().filter(o -> o.name().equals(p.name())).findFirst().orElseThrow();
                    System.arraycopy(p.data(), 0, q.data(), 0, p.size());
                }
                ref.setTraining(false);
                fast.setTraining(false);
                Tensor x = GradientCheck.randomInput(5, n, rng, 1.0);
                Tensor dy = GradientCheck.randomInput(5, 9, rng, 1.0);
                float[] y1 = ref.forward(x).data().clone();
                float[] y2 = fast.forward(x).data();
                for (int i = 0; i < y1.length; i++) assertThat(y2[i]).as("%s n=%d", norm, n).isCloseTo(y1[i], within(1e-4f));
                float[] d1 = ref.backward(dy).data().clone();
                float[] d2 = fast.backward(dy).data();
                double scale = 0;
                for (float v : d1) scale = Math.max(scale, Math.abs(v));
                for (int i = 0; i < d1.length; i++) {
                    assertThat((double) d2[i]).as("%s n=%d", norm, n).isCloseTo(d1[i], within(1e-4 * (1 + scale)));
                }
            }
        }
    }
}
