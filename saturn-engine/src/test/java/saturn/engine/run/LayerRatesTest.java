package saturn.engine.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import saturn.engine.data.DataSpec;
import saturn.engine.layer.GradientCheck;
import saturn.engine.loss.SoftmaxCrossEntropy;
import saturn.engine.loss.Target;
import saturn.engine.model.Model;
import saturn.engine.model.TrainingStep;
import saturn.engine.optim.GradientTransformation;
import saturn.engine.optim.OptState;
import saturn.engine.optim.Optimizers;
import saturn.engine.optim.ScaleByParameter;
import saturn.engine.remedy.InitSpec;
import saturn.engine.remedy.Residual;
import saturn.engine.tensor.Parameter;
import saturn.engine.tensor.Tensor;
import saturn.theory.Activation;
import saturn.theory.meanfield.MeanField;

/** {@code --lr-layers}: the factors, which parameters they reach, and what they do to a step. */
class LayerRatesTest {

    private static final Activation TANH = Activation.parse("tanh");
    private static final DataSpec SPIRALS = DataSpec.parse("synthetic:spirals");

    @Test
    void theoryFactorsUndoThePredictedShrinkageLayerByLayerWithinBounds() {
        double[] m = LayerRates.THEORY.forDepth(4, 0.25);
        assertThat(m).containsExactly(8, 4, 2, 1);
        double[] clamped = LayerRates.THEORY.forDepth(30, 0.01);
        assertThat(clamped[0]).isEqualTo(LayerRates.MAX);
        assertThat(clamped[29]).isEqualTo(1);
        assertThat(LayerRates.THEORY.forDepth(3, 4.0)).containsExactly(0.25, 0.5, 1);
        assertThat(LayerRates.NONE.forDepth(3, Double.NaN)).containsExactly(1, 1, 1);
        assertThatThrownBy(() -> LayerRates.list(1, 2).forDepth(3, 1)).hasMessageContaining("has 2 factors for 3 hidden layers");
        assertThatThrownBy(() -> LayerRates.list(1, -2)).hasMessageContaining(">= 0");
        assertThat(LayerRates.list(1, 0.5).id()).isEqualTo("list:1.0,0.5");
    }

    @Test
    void aNaiveTanhPlanTakesItsFactorsFromTheMeanField() {
        RunPlan plan = RunPlan.of(RunSpec.of(SPIRALS, 5, 8, TANH).withInit(InitSpec.of(InitSpec.Kind.XAVIER))
                .withLayerRates(LayerRates.THEORY));
        MeanField mf = MeanField.of(TANH, plan.init().sigmaW2(), plan.init().sigmaB2());
        double chi1 = mf.chi1(Double.isNaN(plan.init().qStar()) ? 1 : plan.init().qStar());
        double[] m = plan.layerRates();
        for (int l = 0; l < 5; l++) assertThat(m[l]).isCloseTo(Math.pow(chi1, -(4 - l) / 2.0), within(1e-12));
        assertThat(plan.derived()).containsKey("lr_layer_factors");
    }

    @Test
    void aZeroFactorFreezesItsLayerAndTheOthersMove() {
        // 3 hidden layers with a learnable a·φ scale each and a normalized residual block: the
        // factor of layer 2 must reach its block's weights and nothing else
        RunSpec spec = RunSpec.of(SPIRALS, 3, 8, TANH).withResidual(Residual.normalized(0.7))
                .withLayerRates(LayerRates.list(1, 0, 0.5));
        RunPlan plan = RunPlan.of(spec);
        Model model = Model.fromSpec(plan.modelSpec(2, 2));
        List<float[]> before = model.trainableParameters().stream().map(p -> p.data().clone()).toList();
        TrainingStep step = new TrainingStep(model, new SoftmaxCrossEntropy(), plan.optimizer(model, 10));
        SplittableRandom r = new SplittableRandom(4);
        for (int s = 0; s < 3; s++) {
            Tensor x = GradientCheck.randomInput(16, 2, r, 1.0);
            int[] y = new int[16];
            for (int i = 0; i < 16; i++) y[i] = r.nextInt(2);
            step.run(x, Target.labels(y));
        }
        List<Parameter> params = model.trainableParameters();
        for (int p = 0; p < params.size(); p++) {
            String name = params.get(p).name();
            boolean moved = !java.util.Arrays.equals(before.get(p), params.get(p).data());
            assertThat(moved).as(name).isEqualTo(!name.startsWith("layers.2."));
        }
    }

    @Test
    void aFactorOnEveryParameterIsTheLearningRateTimesTheFactor() {
        // Adam's state does not depend on its step, so scaling its updates by m is Adam at m·lr
        float[][] a = {{0.3f, -1.2f, 2f}, {0.5f}};
        float[][] b = {{0.3f, -1.2f, 2f}, {0.5f}};
        GradientTransformation scaled = Optimizers.chain(Optimizers.adam(1e-2), new ScaleByParameter(new float[] {0.25f, 0.25f}));
        GradientTransformation direct = Optimizers.adam(0.25e-2);
        OptState sa = scaled.init(a), sb = direct.init(b);
        SplittableRandom r = new SplittableRandom(9);
        for (int s = 0; s < 20; s++) {
            float[][] ga = {{(float) r.nextGaussian(), (float) r.nextGaussian(), (float) r.nextGaussian()}, {(float) r.nextGaussian()}};
            float[][] gb = {ga[0].clone(), ga[1].clone()};
            scaled.update(ga, sa, a);
            direct.update(gb, sb, b);
            for (int p = 0; p < 2; p++) {
                for (int i = 0; i < a[p].length; i++) {
                    a[p][i] += ga[p][i];
                    b[p][i] += gb[p][i];
                }
            }
        }
        for (int p = 0; p < 2; p++) {
            for (int i = 0; i < a[p].length; i++) assertThat(a[p][i]).isCloseTo(b[p][i], within(1e-6f));
        }
    }

    @Test
    void refusals() {
        RunSpec spec = RunSpec.of(SPIRALS, 3, 8, TANH);
        assertThatThrownBy(() -> RunPlan.of(spec.withLayerRates(LayerRates.list(1, 2))))
                .hasMessageContaining("has 2 factors for 3 hidden layers");
        assertThatThrownBy(() -> RunPlan.of(spec.withOptimizer(OptimizerSpec.of("vsgd"), Double.NaN)
                .withLayerRates(LayerRates.list(1, 1, 1)))).hasMessageContaining("vSGD sets a step");
    }
}
