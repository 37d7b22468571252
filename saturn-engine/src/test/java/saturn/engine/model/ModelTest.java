package saturn.engine.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import saturn.engine.init.InitScheme;
import saturn.engine.layer.GradientCheck;
import saturn.engine.loss.SoftmaxCrossEntropy;
import saturn.engine.loss.Target;
import saturn.engine.optim.Optimizers;
import saturn.engine.tensor.Ops;
import saturn.engine.tensor.Parameter;
import saturn.engine.tensor.Tensor;
import saturn.theory.Activation;

class ModelTest {

    private static final Ops OPS = Ops.reference();

    private static String describe(List<Parameter> ps) {
        StringBuilder sb = new StringBuilder();
        for (Parameter p : ps) sb.append(p.name()).append(java.util.Arrays.toString(p.shape())).append(' ');
        return sb.toString().trim();
    }

    @Test
    void denseTanhNamesFollowSequentialNumbering() {
        Model m = Model.fromSpec(ModelSpec.mlp(3, 2, 8, Activation.parse("tanh"), 4), OPS);
        assertThat(describe(m.parameters())).isEqualTo(
                "layers.0.weight[8, 3] layers.0.bias[8] layers.2.weight[8, 8] layers.2.bias[8] "
                        + "layers.4.weight[4, 8] layers.4.bias[4]");
        assertThat(m.layers()).extracting(l -> l.kind()).containsExactly("Linear", "Tanh", "Linear", "Tanh", "Linear");
    }

    @Test
    void rbfAndNormVariantsHaveTorchNames() {
        Model rbf = Model.fromSpec(ModelSpec.mlp(3, 2, 5, Activation.parse("tanh"), 2).withKind(LayerKind.RBF), OPS);
        assertThat(describe(rbf.parameters())).isEqualTo(
                "layers.0.centers[5, 3] layers.0.log_width[5] layers.1.centers[5, 5] layers.1.log_width[5] "
                        + "layers.2.weight[2, 5] layers.2.bias[2]");
        Model ln = Model.fromSpec(ModelSpec.mlp(3, 1, 5, Activation.parse("tanh"), 2).withNorm(Normalization.LAYER).withBias(false), OPS);
        assertThat(describe(ln.parameters())).isEqualTo(
                "layers.0.weight[5, 3] layers.1.weight[5] layers.1.bias[5] layers.3.weight[2, 5]");
        Model wn = Model.fromSpec(ModelSpec.mlp(3, 1, 5, Activation.parse("tanh"), 2).withNorm(Normalization.WEIGHT), OPS);
        assertThat(describe(wn.parameters())).startsWith("layers.0.bias[5] layers.0.weight_g[5, 1] layers.0.weight_v[5, 3]");
        Model bn = Model.fromSpec(ModelSpec.mlp(3, 1, 5, Activation.parse("tanh"), 2).withNorm(Normalization.BATCH), OPS);
        assertThat(describe(bn.parameters())).contains("layers.1.running_mean[5] layers.1.running_var[5]");
        assertThat(bn.trainableParameters()).extracting(Parameter::name).doesNotContain("layers.1.running_mean");
        Model res = Model.fromSpec(ModelSpec.mlp(4, 2, 4, Activation.parse("tanh"), 2).withShortcut(Shortcut.REZERO, 0), OPS);
        assertThat(describe(res.parameters())).startsWith(
                "layers.0.alpha[1] layers.0.branch.0.weight[4, 4] layers.0.branch.0.bias[4] layers.1.alpha[1]");
    }

    @Test
    void sameSeedSameWeightsOtherSeedOtherWeights() {
        ModelSpec spec = ModelSpec.mlp(5, 3, 16, Activation.parse("tanh"), 3).withSeed(42);
        float[] a = Model.fromSpec(spec, OPS).parameters().get(2).data();
        float[] b = Model.fromSpec(spec, OPS).parameters().get(2).data();
        float[] c = Model.fromSpec(spec.withSeed(43), OPS).parameters().get(2).data();
        assertThat(a).isEqualTo(b);
        assertThat(a).isNotEqualTo(c);
    }

