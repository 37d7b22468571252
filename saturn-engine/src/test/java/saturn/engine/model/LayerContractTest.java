package saturn.engine.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import saturn.engine.layer.GradientCheck;
import saturn.engine.layer.Layer;
import saturn.engine.loss.SoftmaxCrossEntropy;
import saturn.engine.loss.Target;
import saturn.engine.optim.Optimizers;
import saturn.engine.tensor.Ops;
import saturn.engine.tensor.Parameter;
import saturn.engine.tensor.Tensor;

/**
 * The layer contract holds more than dense stacks: a layer with time (a cell unrolled over T
 * steps with shared weights and its state carried from step to step) and a layer with spatial
 * structure (a convolution) are written here against {@link Layer} alone, gradient-checked,
 * and trained inside a {@link Model} by a {@link TrainingStep} with a fused optimizer step,
 * neither of which knows them: the fused plan runs them as the reference plan does, to the bit.
 */
class LayerContractTest {

    /** An Elman cell over T steps: {@code h_t = tanh(W_ih x_t + W_hh h_{t−1} + b)}, h_0 = 0; input {@code [batch, T·in]}, output h_T. */
    static final class Elman implements Layer {
        final int in, hidden, steps;
        final float[] wih, whh, b, gwih, gwhh, gb;
        private Tensor x, out;
        private float[] h;   // [batch, (T + 1) · hidden]: h_0 .. h_T

        Elman(int in, int hidden, int steps, long seed) {
            this.in = in;
            this.hidden = hidden;
            this.steps = steps;
            wih = new float[hidden * in];
            whh = new float[hidden * hidden];
            b = new float[hidden];
            gwih = new float[wih.length];
            gwhh = new float[whh.length];
            gb = new float[hidden];
            SplittableRandom r = new SplittableRandom(seed);
            for (int i = 0; i < wih.length; i++) wih[i] = (float) (r.nextGaussian() / Math.sqrt(in));
            for (int i = 0; i < whh.length; i++) whh[i] = (float) (r.nextGaussian() * 0.9 / Math.sqrt(hidden));
        }

        @Override
        public Tensor forward(Tensor x) {
            int batch = x.rows();
            this.x = x;
            int w = (steps + 1) * hidden;
            if (h == null || h.length != batch * w) h = new float[batch * w];
            out = Tensor.reuse(out, batch, hidden);
            for (int n = 0; n < batch; n++) {
                java.util.Arrays.fill(h, n * w, n * w + hidden, 0f);
                for (int t = 0; t < steps; t++) {
                    for (int j = 0; j < hidden; j++) {
                        float z = b[j];
                        for (int i = 0; i < in; i++) z += wih[j * in + i] * x.data()[n * steps * in + t * in + i];
                        for (int i = 0; i < hidden; i++) z += whh[j * hidden + i] * h[n * w + t * hidden + i];
                        h[n * w + (t + 1) * hidden + j] = (float) Math.tanh(z);
                    }
                }
                System.arraycopy(h, n * w + steps * hidden, out.data(), n * hidden, hidden);
            }
            return out;
        }

        @Override
        public Tensor backward(Tensor dy) {
            int batch = dy.rows();
            int w = (steps + 1) * hidden;
            java.util.Arrays.fill(gwih, 0f);
            java.util.Arrays.fill(gwhh, 0f);
            java.util.Arrays.fill(gb, 0f);
            Tensor dx = new Tensor(new float[batch * steps * in], batch, steps * in);
            float[] dh = new float[hidden], dz = new float[hidden];
            for (int n = 0; n < batch; n++) {
                System.arraycopy(dy.data(), n * hidden, dh, 0, hidden);
                for (int t = steps - 1; t >= 0; t--) {   // back through time, the weights shared by every step
                    for (int j = 0; j < hidden; j++) {
                        float y = h[n * w + (t + 1) * hidden + j];
                        dz[j] = dh[j] * (1 - y * y);
                        gb[j] += dz[j];
                        for (int i = 0; i < in; i++) {
                            gwih[j * in + i] += dz[j] * x.data()[n * steps * in + t * in + i];
                            dx.data()[n * steps * in + t * in + i] += dz[j] * wih[j * in + i];
                        }
                        for (int i = 0; i < hidden; i++) gwhh[j * hidden + i] += dz[j] * h[n * w + t * hidden + i];
                    }
                    for (int i = 0; i < hidden; i++) {
                        float s = 0;
                        for (int j = 0; j < hidden; j++) s += dz[j] * whh[j * hidden + i];
                        dh[i] = s;
                    }
                }
            }
            return dx;
        }

        @Override
        public List<Parameter> parameters() {
            return List.of(Parameter.trainable("weight_ih_l0", wih, gwih, hidden, in),
                    Parameter.trainable("weight_hh_l0", whh, gwhh, hidden, hidden),
                    Parameter.trainable("bias_l0", b, gb, hidden));
        }

        @Override
        public int inputSize() {
            return steps * in;
        }

        @Override
        public int outputSize() {
            return hidden;
        }

        @Override
        public String kind() {
            return "RNN";
        }
    }

    /** A 1-D convolution, valid padding: input {@code [batch, C_in·L]}, output {@code [batch, C_out·(L − K + 1)]}. */
    static final class Conv1d implements Layer {
        final int cin, cout, length, k, outLength;
        final float[] weight, bias, gw, gb;
        private Tensor x, out;

