package saturn.engine.layer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import saturn.engine.tensor.Ops;
import saturn.engine.tensor.Parameter;
import saturn.engine.tensor.Tensor;

/** The checker itself must reject wrong gradients: halved, sign-flipped or transposed. */
class GradientCheckRejectsTest {

    enum Corruption { HALVE, NEGATE, TRANSPOSE }

    enum Target { WEIGHT, BIAS, INPUT }

    /** A Dense layer whose backward pass corrupts one gradient after computing it. */
    private static final class CorruptedDense implements Layer {
        final Dense inner;
        final Corruption corruption;
        final Target target;

        CorruptedDense(Dense inner, Corruption corruption, Target target) {
            this.inner = inner;
            this.corruption = corruption;
            this.target = target;
        }

        @Override
        public Tensor forward(Tensor x) {
            return inner.forward(x);
        }

        @Override
        public Tensor backward(Tensor dy) {
            Tensor dx = inner.backward(dy);
            switch (target) {
                case WEIGHT -> corrupt(inner.weightGrad, inner.outputSize(), inner.inputSize());
                case BIAS -> corrupt(inner.biasGrad, 1, inner.outputSize());
                case INPUT -> corrupt(dx.data(), dx.rows(), dx.cols());
            }
            return dx;
        }

        private void corrupt(float[] g, int rows, int cols) {
            switch (corruption) {
                case HALVE -> { for (int i = 0; i < g.length; i++) g[i] *= 0.5f; }
                case NEGATE -> { for (int i = 0; i < g.length; i++) g[i] = -g[i]; }
                case TRANSPOSE -> {
                    // a [rows, cols] gradient written out as if it were [cols, rows]
                    float[] t = new float[g.length];
                    for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) t[c * rows + r] = g[r * cols + c];
                    reverseIfVector(t, rows, cols);
                    System.arraycopy(t, 0, g, 0, g.length);
                }
            }
        }

        /** A vector's transpose is itself; use its reversal as the "wrong layout" instead. */
        private static void reverseIfVector(float[] t, int rows, int cols) {
            if (rows != 1 && cols != 1) return;
            for (int i = 0, j = t.length - 1; i < j; i++, j--) {
                float s = t[i];
                t[i] = t[j];
                t[j] = s;
            }
        }

        @Override
        public List<Parameter> parameters() {
            return inner.parameters();
        }

        @Override
        public int inputSize() {
            return inner.inputSize();
        }

        @Override
        public int outputSize() {
            return inner.outputSize();
        }

        @Override
        public String kind() {
            return "CorruptedLinear";
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @EnumSource(Corruption.class)
    void rejects(Corruption corruption) {
        for (Target target : Target.values()) {
            SplittableRandom rng = new SplittableRandom(42);
            Dense dense = new Dense(5, 7, true, Ops.reference());
            GradientCheck.randomize(dense, rng, 0, 0.7);
            Tensor x = GradientCheck.randomInput(3, 5, rng, 1.0);
            // sanity: the uncorrupted layer passes on the same data
            assertThat(GradientCheck.check(dense, x, 1).passes(GradientCheck.TOLERANCE)).isTrue();
            var result = GradientCheck.check(new CorruptedDense(dense, corruption, target), x, 1);
            String key = switch (target) {
                case WEIGHT -> "weight";
                case BIAS -> "bias";
                case INPUT -> "input";
            };
            assertThat(result.errors().get(key)).as("%s of %s gradient", corruption, target)
                    .isGreaterThan(10 * GradientCheck.TOLERANCE);
            assertThat(result.passes(GradientCheck.TOLERANCE)).isFalse();
        }
    }
}
