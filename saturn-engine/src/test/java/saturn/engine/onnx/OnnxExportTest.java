package saturn.engine.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import saturn.engine.data.Preprocessing;
import saturn.engine.data.PreprocessingStats;
import saturn.engine.init.InitScheme;
import saturn.engine.layer.Layer;
import saturn.engine.model.LayerKind;
import saturn.engine.model.Model;
import saturn.engine.model.ModelBuilder;
import saturn.engine.model.ModelSpec;
import saturn.engine.model.Recurrence;
import saturn.engine.tensor.Ops;
import saturn.engine.tensor.Parameter;
import saturn.engine.tensor.Tensor;
import saturn.theory.Activation;
import saturn.theory.Activations;
import saturn.theory.gauss.Derivatives;
import saturn.theory.transform.Chain;
import saturn.theory.transform.TransformSolver;

/**
 * Exported models run in ONNX Runtime give the engine's forward pass (evaluation mode) on a
 * test batch, within 1e-5 (relative above 1), for every kind of module and activation.
 */
class OnnxExportTest {

    private static final int IN = 5;
    private static final int BATCH = 9;

    /** Every trained parameter moved off its initial value, so that ReZero's α = 0 or LayerNorm's γ = 1 hide nothing. */
    private static Model perturbed(Model m) {
        SplittableRandom r = new SplittableRandom(42);
        for (Parameter p : m.parameters()) {
            float[] d = p.data();
            for (int i = 0; i < d.length; i++) {
                d[i] = p.name().endsWith("running_var") ? (float) (0.5 + r.nextDouble()) : d[i] + (float) (0.3 * r.nextGaussian());
            }
        }
        m.setTraining(false);
        return m;
    }

    private static Model mlp(Consumer<ModelBuilder> hidden) {
        ModelBuilder b = Model.builder(IN, Ops.selected()).seed(7);
        hidden.accept(b);
        return perturbed(b.dense(3).build());
    }

    private static float[] batch(int rows, int features, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[rows * features];
        for (int i = 0; i < x.length; i++) x[i] = (float) (1.5 * r.nextGaussian());
        return x;
    }

    /** ORT's logits of the exported model against {@code model.forward} on a batch. */
    private static void assertSameLogits(Model model) {
        float[] x = batch(BATCH, model.inputSize(), 3);
        float[] expected = model.forward(new Tensor(x.clone(), BATCH, model.inputSize())).data().clone();
        byte[] onnx = OnnxExport.of(model, null, false, "test").toByteArray();
        float[][] got = OrtRun.run(onnx, x, BATCH, model.inputSize(), OnnxExport.LOGITS);
        assertClose(got, expected, model.outputSize());
    }

    static void assertClose(float[][] got, float[] expected, int cols) {
        assertThat(got).hasNumberOfRows(expected.length / cols);
        double worst = 0;
        for (int b = 0; b < got.length; b++) {
            assertThat(got[b]).hasSize(cols);
            for (int j = 0; j < cols; j++) {
                double e = expected[b * cols + j];
                assertThat(Double.isFinite(e)).as("engine output [%d,%d]", b, j).isTrue();
                worst = Math.max(worst, Math.abs(got[b][j] - e) / Math.max(1, Math.abs(e)));
            }
        }
        assertThat(worst).as("largest difference from the engine's forward pass").isLessThanOrEqualTo(1e-5);
    }

    static Stream<String> activations() {
        return Stream.concat(Activations.names().stream(), Stream.of(
                "x*exp(-x^2/2)", "erfc(x)", "sign(x)+step(x)", "log1p(abs(x))", "expm1(x/3)", "sqrt(1+x^2)",
                "log(1+x^2)", "sin(x)+cos(x)", "tan(x/4)", "sinh(x/2)-cosh(x/3)", "abs(x)", "min(x,0)+max(x,1)",
                "x^3/(1+x^2)", "(abs(x)+1)^0.5", "2^(-x^2)", "sqrt(2)*tanh(x)/pi"));
    }

    @ParameterizedTest
    @MethodSource("activations")
    void anActivationFormulaRunsAsTheEngineRunsIt(String activation) {
        assertSameLogits(mlp(b -> b.dense(8).activation(activation).dense(6).activation(activation)));
    }

    @Test
    void aTatTransformedActivation() {
        Activation tanh = Activation.parse("tanh");
        Activation tat = TransformSolver.tat(Derivatives.of(tanh), new Chain(3), TransformSolver.DEFAULT_TAU).apply(tanh);
        assertThat(tat.formula()).contains("tanh(");
        assertSameLogits(mlp(b -> b.dense(8).activation(tat).dense(8).activation(tat).dense(8).activation(tat)));
    }

    @Test
    void aLearnableScaleMultipliesTheActivation() {
        assertSameLogits(mlp(b -> {
            b.dense(8);
            b.activation(saturn.engine.model.CompiledActivation.compile("tanh", Ops.selected().kernels()), 1.7f);
        }));
    }

    @Test
    void layerNormBatchNormAndDropout() {
        assertSameLogits(mlp(b -> b.dense(8).layerNorm().activation("tanh").dropout(0.3).dense(7).batchNorm().activation("erf")));
    }

    @Test
    void weightNormAndScaledWeightStandardizationAreFoldedIntoTheirWeights() {
        assertSameLogits(mlp(b -> b.weightNormDense(8, true).activation("tanh").scaledWSDense(6, true).activation("tanh")
                .scaledWSDense(6, false).activation("sigmoid")));
    }