    /**
     * An activation right below a dense layer writes its input gradient over the dense layer's
     * (and only there), and every parameter gradient
     * and every layer's dL/dh are the bits of the same model with fresh gradient arrays.
     */
    @Test
    void activationGradientsWrittenInPlaceEqualFreshOnes() {
        List<java.util.function.Supplier<Model>> models = List.of(
                () -> Model.fromSpec(ModelSpec.mlp(6, 3, 9, Activation.parse("tanh"), 3).withSeed(5), OPS),
                () -> Model.fromSpec(ModelSpec.mlp(6, 2, 9, Activation.parse("gauss"), 3).withSeed(5).withNorm(Normalization.LAYER), OPS),
                // a sigmoid below an RBF layer, a tanh below a dense one, a tanh on top
                () -> Model.builder(6, OPS).seed(5).dense(9).activation("sigmoid").rbf(7).activation("tanh").dense(3)
                        .activation("tanh").build());
        for (var build : models) {
            Model inPlace = build.get();
            Model fresh = build.get();
            List<saturn.engine.layer.Layer> layers = inPlace.layers();
            for (int i = 0; i < layers.size(); i++) {
                if (layers.get(i) instanceof saturn.engine.layer.ActivationLayer a) {
                    boolean belowDense = i + 1 < layers.size() && layers.get(i + 1) instanceof saturn.engine.layer.Dense;
                    assertThat(a.gradientInPlace()).as("%s module %d", layers, i).isEqualTo(belowDense);
                    ((saturn.engine.layer.ActivationLayer) fresh.layers().get(i)).gradientInPlace(false);
                }
            }
            assertThat(layers).anyMatch(l -> l instanceof saturn.engine.layer.ActivationLayer a && a.gradientInPlace());
            int classes = inPlace.outputSize();
            SplittableRandom rng = new SplittableRandom(8);
            Tensor x = GradientCheck.randomInput(4, 6, rng, 1.0);
            Target t = Target.labels(new int[] {0, 2, 1, classes - 1});
            for (Model m : List.of(inPlace, fresh)) {
                Tensor out = m.forward(x);
                Tensor d = Tensor.matrix(out.rows(), out.cols());
                new SoftmaxCrossEntropy().compute(out, t, d);
                m.backward(d);
            }
            for (int p = 0; p < inPlace.trainableParameters().size(); p++) {
                assertThat(inPlace.trainableParameters().get(p).grad()).as(inPlace.trainableParameters().get(p).name())
                        .containsExactly(fresh.trainableParameters().get(p).grad());
            }
            for (int i = 0; i < layers.size(); i++) {
                if (layers.get(i) instanceof saturn.engine.layer.ActivationLayer a) {
                    var b = (saturn.engine.layer.ActivationLayer) fresh.layers().get(i);
                    assertThat(a.preActivationGradient().data()).containsExactly(b.preActivationGradient().data());
                }
            }
        }
    }

    /** The whole model is gradient-checked like a layer, through every spec option. */
    @Test
    void wholeModelGradientsMatchFiniteDifferences() {
        SplittableRandom rng = new SplittableRandom(3);
        ModelSpec base = ModelSpec.mlp(3, 2, 5, Activation.parse("tanh"), 4).withInit(InitScheme.GAUSSIAN, 1.5, 0.05);
        List<ModelSpec> specs = List.of(base, base.withKind(LayerKind.RBF), base.withNorm(Normalization.LAYER),
                base.withNorm(Normalization.SCALED_WS), base.withNorm(Normalization.WEIGHT),
                base.withShortcut(Shortcut.NORMALIZED, 0.5).withLearnableScale(1.3),
                base.withShortcut(Shortcut.HIGHWAY, 0));
        for (ModelSpec spec : specs) {
            Model m = Model.fromSpec(spec, OPS);
            m.layers().getFirst().needInputGradient(true);
            var r = GradientCheck.check(new ModelAsLayer(m), GradientCheck.randomInput(3, 3, rng, 1.0), 5);
            assertThat(r.worst()).as("%s: %s", spec, r).isLessThan(GradientCheck.TOLERANCE);
        }
        // batch norm; ReZero with α away from 0 (at 0 the branches get no gradient); dropout with
        // its mask replayed before every forward pass (ProductionGradientTest checks these on
        // the production backends against a double-precision loss)
        List<ModelSpec> more = List.of(base.withNorm(Normalization.BATCH), base.withShortcut(Shortcut.REZERO, 0),
                base.withDropout(0.3), base.withNorm(Normalization.BATCH).withShortcut(Shortcut.REZERO, 0).withDropout(0.2));
        for (ModelSpec spec : more) {
            Model m = Model.fromSpec(spec, OPS);
            m.layers().getFirst().needInputGradient(true);
            for (Parameter p : m.trainableParameters()) {
                if (p.name().endsWith("alpha")) p.data()[0] = 0.8f;
            }
            Runnable replay = ProductionGradientTest.replay(m);
            var r = GradientCheck.check(new ModelAsLayer(m), GradientCheck.randomInput(4, 3, rng, 1.0), 5, replay);
            assertThat(r.worst()).as("%s: %s", spec, r).isLessThan(GradientCheck.TOLERANCE);
        }
    }

