package saturn.engine.layer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import saturn.engine.kernel.ActivationKernel;
import saturn.engine.tensor.Ops;
import saturn.engine.tensor.Tensor;

/** Finite-difference checks of every layer and option, input and parameter gradients. */
class LayerGradientTest {

    private static final Ops OPS = Ops.reference();

    /** (batch, in, out) including 1x1 and odd sizes. */
    static Stream<Arguments> shapes() {
        return Stream.of(Arguments.of(1, 1, 1), Arguments.of(3, 5, 7), Arguments.of(4, 6, 2), Arguments.of(2, 1, 3));
    }

    static Stream<Arguments> squareShapes() {
        return Stream.of(Arguments.of(1, 1), Arguments.of(3, 5), Arguments.of(4, 2));
    }

    private static void assertPasses(GradientCheck.Result r, Layer layer) {
        assertThat(r.worst()).as("%s gradient errors %s", layer.kind(), r).isLessThan(GradientCheck.TOLERANCE);
    }

    @ParameterizedTest(name = "Dense batch={0} {1}->{2} bias")
    @MethodSource("shapes")
    void dense(int batch, int in, int out) {
        for (boolean bias : new boolean[] {true, false}) {
            SplittableRandom rng = new SplittableRandom(batch * 31L + in * 7L + out);
            Dense d = new Dense(in, out, bias, OPS);
            GradientCheck.randomize(d, rng, 0, 0.7);
            Tensor x = GradientCheck.randomInput(batch, in, rng, 1.0);
            var r = GradientCheck.check(d, x, 11);
            assertThat(r.errors()).containsKeys("input", "weight");
            if (bias) assertThat(r.errors()).containsKey("bias");
            assertPasses(r, d);
        }
    }

    /** Without parameter gradients (K-FAC's sampled pass) the input gradient is the same and dW, db stay as they were. */
    @ParameterizedTest(name = "Dense batch={0} {1}->{2} input gradient only")
    @MethodSource("shapes")
    void denseWithoutParameterGradients(int batch, int in, int out) {
        SplittableRandom rng = new SplittableRandom(batch * 13L + in * 5L + out);
        Dense d = new Dense(in, out, true, OPS);
        GradientCheck.randomize(d, rng, 0, 0.7);
        Tensor x = GradientCheck.randomInput(batch, in, rng, 1.0);
        Tensor dy = GradientCheck.randomInput(batch, out, rng, 1.0);
        d.forward(x);
        float[] dxFull = d.backward(dy).data().clone();
        float[] dw = d.weightGrad().clone(), db = d.biasGrad.clone();
        Tensor other = GradientCheck.randomInput(batch, out, rng, 1.0);
        d.computeParameterGradients(false);
        d.backward(other);
        assertThat(d.weightGrad()).containsExactly(dw);
        assertThat(d.biasGrad).containsExactly(db);
        d.backward(dy);
        assertThat(d.backward(dy).data()).containsExactly(dxFull);
        d.computeParameterGradients(true);
        d.backward(other);
        assertThat(d.weightGrad()).isNotEqualTo(dw);
    }

    static Stream<Arguments> activations() {
        return Stream.of(
                Arguments.of("tanh", TestActivations.tanh()),
                Arguments.of("sigmoid", TestActivations.sigmoid()),
                Arguments.of("gauss", TestActivations.gauss()),
                Arguments.of("custom", TestActivations.custom()),
                // compiled: φ' recomputed from φ in the backward pass (tanh, sigmoid) or stored (gauss)
                Arguments.of("compiled tanh", compiled("tanh")),
                Arguments.of("compiled sigmoid", compiled("sigmoid")),
                Arguments.of("compiled gauss", compiled("gauss")));
    }

