package saturn.engine.layer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import saturn.engine.Backends;
import saturn.engine.layer.Recurrent.Cell;
import saturn.engine.loss.SoftmaxCrossEntropy;
import saturn.engine.loss.Target;
import saturn.engine.model.CompiledActivation;
import saturn.engine.model.Model;
import saturn.engine.tensor.Ops;
import saturn.engine.tensor.Parameter;
import saturn.engine.tensor.Tensor;

/**
 * The recurrent layers against PyTorch (values made offline by
 * {@code tools/recurrent_reference.py}), against finite differences of an independent
 * double-precision unrolling written here, on the reference and the fast backends, and
 * bit for bit across thread counts.
 */
class RecurrentTest {

    // ----------------------------------------------------------------------------- PyTorch

    private record TorchCase(String cell, int in, int hidden, int layers, int steps, int batch, int classes,
                             Map<String, int[]> shapes, Map<String, double[]> params, double[] x, int[] labels,
                             double[] logits, double loss, Map<String, double[]> grads) {
    }

    private static List<TorchCase> torchCases() throws IOException {
        List<TorchCase> cases = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                RecurrentTest.class.getResourceAsStream("/recurrent/torch_reference.txt"), StandardCharsets.UTF_8))) {
            String[] head = null;
            Map<String, int[]> shapes = null;
            Map<String, double[]> params = null, grads = null;
            double[] x = null, logits = null;
            int[] labels = null;
            double loss = Double.NaN;
            for (String line = r.readLine(); ; line = r.readLine()) {
                if (line == null || line.startsWith("case ")) {
                    if (head != null) {
                        cases.add(new TorchCase(head[1], Integer.parseInt(head[3]), Integer.parseInt(head[5]),
                                Integer.parseInt(head[7]), Integer.parseInt(head[9]), Integer.parseInt(head[11]),
                                Integer.parseInt(head[13]), shapes, params, x, labels, logits, loss, grads));
                    }
                    if (line == null) break;
                    head = line.split(" ");
                    shapes = new LinkedHashMap<>();
                    params = new LinkedHashMap<>();
                    grads = new LinkedHashMap<>();
                    continue;
                }
                if (line.startsWith("#")) continue;
                String[] parts = line.split(" : ");
                String[] key = parts[0].split(" ");
                double[] v = parse(parts[1]);
                switch (key[0]) {
                    case "param" -> {
                        int[] shape = new int[key.length - 2];
                        for (int i = 0; i < shape.length; i++) shape[i] = Integer.parseInt(key[i + 2]);
                        shapes.put(key[1], shape);
                        params.put(key[1], v);
                    }
                    case "grad" -> grads.put(key[1], v);
                    case "x" -> x = v;
                    case "logits" -> logits = v;
                    case "loss" -> loss = v[0];
                    case "labels" -> {
                        labels = new int[v.length];
                        for (int i = 0; i < v.length; i++) labels[i] = (int) v[i];
                    }
                    default -> throw new IllegalStateException("unknown line " + key[0]);
                }
            }
        }
        return cases;
    }

    private static double[] parse(String s) {
        String[] f = s.trim().split(" ");
        double[] v = new double[f.length];
        for (int i = 0; i < f.length; i++) v[i] = Double.parseDouble(f[i]);
        return v;
    }

    @Test
    void checkpointNamesShapesLogitsAndGradientsAreThoseOfPyTorch() throws IOException {
        List<TorchCase> cases = torchCases();
        assertThat(cases).extracting(TorchCase::cell).containsExactly("rnn", "gru", "lstm");
        for (Ops ops : List.of(Ops.selected(), Ops.reference())) {
            for (TorchCase tc : cases) {
                Cell cell = Cell.valueOf(tc.cell().toUpperCase(java.util.Locale.ROOT));
                Recurrent rnn = new Recurrent(cell, tc.in(), tc.hidden(), tc.layers(), tc.steps(), false,
                        kernel("tanh", ops), kernel("sigmoid", ops), ops);
                Model model = Model.builder(tc.steps() * tc.in(), ops).add("rnn", rnn).add("fc", new Dense(tc.hidden(), tc.classes(), true, ops)).build();
                // load_state_dict(strict=True): the same names, in the same order, with the same shapes
                assertThat(model.parameters()).extracting(Parameter::name).containsExactlyElementsOf(tc.shapes().keySet());
                for (Parameter p : model.parameters()) {
                    assertThat(p.shape()).as(p.name()).containsExactly(tc.shapes().get(p.name()));
                    double[] v = tc.params().get(p.name());
                    for (int i = 0; i < v.length; i++) p.data()[i] = (float) v[i];
                }
                float[] x = new float[tc.x().length];
                for (int i = 0; i < x.length; i++) x[i] = (float) tc.x()[i];
                Tensor logits = model.forward(new Tensor(x, tc.batch(), tc.steps() * tc.in()));
                assertClose(tc.cell() + " logits", logits.data(), tc.logits(), 2e-6);
                SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
                Tensor grad = new Tensor(new float[logits.size()], logits.rows(), logits.cols());
                double l = loss.compute(logits, Target.labels(tc.labels()), grad);
                assertThat(l).isCloseTo(tc.loss(), org.assertj.core.data.Offset.offset(1e-6));
                model.backward(grad);
                for (Parameter p : model.parameters()) {
                    assertClose(tc.cell() + " " + p.name() + " gradient", p.grad(), tc.grads().get(p.name()), 2e-6);
                }
            }
        }
    }

    private static void assertClose(String what, float[] actual, double[] expected, double tolerance) {
        assertThat(actual).as(what).hasSize(expected.length);
        double scale = 0;
        for (double e : expected) scale = Math.max(scale, Math.abs(e));
        for (int i = 0; i < expected.length; i++) {
            assertThat(Math.abs(actual[i] - expected[i])).as(what + "[" + i + "]").isLessThanOrEqualTo(tolerance * Math.max(1, scale));
        }
    }

    // ------------------------------------------------------------- an independent unrolling

    /** The cells written out in double, one example at a time, straight from their definitions. */
    private record Reference(Cell cell, int in, int hidden, int depth, int steps, boolean allSteps,
                             DoubleUnaryOperator phi, DoubleUnaryOperator gate) {

        double[] forward(List<Parameter> params, double[] x, int batch) {
            int outSize = allSteps ? steps * hidden : hidden;
            double[] out = new double[batch * outSize];
            int g = cell.gates();
            for (int n = 0; n < batch; n++) {
                double[][] seq = new double[steps][];
                for (int t = 0; t < steps; t++) {
                    seq[t] = new double[in];
                    for (int i = 0; i < in; i++) seq[t][i] = x[(n * steps + t) * in + i];
                }
                for (int l = 0; l < depth; l++) {
                    float[] wih = params.get(4 * l).data(), whh = params.get(4 * l + 1).data();
                    float[] bih = params.get(4 * l + 2).data(), bhh = params.get(4 * l + 3).data();
                    int inl = seq[0].length;
                    double[] h = new double[hidden], c = new double[hidden];
                    double[][] next = new double[steps][];
                    for (int t = 0; t < steps; t++) {
                        double[] zi = new double[g * hidden], zh = new double[g * hidden];
                        for (int r = 0; r < g * hidden; r++) {
                            zi[r] = bih[r];
                            for (int i = 0; i < inl; i++) zi[r] += wih[r * inl + i] * seq[t][i];
                            zh[r] = bhh[r];
                            for (int i = 0; i < hidden; i++) zh[r] += whh[r * hidden + i] * h[i];
                        }
                        double[] hn = new double[hidden];
                        for (int j = 0; j < hidden; j++) {
                            int H = hidden;
                            switch (cell) {
                                case RNN -> hn[j] = phi.applyAsDouble(zi[j] + zh[j]);
                                case GRU -> {
                                    double r = gate.applyAsDouble(zi[j] + zh[j]);
                                    double z = gate.applyAsDouble(zi[H + j] + zh[H + j]);
                                    double nn = phi.applyAsDouble(zi[2 * H + j] + r * zh[2 * H + j]);
                                    hn[j] = (1 - z) * nn + z * h[j];
                                }
                                case LSTM -> {
                                    double i = gate.applyAsDouble(zi[j] + zh[j]);
                                    double f = gate.applyAsDouble(zi[H + j] + zh[H + j]);
                                    double gg = phi.applyAsDouble(zi[2 * H + j] + zh[2 * H + j]);
                                    double o = gate.applyAsDouble(zi[3 * H + j] + zh[3 * H + j]);
                                    c[j] = f * c[j] + i * gg;
                                    hn[j] = o * phi.applyAsDouble(c[j]);
                                }
                            }
                        }
                        h = hn;
                        next[t] = hn;
                    }
                    seq = next;
                }
                for (int t = allSteps ? 0 : steps - 1; t < steps; t++) {
                    int col = allSteps ? t * hidden : 0;
                    for (int j = 0; j < hidden; j++) out[n * outSize + col + j] = seq[t][j];
                }
            }
            return out;
        }
    }

    private static final Map<String, DoubleUnaryOperator> FUNCTIONS = Map.of(
            "tanh", Math::tanh,
            "sigmoid", v -> 1 / (1 + Math.exp(-v)),
            "exp(-x^2/2)", v -> Math.exp(-v * v / 2),
            "erf(x)", v -> org.hipparchus.special.Erf.erf(v));

    private static saturn.engine.kernel.ActivationKernel kernel(String formula, Ops ops) {
        return CompiledActivation.compile(formula, ops.kernels()).kernel();
    }

    /**
     * The analytic gradients of {@code L = Σ r ⊙ y} (inputs and every parameter) against
     * central differences of the double unrolling, which shares no code with the layer;
     * the layer's output against the unrolling's.
     */
    @ParameterizedTest
    @EnumSource(Cell.class)
    void gradientsAreThoseOfAnIndependentUnrolling(Cell cell) {
        String[][] activations = {{"tanh", "sigmoid"}, {"exp(-x^2/2)", "sigmoid"}, {"erf(x)", "exp(-x^2/2)"}};
        int in = 3, hidden = 4, depth = 2, steps = 5, batch = 3;
        for (Ops ops : List.of(Ops.selected(), Ops.reference())) {
            for (String[] act : activations) {
                for (boolean allSteps : new boolean[] {false, true}) {
                    Recurrent layer = new Recurrent(cell, in, hidden, depth, steps, allSteps, kernel(act[0], ops),
                            kernel(act[1], ops), ops);
                    Reference ref = new Reference(cell, in, hidden, depth, steps, allSteps, FUNCTIONS.get(act[0]),
                            FUNCTIONS.get(act[1]));
                    String what = cell + " " + act[0] + "/" + act[1] + (allSteps ? " all steps" : " last step") + " on "
                            + ops.describe();
                    SplittableRandom rng = new SplittableRandom(cell.ordinal() * 100 + (allSteps ? 1 : 0));
                    GradientCheck.randomize(layer, rng, 0, 0.6);
                    Tensor x = GradientCheck.randomInput(batch, steps * in, rng, 1.0);
                    float[] r = new float[batch * layer.outputSize()];
                    for (int i = 0; i < r.length; i++) r[i] = (float) rng.nextGaussian();
                    List<Parameter> params = layer.parameters();

                    double[] xd = new double[x.size()];
                    for (int i = 0; i < xd.length; i++) xd[i] = x.data()[i];
                    float[] y = layer.forward(x).data().clone();
                    double[] yRef = ref.forward(params, xd, batch);
                    for (int i = 0; i < y.length; i++) {
                        assertThat((double) y[i]).as(what + " output " + i).isCloseTo(yRef[i], org.assertj.core.data.Offset.offset(2e-6));
                    }
                    for (Parameter p : params) java.util.Arrays.fill(p.grad(), 1234.5f);   // backward overwrites
                    float[] dx = layer.backward(new Tensor(r.clone(), batch, layer.outputSize())).data().clone();

                    double eps = 1e-3;
                    double[] numeric = new double[xd.length];
                    for (int i = 0; i < xd.length; i++) {
                        double saved = xd[i];
                        xd[i] = saved + eps;
                        double up = dot(r, ref.forward(params, xd, batch));
                        xd[i] = saved - eps;
                        double down = dot(r, ref.forward(params, xd, batch));
                        xd[i] = saved;
                        numeric[i] = (up - down) / (2 * eps);
                    }
                    assertGradient(what + " input", dx, numeric);
                    for (Parameter p : params) {
                        // the weights are floats: perturb by a float-exact step and divide by the step taken
                        float[] w = p.data();
                        double[] num = new double[w.length];
                        for (int i = 0; i < w.length; i++) {
                            float saved = w[i];
                            float upW = (float) (saved + eps), downW = (float) (saved - eps);
                            w[i] = upW;
                            double up = dot(r, ref.forward(params, xd, batch));
                            w[i] = downW;
                            double down = dot(r, ref.forward(params, xd, batch));
                            w[i] = saved;
                            num[i] = (up - down) / ((double) upW - downW);
                        }
                        assertGradient(what + " " + p.name(), p.grad(), num);
                    }
                }
            }
        }
    }

    private static double dot(float[] r, double[] y) {
        double s = 0;
        for (int i = 0; i < r.length; i++) s += r[i] * y[i];
        return s;
    }

    /** Relative error of the gradient vector ‖a − n‖ / ‖n‖ below 2e-5 (float32 analytic against double differences). */
    private static void assertGradient(String what, float[] analytic, double[] numeric) {
        double diff = 0, norm = 0;
        for (int i = 0; i < numeric.length; i++) {
            diff += (analytic[i] - numeric[i]) * (analytic[i] - numeric[i]);
            norm += numeric[i] * numeric[i];
        }
        assertThat(norm).as(what + " is not trivially zero").isGreaterThan(1e-8);
        assertThat(Math.sqrt(diff / norm)).as(what + " relative error").isLessThan(2e-5);
    }

    // ---------------------------------------------------------------------- same bits, norms

    @ParameterizedTest
    @EnumSource(Cell.class)
    void theSameBitsOnAnyNumberOfThreads(Cell cell) {
        int in = 20, hidden = 48, depth = 2, steps = 30, batch = 40;
        Ops ops = Ops.selected();
        List<float[]> first = null;
        try {
            for (int threads = 1; threads <= 4; threads++) {
                Backends.setThreads(threads);
                Recurrent layer = new Recurrent(cell, in, hidden, depth, steps, true, kernel("tanh", ops),
                        kernel("sigmoid", ops), ops);
                SplittableRandom rng = new SplittableRandom(5);
                GradientCheck.randomize(layer, rng, 0, 0.3);
                Tensor x = GradientCheck.randomInput(batch, steps * in, rng, 1.0);
                List<float[]> got = new ArrayList<>();
                Tensor y = layer.forward(x);
                got.add(y.data().clone());
                Tensor dy = GradientCheck.randomInput(batch, y.cols(), rng, 1.0);
                got.add(layer.backward(dy).data().clone());
                for (Parameter p : layer.parameters()) got.add(p.grad().clone());
                if (first == null) first = got;
                else for (int i = 0; i < got.size(); i++) assertThat(got.get(i)).as(cell + " on " + threads + " threads, array " + i).isEqualTo(first.get(i));
            }
        } finally {
            Backends.setThreads(1);
        }
    }

    /**
     * With φ = x, no input and {@code W_hh = s·I}, the gradient reaching step t is
     * {@code s^(T−1−t)} times the one at the last step: the recorded norms over time follow.
     */
    @Test
    void gradientNormsOverTimeFollowTheRecurrence() {
        Ops ops = Ops.selected();
        int hidden = 6, steps = 12, batch = 2;
        Recurrent layer = new Recurrent(Cell.RNN, 1, hidden, 1, steps, false, kernel("x", ops), kernel("sigmoid", ops), ops);
        float s = 0.5f;
        for (int j = 0; j < hidden; j++) layer.recurrentWeight(0)[j * hidden + j] = s;
        SplittableRandom rng = new SplittableRandom(3);
        for (int j = 0; j < hidden; j++) layer.inputWeight(0)[j] = (float) rng.nextGaussian();
        layer.forward(GradientCheck.randomInput(batch, steps, rng, 1));
        Tensor dy = GradientCheck.randomInput(batch, hidden, rng, 1);
        layer.backward(dy);
        double[] norms = layer.gradientNormsOverTime(0);
        double last = Math.sqrt(sumSquares(dy.data()));
        for (int t = 0; t < steps; t++) {
            assertThat(norms[t]).as("step " + t).isCloseTo(last * Math.pow(s, steps - 1 - t), org.assertj.core.data.Percentage.withPercentage(1e-4));
        }
    }

    private static double sumSquares(float[] v) {
        double s = 0;
        for (float f : v) s += (double) f * f;
        return s;
    }

    /**
     * A gradient that vanishes over time (W_hh = 0.05·I over 80 steps: a factor 0.05^79 ≈ 1e-103)
     * reaches 0 without passing through subnormal floats, which are tens of times slower.
     */
    @ParameterizedTest
    @EnumSource(Cell.class)
    void aVanishingGradientIsFlushedToZeroNotCarriedThroughSubnormals(Cell cell) {
        Ops ops = Ops.selected();
        int hidden = 8, steps = 80, batch = 4;
        Recurrent layer = new Recurrent(cell, 1, hidden, 1, steps, false, kernel("tanh", ops), kernel("sigmoid", ops), ops);
        SplittableRandom rng = new SplittableRandom(8);
        for (int g = 0; g < cell.gates(); g++) {
            for (int j = 0; j < hidden; j++) layer.recurrentWeight(0)[(g * hidden + j) * hidden + j] = 0.05f;
        }
        for (int i = 0; i < layer.inputWeight(0).length; i++) layer.inputWeight(0)[i] = (float) rng.nextGaussian();
        java.util.Arrays.fill(layer.inputBias(0), -3f);   // gates mostly closed: nothing carries the state
        layer.forward(GradientCheck.randomInput(batch, steps, rng, 1));
        layer.backward(GradientCheck.randomInput(batch, hidden, rng, 1));
        double[] norms = layer.gradientNormsOverTime(0);
        assertThat(norms[0]).isZero();   // vanished entirely
        assertThat(norms[steps - 1]).isPositive();
        for (float v : layer.preActivationGradients(0)) {
            assertThat(v == 0 || Math.abs(v) >= Float.MIN_NORMAL).as("subnormal " + v).isTrue();
        }
    }

    @Test
    void refusesInputOfTheWrongLength() {
        Ops ops = Ops.reference();
        Recurrent layer = new Recurrent(Cell.LSTM, 2, 3, 1, 4, false, kernel("tanh", ops), kernel("sigmoid", ops), ops);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> layer.forward(new Tensor(new float[14], 2, 7)))
                .hasMessageContaining("expected 4 x 2");
    }
}