    @Test
    void diagnosticsFindEveryHiddenLayerAndMeasureUpdates() {
        Model m = Model.fromSpec(ModelSpec.mlp(4, 3, 6, Activation.parse("tanh"), 2).withSeed(1), OPS);
        TrainingStep step = new TrainingStep(m, new SoftmaxCrossEntropy(), Optimizers.sgd(0.1));
        SplittableRandom rng = new SplittableRandom(9);
        Tensor x = GradientCheck.randomInput(8, 4, rng, 1.0);
        int[] labels = new int[8];
        for (int i = 0; i < 8; i++) labels[i] = i % 2;
        float[] w0 = m.parameters().get(2).data().clone();
        step.run(x, Target.labels(labels));
        assertThat(step.lastDiagnostics()).isEmpty();
        step.run(x, Target.labels(labels), true);
        List<LayerStats> stats = step.lastDiagnostics();
        assertThat(stats).extracting(LayerStats::name).containsExactly("layers.0", "layers.2", "layers.4");
        for (LayerStats s : stats) {
            assertThat(s.preStd()).isPositive();
            assertThat(s.postStd()).isPositive().isLessThanOrEqualTo(1.0);
            assertThat(s.saturation()).isBetween(0.0, 1.0);
            assertThat(s.deltaRms()).isPositive();
            assertThat(s.gradNorm()).isPositive();
            // SGD: ‖ΔW‖ = lr ‖∇W‖
            assertThat(s.updateRatio()).isCloseTo(0.1 * s.gradNorm() / norm(m, s.name()), org.assertj.core.data.Offset.offset(1e-6));
        }
        assertThat(m.parameters().get(2).data()).isNotEqualTo(w0);
    }

    @Test
    void saturationCountsFlatUnits() {
        // huge weights drive tanh into its tails: nearly every unit saturates
        Model m = Model.fromSpec(ModelSpec.mlp(4, 1, 50, Activation.parse("tanh"), 2).withInit(InitScheme.GAUSSIAN, 400, 0).withSeed(2), OPS);
        m.forward(GradientCheck.randomInput(16, 4, new SplittableRandom(1), 3.0));
        LayerStats s = new Diagnostics(m).measure(null).getFirst();
        assertThat(s.saturation()).isGreaterThan(0.8);
        Model calm = Model.fromSpec(ModelSpec.mlp(4, 1, 50, Activation.parse("tanh"), 2).withInit(InitScheme.GAUSSIAN, 0.01, 0).withSeed(2), OPS);
        calm.forward(GradientCheck.randomInput(16, 4, new SplittableRandom(1), 1.0));
        assertThat(new Diagnostics(calm).measure(null).getFirst().saturation()).isZero();
    }

    private static double norm(Model m, String prefix) {
        for (Parameter p : m.parameters()) {
            if (p.name().equals(prefix + ".weight")) {
                double s = 0;
                for (float v : p.data()) s += (double) v * v;
                return Math.sqrt(s);
            }
        }
        throw new AssertionError(prefix);
    }
}