    private static ActivationKernel compiled(String name) {
        try {
            return saturn.engine.kernel.ActivationKernels.compile(saturn.theory.Activation.parse(name),
                    new saturn.engine.kernel.ScalarKernels());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest(name = "activation {0}")
    @MethodSource("activations")
    void activation(String name, ActivationKernel kernel) {
        SplittableRandom rng = new SplittableRandom(5);
        for (double spread : new double[] {0.3, 1.0, 3.0}) {   // near zero, typical, tails
            ActivationLayer plain = new ActivationLayer(kernel, 7, 1.0, name);
            assertPasses(GradientCheck.check(plain, GradientCheck.randomInput(3, 7, rng, spread), 3), plain);
            ActivationLayer scaled = new ActivationLayer(kernel, 7, 1.0, name, 1.7f);
            var r = GradientCheck.check(scaled, GradientCheck.randomInput(3, 7, rng, spread), 4);
            assertThat(r.errors()).containsKey("scale");
            assertPasses(r, scaled);
        }
    }

    /**
     * A layer that recomputes φ' from its output in the backward pass gives the bits of one
     * that stores φ' in the forward pass: the input gradient, and φ' for the diagnostics.
     */
    @org.junit.jupiter.api.Test
    void recomputingPhiPrimeFromTheOutputEqualsStoringIt() {
        for (String name : List.of("tanh", "sigmoid")) {
            ActivationKernel fromValue = compiled(name);
            assertThat(fromValue.derivativeFromValue()).isTrue();
            ActivationKernel storing = new ActivationKernel() {   // the same kernel, without the capability
                @Override
                public void forward(float[] h, float[] y, float[] dphi, int n) {
                    fromValue.forward(h, y, dphi, n);
                }

                @Override
                public String formula() {
                    return fromValue.formula();
                }
            };
            SplittableRandom rng = new SplittableRandom(9);
            Tensor h = GradientCheck.randomInput(5, 33, rng, 2.0);
            Tensor dy = GradientCheck.randomInput(5, 33, rng, 1.0);
            ActivationLayer a = new ActivationLayer(fromValue, 33, 1.0, name);
            ActivationLayer b = new ActivationLayer(storing, 33, 1.0, name);
            assertThat(a.forward(h).data()).containsExactly(b.forward(h).data());
            assertThat(a.backward(dy).data()).as(name).containsExactly(b.backward(dy).data());
            assertThat(a.derivative()).as(name).containsExactly(b.derivative());
        }
    }

    @ParameterizedTest(name = "RBF batch={0} {1}->{2}")
    @MethodSource("shapes")
    void rbf(int batch, int in, int out) {
        SplittableRandom rng = new SplittableRandom(17 + in);
        Rbf layer = new Rbf(in, out, OPS);
        float[] c = layer.weight();
        for (int i = 0; i < c.length; i++) c[i] = (float) rng.nextGaussian();
        float[] lw = layer.logWidth();
        for (int j = 0; j < lw.length; j++) lw[j] = (float) (0.5 * Math.log(in) + 0.3 * rng.nextGaussian());
        Tensor x = GradientCheck.randomInput(batch, in, rng, 1.0);
        var r = GradientCheck.check(layer, x, 2);
        assertThat(r.errors()).containsKeys("input", "centers", "log_width");
        assertPasses(r, layer);
    }

    /** Sizes 1 and 2 are degenerate for LayerNorm (x̂ is 0 or ±1 whatever x is). */
    static Stream<Arguments> normShapes() {
        return Stream.of(Arguments.of(1, 3), Arguments.of(3, 5), Arguments.of(4, 7));
    }

    @ParameterizedTest(name = "LayerNorm batch={0} size={1}")
    @MethodSource("normShapes")
    void layerNorm(int batch, int size) {
        SplittableRandom rng = new SplittableRandom(size);
        LayerNorm ln = new LayerNorm(size);
        GradientCheck.randomize(ln, rng, 1.0, 0.5);
        assertPasses(GradientCheck.check(ln, GradientCheck.randomInput(batch, size, rng, 1.5), 9), ln);
    }

    @ParameterizedTest(name = "BatchNorm batch={0} size={1}")
    @MethodSource("squareShapes")
    void batchNorm(int batch, int size) {
        int b = Math.max(batch, 3);
        SplittableRandom rng = new SplittableRandom(size + 100);
        BatchNorm bn = new BatchNorm(size);
        GradientCheck.randomize(bn, rng, 1.0, 0.5);
        assertPasses(GradientCheck.check(bn, GradientCheck.randomInput(b, size, rng, 1.5), 9), bn);
        bn.setTraining(false);
        for (int i = 0; i < size; i++) {
            bn.runningMean[i] = (float) rng.nextGaussian();
            bn.runningVar[i] = (float) (0.5 + rng.nextDouble());
        }
        assertPasses(GradientCheck.check(bn, GradientCheck.randomInput(b, size, rng, 1.5), 9), bn);
    }

    @ParameterizedTest(name = "WeightNormDense batch={0} {1}->{2}")
    @MethodSource("shapes")
    void weightNorm(int batch, int in, int out) {
        for (boolean bias : new boolean[] {true, false}) {
            SplittableRandom rng = new SplittableRandom(in * 3L + out);
            WeightNormDense d = new WeightNormDense(in, out, bias, OPS);
            GradientCheck.randomize(d, rng, 0.5, 0.7);
            var r = GradientCheck.check(d, GradientCheck.randomInput(batch, in, rng, 1.0), 5);
            assertThat(r.errors()).containsKeys("weight_g", "weight_v");
            assertPasses(r, d);
        }
    }

    @ParameterizedTest(name = "ScaledWSDense batch={0} {1}->{2}")
    @MethodSource("shapes")
    void scaledWs(int batch, int in, int out) {
        if (in < 2) return;   // a single input standardizes to 0
        for (boolean bias : new boolean[] {true, false}) {
            SplittableRandom rng = new SplittableRandom(in * 5L + out);
            ScaledWSDense d = new ScaledWSDense(in, out, bias, OPS);
            GradientCheck.randomize(d, rng, 0.3, 1.0);
            var r = GradientCheck.check(d, GradientCheck.randomInput(batch, in, rng, 1.0), 6);
            assertThat(r.errors()).containsKeys("weight", "gain");
            assertPasses(r, d);
        }
    }

    private static List<Layer> branch(int size, SplittableRandom rng) {
        Dense d = new Dense(size, size, true, OPS);
        GradientCheck.randomize(d, rng, 0, 0.6);
        return List.of(d, new ActivationLayer(TestActivations.tanh(), size, 1.0, "Tanh"));
    }

    @ParameterizedTest(name = "Residual batch={0} size={1}")
    @MethodSource("squareShapes")
    void residual(int batch, int size) {
        SplittableRandom rng = new SplittableRandom(size * 13L);
        Residual normalized = Residual.normalized(branch(size, rng), 0.6f);
        var r = GradientCheck.check(normalized, GradientCheck.randomInput(batch, size, rng, 1.0), 7);
        assertThat(r.errors()).containsKeys("branch.0.weight", "branch.0.bias");
        assertPasses(r, normalized);

        Residual reZero = Residual.reZero(branch(size, rng));
        assertPasses(GradientCheck.check(reZero, GradientCheck.randomInput(batch, size, rng, 1.0), 7), reZero);
        reZero.alpha[0] = 0.7f;
        var r2 = GradientCheck.check(reZero, GradientCheck.randomInput(batch, size, rng, 1.0), 8);
        assertThat(r2.errors()).containsKeys("alpha", "branch.0.weight");
        assertPasses(r2, reZero);
    }

    @ParameterizedTest(name = "Highway batch={0} size={1}")
    @MethodSource("squareShapes")
    void highway(int batch, int size) {
        SplittableRandom rng = new SplittableRandom(size * 19L);
        Highway h = new Highway(size, TestActivations.tanh(), 1.0, "Tanh", OPS);
        GradientCheck.randomize(h, rng, 0, 0.7);
        var r = GradientCheck.check(h, GradientCheck.randomInput(batch, size, rng, 1.0), 12);
        assertThat(r.errors()).containsKeys("gate.weight", "gate.bias", "hidden.weight", "hidden.bias");
        assertPasses(r, h);
    }

    @ParameterizedTest(name = "Dropout batch={0} size={1}")
    @MethodSource("squareShapes")
    void dropout(int batch, int size) {
        SplittableRandom rng = new SplittableRandom(size);
        Dropout d = new Dropout(size, 0.4f, 99);
        assertPasses(GradientCheck.check(d, GradientCheck.randomInput(batch, size, rng, 1.0), 1, () -> d.setDraw(3)), d);
    }
}
