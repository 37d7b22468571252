package saturn.engine.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import saturn.engine.init.InitScheme;
import saturn.engine.loss.SoftmaxCrossEntropy;
import saturn.engine.loss.Target;
import saturn.engine.optim.Optimizers;
import saturn.engine.tensor.Ops;
import saturn.engine.tensor.Tensor;
import saturn.theory.Activation;

/** End to end: a 2-hidden-layer tanh MLP separates two interleaved spirals. */
class SpiralsTest {

    @Test
    void tanhMlpLearnsTwoSpirals() {
        int perClass = 150;
        int n = 2 * perClass;
        float[] x = new float[n * 2];
        int[] y = new int[n];
        SplittableRandom rng = new SplittableRandom(2024);
        for (int c = 0; c < 2; c++) {
            for (int i = 0; i < perClass; i++) {
                int k = c * perClass + i;
                double t = 0.25 + 2.75 * Math.PI * i / perClass;   // about 1.4 turns
                double r = t / (3 * Math.PI) * 2;
                double a = t + c * Math.PI;
                x[2 * k] = (float) (r * Math.cos(a) + 0.02 * rng.nextGaussian());
                x[2 * k + 1] = (float) (r * Math.sin(a) + 0.02 * rng.nextGaussian());
                y[k] = c;
            }
        }
        Model model = Model.fromSpec(ModelSpec.mlp(2, 2, 48, Activation.parse("tanh"), 2).withInit(InitScheme.GAUSSIAN, 2.0, 0.5).withSeed(7),
                Ops.reference());
        TrainingStep step = new TrainingStep(model, new SoftmaxCrossEntropy(), Optimizers.adam(0.02));
        Tensor batch = new Tensor(x, n, 2);
        Target target = Target.labels(y);
        double firstLoss = step.run(batch, target);
        double accuracy = 0;
        for (int s = 0; s < 1500 && accuracy < 0.99; s++) {
            step.run(batch, target);
            accuracy = step.lastAccuracy();
        }
        // accuracy of the final weights, in evaluation mode
        model.setTraining(false);
        Tensor logits = model.forward(batch);
        double loss = new SoftmaxCrossEntropy().compute(logits, target, null);
        int correct = 0;
        for (int i = 0; i < n; i++) {
            if ((logits.data()[2 * i + 1] > logits.data()[2 * i] ? 1 : 0) == y[i]) correct++;
        }
        assertThat(loss).isLessThan(firstLoss);
        assertThat((double) correct / n).isGreaterThanOrEqualTo(0.95);
    }
}