        Conv1d(int cin, int cout, int length, int k, long seed) {
            this.cin = cin;
            this.cout = cout;
            this.length = length;
            this.k = k;
            outLength = length - k + 1;
            weight = new float[cout * cin * k];
            bias = new float[cout];
            gw = new float[weight.length];
            gb = new float[cout];
            SplittableRandom r = new SplittableRandom(seed);
            for (int i = 0; i < weight.length; i++) weight[i] = (float) (r.nextGaussian() / Math.sqrt(cin * k));
        }

        @Override
        public Tensor forward(Tensor x) {
            this.x = x;
            out = Tensor.reuse(out, x.rows(), cout * outLength);
            for (int n = 0; n < x.rows(); n++) {
                for (int o = 0; o < cout; o++) {
                    for (int p = 0; p < outLength; p++) {
                        float s = bias[o];
                        for (int c = 0; c < cin; c++) {
                            for (int q = 0; q < k; q++) {
                                s += weight[(o * cin + c) * k + q] * x.data()[n * cin * length + c * length + p + q];
                            }
                        }
                        out.data()[n * cout * outLength + o * outLength + p] = s;
                    }
                }
            }
            return out;
        }

        @Override
        public Tensor backward(Tensor dy) {
            java.util.Arrays.fill(gw, 0f);
            java.util.Arrays.fill(gb, 0f);
            Tensor dx = new Tensor(new float[x.rows() * cin * length], x.rows(), cin * length);
            for (int n = 0; n < x.rows(); n++) {
                for (int o = 0; o < cout; o++) {
                    for (int p = 0; p < outLength; p++) {
                        float g = dy.data()[n * cout * outLength + o * outLength + p];
                        gb[o] += g;
                        for (int c = 0; c < cin; c++) {
                            for (int q = 0; q < k; q++) {
                                int xi = n * cin * length + c * length + p + q;
                                gw[(o * cin + c) * k + q] += g * x.data()[xi];
                                dx.data()[xi] += g * weight[(o * cin + c) * k + q];
                            }
                        }
                    }
                }
            }
            return dx;
        }

        @Override
        public List<Parameter> parameters() {
            return List.of(Parameter.trainable("weight", weight, gw, cout, cin, k), Parameter.trainable("bias", bias, gb, cout));
        }

        @Override
        public int inputSize() {
            return cin * length;
        }

        @Override
        public int outputSize() {
            return cout * outLength;
        }

        @Override
        public String kind() {
            return "Conv1d";
        }
    }

    @Test
    void aCellOverTimeAndAConvolutionPassTheGradientCheck() {
        SplittableRandom rng = new SplittableRandom(2);
        var rnn = GradientCheck.check(new Elman(3, 5, 7, 1), GradientCheck.randomInput(4, 21, rng, 1.0), 3);
        assertThat(rnn.worst()).as("%s", rnn).isLessThan(GradientCheck.TOLERANCE);
        var conv = GradientCheck.check(new Conv1d(2, 3, 9, 3, 7), GradientCheck.randomInput(4, 18, rng, 1.0), 4);
        assertThat(conv.worst()).as("%s", conv).isLessThan(GradientCheck.TOLERANCE);
    }

    private static Model sequenceModel() {
        return Model.builder(4 * 6, Ops.selected()).seed(3).add(new Elman(4, 16, 6, 5)).dense(32).activation("tanh")
                .dense(3).build();
    }

    private static Model convolutionModel() {
        return Model.builder(2 * 20, Ops.selected()).seed(3).add(new Conv1d(2, 4, 20, 5, 6)).activation("tanh")
                .dense(32).activation("tanh").dense(3).build();
    }

    /**
     * Both layers train inside a model with Adam's fused step (updated inside the backward pass
     * right after their own backward), fitting a fixed batch, and the fused plan gives the bits
     * of the reference plan step for step; the checkpoint names carry the layers' own names.
     */
    @Test
    void theyTrainInsideAModelWithTheFusedStepAndTheBitsOfTheReferencePlan() {
        for (java.util.function.Supplier<Model> build : List.<java.util.function.Supplier<Model>>of(
                LayerContractTest::sequenceModel, LayerContractTest::convolutionModel)) {
            Model fused = build.get();
            Model plain = build.get();
            plain.fuse(false);
            TrainingStep a = new TrainingStep(fused, new SoftmaxCrossEntropy(), Optimizers.adam(1e-2));
            TrainingStep b = new TrainingStep(plain, new SoftmaxCrossEntropy(), Optimizers.adam(1e-2));
            SplittableRandom rng = new SplittableRandom(9);
            Tensor x = GradientCheck.randomInput(32, fused.inputSize(), rng, 1.0);
            int[] labels = new int[32];
            for (int i = 0; i < 32; i++) labels[i] = rng.nextInt(3);
            double first = 0, last = 0;
            for (int s = 0; s < 60; s++) {
                double la = a.run(x, Target.labels(labels));
                double lb = b.run(x, Target.labels(labels));
                assertThat(la).as("step %d", s).isEqualTo(lb);
                if (s == 0) first = la;
                last = la;
            }
            assertThat(last).as("%s", fused.layers().get(0).kind()).isLessThan(0.5 * first);
            for (int p = 0; p < fused.trainableParameters().size(); p++) {
                assertThat(fused.trainableParameters().get(p).data())
                        .containsExactly(plain.trainableParameters().get(p).data());
            }
            assertThat(fused.parameters().getFirst().name()).startsWith("layers.0.");
        }
    }
}
