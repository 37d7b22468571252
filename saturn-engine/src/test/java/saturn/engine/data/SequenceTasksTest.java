package saturn.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import saturn.engine.layer.Dense;
import saturn.engine.layer.GradientCheck;
import saturn.engine.layer.Stepwise;
import saturn.engine.loss.SoftmaxCrossEntropy;
import saturn.engine.loss.StepCrossEntropy;
import saturn.engine.loss.Target;
import saturn.engine.tensor.Ops;
import saturn.engine.tensor.Tensor;

/** The long-memory tasks follow their protocols; the step-wise read-out and loss are what they say. */
class SequenceTasksTest {

    private static final DatasetResolver RESOLVER = DatasetResolver.system();

    @Test
    void theAddingProblemMarksOneValueInEachHalfAndAsksForTheirSum() {
        Split s = RESOLVER.resolve("synthetic:adding?T=40&n=20000&test=5000&seed=3", null);
        Dataset train = s.train();
        assertThat(train.task()).isEqualTo(Dataset.Task.REGRESSION);
        assertThat(train.stepFeatures()).isEqualTo(2);
        assertThat(train.features()).isEqualTo(80);
        double constantOne = 0;
        for (int i = 0; i < train.n(); i++) {
            int first = -1, second = -1;
            for (int t = 0; t < 40; t++) {
                float v = train.x()[i * 80 + 2 * t], m = train.x()[i * 80 + 2 * t + 1];
                assertThat(v).isBetween(0f, 1f);
                if (m == 1f) {
                    if (first < 0) first = t;
                    else second = t;
                } else {
                    assertThat(m).isZero();
                }
            }
            assertThat(first).isBetween(0, 19);
            assertThat(second).isBetween(20, 39);
            assertThat(train.targets()[i]).isEqualTo(train.x()[i * 80 + 2 * first] + train.x()[i * 80 + 2 * second]);
            constantOne += (train.targets()[i] - 1) * (train.targets()[i] - 1);
        }
        // answering 1 scores Var(U1 + U2) = 1/6
        assertThat(constantOne / train.n()).isCloseTo(1.0 / 6, org.assertj.core.data.Offset.offset(0.01));
        assertThat(RESOLVER.resolve("synthetic:adding?T=40&n=20000&test=5000&seed=3", null).test().targets())
                .isEqualTo(s.test().targets());
    }

    @Test
    void theCopyTaskAsksForTheFirstTenSymbolsAfterTheDelimiter() {
        Dataset d = RESOLVER.resolve("synthetic:copy?T=15&n=50&test=10", null).train();
        int steps = 15 + 20;
        assertThat(d.task()).isEqualTo(Dataset.Task.STEP_CLASSES);
        assertThat(d.features()).isEqualTo(steps * 10);
        assertThat(d.targetWidth()).isEqualTo(steps);
        for (int i = 0; i < d.n(); i++) {
            int[] symbol = new int[steps];
            for (int t = 0; t < steps; t++) {
                int hot = 0;
                for (int c = 0; c < 10; c++) {
                    float v = d.x()[(i * steps + t) * 10 + c];
                    if (v == 1f) {
                        hot++;
                        symbol[t] = c;
                    }
                }
                assertThat(hot).isEqualTo(1);
            }
            for (int t = 0; t < steps; t++) {
                int expectedInput = t < 10 ? symbol[t] : t == 10 + 15 - 1 ? 9 : 0;
                assertThat(symbol[t]).isEqualTo(expectedInput);
                if (t < 10) assertThat(symbol[t]).isBetween(1, 8);
                float target = d.targets()[i * steps + t];
                assertThat(target).isEqualTo(t < 25 ? 0f : (float) symbol[t - 25]);
            }
        }
    }

    @Test
    void tasksTooLargeForOneArrayOrWithUnknownKeysAreRefused() {
        assertThatThrownBy(() -> RESOLVER.resolve("synthetic:copy?T=100000&n=10000000", null))
                .isInstanceOf(DataException.class).hasMessageContaining("do not fit");
        assertThatThrownBy(() -> RESOLVER.resolve("synthetic:adding?steps=10", null))
                .isInstanceOf(DataException.class).hasMessageContaining("unknown parameter");
        assertThatThrownBy(() -> RESOLVER.resolve("synthetic:adding?T=1", null))
                .isInstanceOf(DataException.class).hasMessageContaining("outside");
    }

    @Test
    void theStepLossIsTheRowLossOverEveryStepAndTheStepwiseReadOutIsOneDenseLayer() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(2);
        int batch = 3, steps = 4, classes = 5;
        Tensor logits = GradientCheck.randomInput(batch, steps * classes, r, 2);
        float[] labels = new float[batch * steps];
        int[] ints = new int[batch * steps];
        for (int i = 0; i < labels.length; i++) labels[i] = ints[i] = r.nextInt(classes);
        Tensor g = new Tensor(new float[logits.size()], batch, steps * classes);
        double loss = new StepCrossEntropy(classes).compute(logits, Target.values(labels), g);
        Tensor flat = new Tensor(logits.data().clone(), batch * steps, classes);
        Tensor gFlat = new Tensor(new float[logits.size()], batch * steps, classes);
        assertThat(loss).isEqualTo(new SoftmaxCrossEntropy().compute(flat, Target.labels(ints), gFlat));
        assertThat(g.data()).isEqualTo(gFlat.data());
        new StepCrossEntropy(classes).sampleGradient(logits, 7, g);   // K-FAC's sampled targets, step by step
        new SoftmaxCrossEntropy().sampleGradient(flat, 7, gFlat);
        assertThat(g.data()).isEqualTo(gFlat.data());

        Dense dense = new Dense(6, classes, true, Ops.reference());
        Stepwise layer = new Stepwise(dense, steps);
        GradientCheck.randomize(layer, r, 0, 0.5);
        assertThat(GradientCheck.check(layer, GradientCheck.randomInput(batch, steps * 6, r, 1), 9).passes(GradientCheck.TOLERANCE)).isTrue();
        Tensor x = GradientCheck.randomInput(batch, steps * 6, r, 1);
        float[] y = layer.forward(x).data().clone();
        float[] row = dense.forward(new Tensor(java.util.Arrays.copyOfRange(x.data(), 6 * 5, 6 * 6), 1, 6)).data();
        assertThat(java.util.Arrays.copyOfRange(y, classes * 5, classes * 6)).isEqualTo(row);   // row 1, step 1
    }
}
