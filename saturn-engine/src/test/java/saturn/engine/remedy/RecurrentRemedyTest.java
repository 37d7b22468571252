package saturn.engine.remedy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import saturn.engine.data.DataSpec;
import saturn.engine.layer.Recurrent;
import saturn.engine.loss.SoftmaxCrossEntropy;
import saturn.engine.loss.Target;
import saturn.engine.model.LayerKind;
import saturn.engine.model.Model;
import saturn.engine.run.RecurrentSpec;
import saturn.engine.run.RunPlan;
import saturn.engine.run.RunSpec;
import saturn.engine.tensor.Ops;
import saturn.engine.tensor.Tensor;
import saturn.theory.Activation;
import saturn.theory.recurrent.ElmanMeanField;

/** What the recurrent remedies choose, and that the networks they build keep the gradient alive over the horizon. */
class RecurrentRemedyTest {

    private static final Activation TANH = Activation.parse("tanh");
    private static final Activation SIGMOID = Activation.parse("sigmoid");

    private static RunPlan plan(LayerKind kind, String activation, boolean auto, InitSpec init, int width) {
        RunSpec s = RunSpec.of(DataSpec.parse("synthetic:adding"), 1, width, Activation.parse(activation))
                .withRecurrent(kind, RecurrentSpec.DEFAULT);
        if (auto) s = s.withAutoRemedy();
        if (init != null) s = s.withInit(init);
        return RunPlan.of(s);
    }

    @Test
    void autoPrescribesTatOverTheHorizonForSmoothPhiDksForKinkedAndAStepThatFallsWithT() {
        Prescription p28 = RecurrentRemedy.prescribe(LayerKind.RNN, TANH, SIGMOID, 28, 64, 28, 1e-3);
        assertThat(p28.transform()).isEqualTo(AutoRemedy.TAT);
        assertThat(p28.init().kind()).isEqualTo(InitSpec.Kind.ORTHOGONAL);
        assertThat(p28.learningRate()).isEqualTo(1e-3);
        Prescription p784 = RecurrentRemedy.prescribe(LayerKind.RNN, TANH, SIGMOID, 784, 64, 1, 1e-3);
        assertThat(p784.learningRate()).isCloseTo(1e-3 * 30 / 784, org.assertj.core.data.Offset.offset(1e-12));
        // a kinked φ has no TAT; over 784 steps its DKS would need C'(1) = 1.0006, out of reach: the edge of chaos
        Prescription kinked = RecurrentRemedy.prescribe(LayerKind.RNN, Activation.parse("hardtanh"), SIGMOID, 784, 64, 1, 1e-3);
        assertThat(kinked.transform()).isEqualTo(TransformSpec.NONE);
        assertThat(kinked.init().kind()).isEqualTo(InitSpec.Kind.CRITICAL);
        assertThat(RecurrentRemedy.inputShare(100)).isEqualTo(0.3 / 400);
    }

    @Test
    void criticalInitOfAVanillaRecurrenceSitsWhereTheMeanFieldGainIsOne() {
        RunPlan p = plan(LayerKind.RNN, "tanh", false, InitSpec.of(InitSpec.Kind.CRITICAL, 0.05), 32).forSteps(50, 3);
        double sw2 = p.recurrentSetup().recurrent().sigmaW2();
        assertThat(ElmanMeanField.of(TANH, sw2, 1.0, 0.05, 1.0).chi()).isCloseTo(1, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(p.modelSpec(150, 4).sigmaW2()).isEqualTo(sw2);
    }

    @Test
    void gatedCellsGetTheMemoryGateBiasOfTheirMeanFieldInTheBuiltModel() {
        RunPlan p = plan(LayerKind.LSTM, "tanh", true, null, 48).forSteps(200, 1);
        double bias = p.recurrentSetup().gateBias();
        assertThat(bias).isEqualTo(RecurrentRemedy.memoryBias(LayerKind.LSTM, TANH, SIGMOID, 200, 48, 1).recommended());
        assertThat(bias).isGreaterThan(1);   // a long horizon needs a forget gate near 1
        assertThat(p.spec().init().kind()).isEqualTo(InitSpec.Kind.CRITICAL);
        Model m = Model.fromSpec(p.modelSpec(200, 3), Ops.reference());
        Recurrent r = (Recurrent) m.layers().getFirst();
        double forget = 0, input = 0;
        for (int j = 0; j < 48; j++) {
            forget += r.inputBias(0)[48 + j] + r.recurrentBias(0)[48 + j];
            input += r.inputBias(0)[j] + r.recurrentBias(0)[j];
        }
        // PyTorch's biases U(±1/√48) twice: a mean of 0 ± 0.05 over 48 units, plus the prescribed bias on the forget gate
        assertThat(forget / 48).isCloseTo(bias, org.assertj.core.data.Offset.offset(0.15));
        assertThat(input / 48).isCloseTo(0, org.assertj.core.data.Offset.offset(0.15));
        RunSpec gru = RunSpec.of(DataSpec.parse("synthetic:adding"), 1, 8, TANH).withRecurrent(LayerKind.GRU, RecurrentSpec.DEFAULT)
                .withTransform(TransformSpec.tat(0.3));
        assertThatThrownBy(() -> RunPlan.of(gru)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("vanilla recurrences");
    }

    /**
     * The point of the remedy: at initialization, the gradient reaching the first of 120 steps
     * of a width-256 tanh recurrence is within a factor 4 of the last step's under the horizon
     * transform, while PyTorch's default lets it fall below 1e-3 of it.
     */
    @Test
    void theRemediedRecurrenceKeepsTheGradientOverTheHorizonWherePyTorchsDefaultLosesIt() {
        int steps = 120, width = 256, batch = 16, in = 2;
        double remedied = firstOverLast(plan(LayerKind.RNN, "tanh", true, null, width).forSteps(steps, in), steps, in, batch);
        double naive = firstOverLast(plan(LayerKind.RNN, "tanh", false, null, width).forSteps(steps, in), steps, in, batch);
        assertThat(remedied).isBetween(0.25, 4.0);
        assertThat(naive).isLessThan(1e-3);
    }

    private static double firstOverLast(RunPlan p, int steps, int in, int batch) {
        Model m = Model.fromSpec(p.modelSpec(steps * in, 4));
        SplittableRandom r = new SplittableRandom(4);
        float[] x = new float[batch * steps * in];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
        int[] labels = new int[batch];
        for (int i = 0; i < batch; i++) labels[i] = r.nextInt(4);
        Tensor y = m.forward(new Tensor(x, batch, steps * in));
        Tensor g = new Tensor(new float[y.size()], y.rows(), y.cols());
        new SoftmaxCrossEntropy().compute(y, Target.labels(labels), g);
        m.backward(g);
        double[] norms = ((Recurrent) m.layers().getFirst()).gradientNormsOverTime(0);
        return norms[0] / norms[steps - 1];
    }
}
