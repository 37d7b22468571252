package saturn.engine.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import saturn.engine.data.PreprocessingStats;
import saturn.engine.layer.ActivationLayer;
import saturn.engine.layer.BatchNorm;
import saturn.engine.layer.Dense;
import saturn.engine.layer.Dropout;
import saturn.engine.layer.Highway;
import saturn.engine.layer.Layer;
import saturn.engine.layer.LayerNorm;
import saturn.engine.layer.Permutation;
import saturn.engine.layer.Rbf;
import saturn.engine.layer.Recurrent;
import saturn.engine.layer.Residual;
import saturn.engine.layer.ScaledWSDense;
import saturn.engine.layer.Stepwise;
import saturn.engine.layer.WeightNormDense;
import saturn.engine.model.Model;
import saturn.engine.tensor.Parameter;
import saturn.theory.Activation;
import saturn.theory.expr.Expr;

/**
 * A model's inference forward pass as an ONNX graph (opset {@value OnnxModel#OPSET}): input
 * {@value #INPUT} {@code [batch, features]} of raw features, the fitted preprocessing as its
 * first nodes, then one group of nodes per module, and output {@value #LOGITS}
 * {@code [batch, outputs]} (with {@value #PROBABILITIES}, their softmax, when asked).
 *
 * <p>Dense layers are {@code Gemm}; weight normalization and scaled weight standardization
 * are folded into plain weights, computed as their forward pass computes them; LayerNorm is
 * {@code LayerNormalization}, BatchNorm {@code BatchNormalization} with its running
 * statistics; an RBF layer is {@code ‖x‖² − 2 x·c + ‖c‖²} ({@code ReduceSum}, {@code Gemm})
 * clamped at 0, then the Gaussian; an activation is its formula in operators
 * ({@link ActivationGraph}); residual and highway shortcuts are the sums they compute;
 * dropout is {@code Identity}. Recurrent layers are unrolled over their steps, each step
 * one {@code Gemm} per gate and the cell's element-wise formula, so any activation exports.
 */
public final class OnnxExport {

    public static final String INPUT = "input";
    public static final String LOGITS = "logits";
    public static final String PROBABILITIES = "probabilities";
    private static final String BATCH = "batch";

    private final OnnxGraph graph = new OnnxGraph("saturn");

    private OnnxExport() {
    }

    /**
     * The ONNX model of {@code model} at inference (the weights as they are now).
     *
     * @param preprocessing applied to the raw input first; null when the model takes its inputs as they are
     * @param probabilities whether to add the {@value #PROBABILITIES} output (softmax over the logits)
     * @throws OnnxExportException for a module the export does not know
     */
    public static OnnxModel of(Model model, PreprocessingStats preprocessing, boolean probabilities, String producerVersion) {
        OnnxExport e = new OnnxExport();
        OnnxGraph g = e.graph;
        g.input(new OnnxValue(INPUT, BATCH, (long) model.inputSize()));
        String x = INPUT;
        if (preprocessing != null) x = e.preprocess(x, preprocessing, model.inputSize());
        for (int i = 0; i < model.layers().size(); i++) x = e.module(model.layers().get(i), x, model.moduleName(i));
        g.node("Identity", List.of(x), LOGITS);
        g.output(new OnnxValue(LOGITS, BATCH, (long) model.outputSize()));
        if (probabilities) {
            g.node("Softmax", List.of(LOGITS), PROBABILITIES, OnnxAttribute.of("axis", 1L));
            g.output(new OnnxValue(PROBABILITIES, BATCH, (long) model.outputSize()));
        }
        return new OnnxModel(g, producerVersion);
    }

    /** {@code (x − shift)·scale}, per feature or with one value for all; nothing for the identity. */
    private String preprocess(String x, PreprocessingStats p, int features) {
        float[] shift = p.shift();
        float[] scale = p.scale();
        if (!p.global() && shift.length != features) {
            throw new OnnxExportException("the preprocessing was fitted on " + shift.length + " features but the model takes " + features);
        }
        long[] dims = p.global() ? new long[0] : new long[] {features};
        boolean noShift = true, noScale = true;
        for (int j = 0; j < shift.length; j++) {
            noShift &= shift[j] == 0f;
            noScale &= scale[j] == 1f;
        }
        if (!noShift) x = graph.op("Sub", x, graph.weights("preprocess_shift", shift, dims));
        if (!noScale) x = graph.op("Mul", x, graph.weights("preprocess_scale", scale, dims));
        return x;
    }