    @Test
    void rbfLayers() {
        assertSameLogits(mlp(b -> b.rbf(8).rbf(6)));
    }

    @Test
    void rbfLayersWithTheirDistanceNormalizations() {
        // per example (m from the example's own distances), relative to the nearest centre, and running (m from tracked input statistics)
        Model m = mlp(b -> b.rbf(8, saturn.engine.layer.RbfNorm.EXAMPLE).rbf(7, saturn.engine.layer.RbfNorm.NEAREST)
                .rbf(6, saturn.engine.layer.RbfNorm.RUNNING));
        m.setTraining(true);
        m.forward(new Tensor(batch(BATCH, IN, 9), BATCH, IN));   // tracks the running layer's input statistics
        m.setTraining(false);
        assertSameLogits(m);
    }

    @Test
    void residualReZeroAndHighwayShortcuts() {
        var tanh = saturn.engine.model.CompiledActivation.compile("tanh", Ops.selected().kernels());
        assertSameLogits(mlp(b -> b.dense(6).activation("tanh")
                .residual(0.6, br -> br.dense(6).activation("tanh").dense(6).activation("gauss"))
                .reZero(br -> br.dense(6).activation("sigmoid"))
                .highway(tanh)));
    }

    @Test
    void aLinearReadOutWithoutBias() {
        ModelBuilder b = Model.builder(IN, Ops.selected()).seed(3).dense(4, false).activation("tanh").dense(2, false);
        assertSameLogits(perturbed(b.build()));
    }

    private static Model recurrent(LayerKind kind, String phi, int depth, boolean permute, boolean everyStep) {
        int steps = 4, stepIn = 3;
        int[] order = permute ? saturn.engine.layer.Permutation.random(steps * stepIn, 5) : null;
        Recurrence rec = new Recurrence(steps, order, Activation.parse("sigmoid"), Recurrence.RecurrentInit.TORCH, 1.0, 0.5,
                everyStep);
        ModelSpec spec = ModelSpec.mlp(steps * stepIn, depth, 5, Activation.parse(phi), 3)
                .withInit(InitScheme.GAUSSIAN, 1.0, 0.0).withRecurrence(kind, rec);
        return perturbed(Model.fromSpec(spec, Ops.selected()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"RNN", "GRU", "LSTM"})
    void recurrentCellsUnrolled(String kind) {
        assertSameLogits(recurrent(LayerKind.valueOf(kind), "tanh", 2, false, false));
    }

    @ParameterizedTest
    @ValueSource(strings = {"RNN", "GRU", "LSTM"})
    void recurrentCellsWithAnyActivationAPermutedInputAndAReadOutAtEveryStep(String kind) {
        assertSameLogits(recurrent(LayerKind.valueOf(kind), "x*exp(-x^2/2)+x/3", 1, true, true));
    }

    @Test
    void thePreprocessingRunsFirstSoTheModelTakesRawFeatures() {
        Model model = mlp(b -> b.dense(8).activation("tanh"));
        float[] raw = batch(BATCH, IN, 11);
        for (int i = 0; i < raw.length; i++) raw[i] = 40 + 25 * raw[i];
        float[] shift = {40, 38, 45, 41, 30};
        float[] scale = {0.04f, 0.03f, 0.05f, 0.02f, 0.06f};
        for (PreprocessingStats stats : List.of(
                new PreprocessingStats(Preprocessing.STANDARDIZE, shift, scale, "per feature"),
                new PreprocessingStats(Preprocessing.STANDARDIZE, new float[] {40}, new float[] {0.04f}, "global"))) {
            float[] x = raw.clone();
            stats.transform(x, IN);
            float[] expected = model.forward(new Tensor(x, BATCH, IN)).data().clone();
            byte[] onnx = OnnxExport.of(model, stats, true, "test").toByteArray();
            assertClose(OrtRun.run(onnx, raw, BATCH, IN, OnnxExport.LOGITS), expected, 3);
            float[][] p = OrtRun.run(onnx, raw, BATCH, IN, OnnxExport.PROBABILITIES);
            for (int b = 0; b < BATCH; b++) {
                double max = Double.NEGATIVE_INFINITY, sum = 0;
                for (int j = 0; j < 3; j++) max = Math.max(max, expected[b * 3 + j]);
                for (int j = 0; j < 3; j++) sum += Math.exp(expected[b * 3 + j] - max);
                for (int j = 0; j < 3; j++) {
                    assertThat((double) p[b][j]).isCloseTo(Math.exp(expected[b * 3 + j] - max) / sum, org.assertj.core.data.Offset.offset(1e-5));
                }
            }
        }
    }

    @Test
    void aModuleWithoutExportIsRefusedByName() {
        Layer odd = new Layer() {
            public int inputSize() {
                return IN;
            }

            public int outputSize() {
                return IN;
            }

            public Tensor forward(Tensor x) {
                return x;
            }

            public Tensor backward(Tensor dy) {
                return dy;
            }

            public String kind() {
                return "Odd";
            }
        };
        Model m = Model.builder(IN, Ops.selected()).add(odd).dense(2).build();
        assertThatThrownBy(() -> OnnxExport.of(m, null, false, "test"))
                .isInstanceOf(OnnxExportException.class).hasMessage("module layers.0 (Odd) has no ONNX export");
    }
}
