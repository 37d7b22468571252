package saturn.engine.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import saturn.engine.layer.Recurrent;
import saturn.theory.expr.Expr;

/**
 * A {@link Recurrent} stack unrolled over its steps: the input {@code [batch, T·in]} read as
 * {@code [batch, T, in]}, step t taken by {@code Gather}; each layer's step one {@code Gemm}
 * per gate block of the input and one of the previous state (none at t = 0, whose state is
 * zero), and the cell's element-wise formula with the layer's φ and σ written as operators.
 * PyTorch's cells and gate orders: LSTM i, f, g, o; GRU r, z, n with the reset gate applied
 * to {@code W_hn h + b_hn}. Output: the top layer's last state, or every state concatenated
 * along the features.
 */
final class RecurrentGraph {

    private final OnnxGraph graph;
    private final Recurrent rnn;
    private final String name;
    private final int hidden;
    private final Expr phi;
    private final Expr sigma;

    RecurrentGraph(OnnxGraph graph, Recurrent rnn, String name) {
        this.graph = graph;
        this.rnn = rnn;
        this.name = name;
        this.hidden = rnn.hidden();
        this.phi = OnnxExport.expression(rnn.activationFormula());
        this.sigma = rnn.cell() == Recurrent.Cell.RNN ? null : OnnxExport.expression(rnn.gateFormula());
    }

    String apply(String x) {
        int steps = rnn.steps(), in = rnn.stepInputSize();
        String seq = graph.op("Reshape", x, graph.longs(name + ".shape", new long[] {0, steps, in}, 3));
        List<String> input = new ArrayList<>(steps);
        for (int t = 0; t < steps; t++) {
            input.add(graph.node("Gather", List.of(seq, graph.longs(name + ".t", new long[] {t})), OnnxAttribute.of("axis", 1L)));
        }
        for (int l = 0; l < rnn.depth(); l++) input = layer(l, input);
        if (!rnn.allSteps()) return input.getLast();
        return graph.node("Concat", input, OnnxAttribute.of("axis", 1L));
    }

    private List<String> layer(int l, List<String> input) {
        int in = rnn.layerInputSize(l), gates = rnn.cell().gates();
        float[] wih = rnn.inputWeight(l), whh = rnn.recurrentWeight(l), bih = rnn.inputBias(l), bhh = rnn.recurrentBias(l);
        boolean gru = rnn.cell() == Recurrent.Cell.GRU;
        String[] wi = new String[gates], wh = new String[gates], b = new String[gates];
        String bin = null, bhn = null;
        String prefix = name + ".l" + l + ".g";
        for (int g = 0; g < gates; g++) {
            wi[g] = graph.weights(prefix + g + ".weight_ih", block(wih, g, hidden * in), hidden, in);
            wh[g] = graph.weights(prefix + g + ".weight_hh", block(whh, g, hidden * hidden), hidden, hidden);
            float[] b1 = block(bih, g, hidden), b2 = block(bhh, g, hidden);
            if (gru && g == 2) {   // the reset gate multiplies W_hn h + b_hn only: the candidate's two biases stay apart
                bin = graph.weights(prefix + g + ".bias_ih", b1, hidden);
                bhn = graph.weights(prefix + g + ".bias_hh", b2, hidden);
            } else {
                float[] s = new float[hidden];
                for (int j = 0; j < hidden; j++) s[j] = b1[j] + b2[j];
                b[g] = graph.weights(prefix + g + ".bias", s, hidden);
            }
        }
        List<String> states = new ArrayList<>(input.size());
        String h = null, c = null;
        for (String xt : input) {
            switch (rnn.cell()) {
                case RNN -> h = act(phi, pre(xt, wi[0], b[0], h, wh[0]));
                case LSTM -> {
                    String i = act(sigma, pre(xt, wi[0], b[0], h, wh[0]));
                    String f = act(sigma, pre(xt, wi[1], b[1], h, wh[1]));
                    String g = act(phi, pre(xt, wi[2], b[2], h, wh[2]));
                    String o = act(sigma, pre(xt, wi[3], b[3], h, wh[3]));
                    String ig = graph.op("Mul", i, g);
                    c = c == null ? ig : graph.op("Add", graph.op("Mul", f, c), ig);
                    h = graph.op("Mul", o, act(phi, c));
                }
                case GRU -> {
                    String r = act(sigma, pre(xt, wi[0], b[0], h, wh[0]));
                    String z = act(sigma, pre(xt, wi[1], b[1], h, wh[1]));
                    String hn = h == null ? bhn : gemm(h, wh[2], bhn);
                    String n = act(phi, graph.op("Add", gemm(xt, wi[2], bin), graph.op("Mul", r, hn)));
                    String keep = graph.op("Mul", graph.op("Sub", graph.scalar(1f), z), n);
                    h = h == null ? keep : graph.op("Add", keep, graph.op("Mul", z, h));
                }
            }
            states.add(h);
        }
        return states;
    }

    /** {@code x Wᵀ + b (+ h Uᵀ)}: a gate's pre-activation; without the state's product at t = 0. */
    private String pre(String x, String w, String b, String h, String u) {
        String a = gemm(x, w, b);
        return h == null ? a : graph.op("Add", a, gemm(h, u, null));
    }

    private String gemm(String x, String w, String b) {
        List<String> inputs = b == null ? List.of(x, w) : List.of(x, w, b);
        return graph.node("Gemm", inputs, OnnxAttribute.of("transB", 1L));
    }

    private String act(Expr f, String x) {
        return ActivationGraph.apply(graph, f, x);
    }

    private static float[] block(float[] a, int g, int size) {
        return Arrays.copyOfRange(a, g * size, (g + 1) * size);
    }
}