    private String module(Layer layer, String x, String name) {
        return switch (layer) {
            case Dense d -> dense(x, d.weight(), d.bias(), d.outputSize(), d.inputSize(), name);
            case WeightNormDense d -> dense(x, d.effectiveWeight(), d.bias(), d.outputSize(), d.inputSize(), name);
            case ScaledWSDense d -> dense(x, d.effectiveWeight(), d.bias(), d.outputSize(), d.inputSize(), name);
            case ActivationLayer a -> activation(a, x);
            case LayerNorm n -> graph.node("LayerNormalization",
                    List.of(x, graph.weights(name + ".weight", param(n, "weight"), n.outputSize()),
                            graph.weights(name + ".bias", param(n, "bias"), n.outputSize())),
                    OnnxAttribute.of("axis", -1L), OnnxAttribute.of("epsilon", n.eps()));
            case BatchNorm n -> graph.node("BatchNormalization",
                    List.of(x, graph.weights(name + ".weight", param(n, "weight"), n.outputSize()),
                            graph.weights(name + ".bias", param(n, "bias"), n.outputSize()),
                            graph.weights(name + ".running_mean", param(n, "running_mean"), n.outputSize()),
                            graph.weights(name + ".running_var", param(n, "running_var"), n.outputSize())),
                    OnnxAttribute.of("epsilon", n.eps()));
            case Rbf r -> rbf(r, x, name);
            case Dropout d -> graph.op("Identity", x);
            case Residual r -> residual(r, x, name);
            case Highway h -> highway(h, x, name);
            case Permutation p -> graph.node("Gather", List.of(x, graph.longs(name + ".order",
                    Arrays.stream(p.order()).asLongStream().toArray(), p.outputSize())), OnnxAttribute.of("axis", 1L));
            case Stepwise s -> stepwise(s, x, name);
            case Recurrent r -> new RecurrentGraph(graph, r, name).apply(x);
            default -> throw new OnnxExportException("module " + name + " (" + layer.kind() + ") has no ONNX export");
        };
    }

    /** {@code x Wᵀ + b} with W {@code [out, in]}: {@code Gemm} with transB. */
    private String dense(String x, float[] w, float[] b, int out, int in, String name) {
        List<String> inputs = new ArrayList<>(List.of(x, graph.weights(name + ".weight", w, out, in)));
        if (b != null) inputs.add(graph.weights(name + ".bias", b, out));
        return graph.node("Gemm", inputs, OnnxAttribute.of("transB", 1L));
    }

    private String activation(ActivationLayer a, String x) {
        String y = ActivationGraph.apply(graph, expression(a.formula()), x);
        float scale = a.scaleValue();
        return Float.isNaN(scale) ? y : graph.op("Mul", y, graph.scalar(scale));
    }

    /** The expression of a compiled activation's formula (printed with every digit, so it reads back the same). */
    static Expr expression(String formula) {
        return Activation.parse(formula).expr();
    }

    /**
     * {@code exp(−d / (2 s² m))} per centre c, {@code d = max(0, ‖x‖² − 2 x·c + ‖c‖²)}, width
     * s = exp(log_width) and the layer's reference scale m ({@link saturn.engine.layer.RbfNorm}).
     */
    private String rbf(Rbf r, String x, String name) {
        int in = r.inputSize(), out = r.outputSize();
        float[] c = r.weight(), logWidth = r.logWidth();
        float[] norms = new float[out], negInvTwoVar = new float[out];
        for (int j = 0; j < out; j++) {
            double s = 0;
            for (int i = 0; i < in; i++) s += (double) c[j * in + i] * c[j * in + i];
            norms[j] = (float) s;
            negInvTwoVar[j] = -(float) (0.5 * Math.exp(-2.0 * logWidth[j]));
        }
        String xx = graph.node("ReduceSum", List.of(graph.op("Mul", x, x), graph.longs(name + ".axes", new long[] {1}, 1)),
                OnnxAttribute.of("keepdims", 1L));
        String cross = graph.node("Gemm", List.of(x, graph.weights(name + ".centers", c, out, in),
                graph.weights(name + ".center_norms", norms, out)), OnnxAttribute.of("transB", 1L), OnnxAttribute.of("alpha", -2f));
        String d2 = graph.op("Max", graph.op("Add", cross, xx), graph.scalar(0f));
        d2 = switch (r.norm()) {
            case NONE -> d2;
            // m = mean_j d_j + ε of the same example
            case EXAMPLE -> graph.op("Div", d2, graph.op("Add", graph.op("Mul", graph.node("ReduceSum",
                    List.of(d2, graph.longs(name + ".unit_axis", new long[] {1}, 1)), OnnxAttribute.of("keepdims", 1L)),
                    graph.scalar(1f / out)), graph.scalar(Rbf.EPS)));
            // m from the statistics tracked in training, a constant at inference
            case RUNNING -> graph.op("Mul", d2, graph.scalar((float) (1.0 / r.expectedDistance())));
            // (d − min_k d_k) / (mean_k d_k − min_k d_k + ε) of the same example
            case NEAREST -> {
                String min = graph.node("ReduceMin", List.of(d2), OnnxAttribute.of("axes", new long[] {1}),
                        OnnxAttribute.of("keepdims", 1L));
                String mean = graph.op("Mul", graph.node("ReduceSum", List.of(d2, graph.longs(name + ".unit_axis_n", new long[] {1}, 1)),
                        OnnxAttribute.of("keepdims", 1L)), graph.scalar(1f / out));
                yield graph.op("Div", graph.op("Sub", d2, min), graph.op("Add", graph.op("Sub", mean, min), graph.scalar(Rbf.EPS)));
            }
        };
        return graph.op("Exp", graph.op("Mul", d2, graph.weights(name + ".neg_inv_two_var", negInvTwoVar, out)));
    }

    /** {@code a·F(x) + w·x}: a = √(1−w²) for the normalized sum, a = α and w = 1 for ReZero. */
    private String residual(Residual r, String x, String name) {
        String f = x;
        for (int j = 0; j < r.branch().size(); j++) f = module(r.branch().get(j), f, name + ".branch." + j);
        float a = r.isReZero() ? param(r, "alpha")[0] : r.branchScale();
        String scaled = graph.op("Mul", f, graph.scalar(a));
        String skip = r.skipWeight() == 1f ? x : graph.op("Mul", x, graph.scalar(r.skipWeight()));
        return graph.op("Add", scaled, skip);
    }

    /** {@code x + T(x)·(H(x) − x)}, T = sigmoid(gate), H = φ(hidden). */
    private String highway(Highway h, String x, String name) {
        String t = graph.op("Sigmoid", module(h.gate(), x, name + ".gate"));
        String hx = activation(h.activation(), module(h.hidden(), x, name + ".hidden"));
        return graph.op("Add", x, graph.op("Mul", t, graph.op("Sub", hx, x)));
    }

    /** One dense layer at every step: {@code [batch, T·in] → [batch·T, in] → [batch·T, out] → [batch, T·out]}. */
    private String stepwise(Stepwise s, String x, String name) {
        Dense d = s.dense();
        int steps = s.inputSize() / d.inputSize();
        String rows = graph.op("Reshape", x, graph.longs(name + ".rows", new long[] {-1, d.inputSize()}, 2));
        String y = dense(rows, d.weight(), d.bias(), d.outputSize(), d.inputSize(), name);
        return graph.op("Reshape", y, graph.longs(name + ".sequences", new long[] {-1, (long) steps * d.outputSize()}, 2));
    }

    /** A parameter of {@code layer} by its local name (a weight with no accessor of its own). */
    private static float[] param(Layer layer, String local) {
        for (Parameter p : layer.parameters()) {
            if (p.name().equals(local)) return p.data();
        }
        throw new IllegalStateException(layer.kind() + " has no parameter " + local);
    }
}
