package saturn.engine.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import saturn.engine.layer.ActivationLayer;
import saturn.engine.layer.BatchNorm;
import saturn.engine.layer.Dense;
import saturn.engine.layer.Dropout;
import saturn.engine.layer.Layer;
import saturn.engine.layer.Residual;
import saturn.engine.tensor.Parameter;
import saturn.engine.tensor.Tensor;
import saturn.theory.Activation;

/**
 * A model's mean softmax cross-entropy in double precision, written independently of the
 * engine: the model's float parameters are copied into double arrays, products are plain
 * double loops, φ is the theory's double-precision evaluation of the activation's
 * expression ({@link Activation#values}), and nothing of the engine's GEMMs, kernels,
 * layers or losses runs. Central differences of this loss are the gradient the engine's
 * float path must reproduce.
 *
 * <p>Understood modules: {@link Dense}, {@link ActivationLayer} (with or without a scale),
 * {@link BatchNorm} in training mode (batch mean, biased variance, ε = 1e-5 as in
 * {@code new BatchNorm(size)}), {@link Dropout} with the mask the production layer draws for
 * a given draw index (read once by running it on ones: the mask is data, not computation),
 * and ReZero {@link Residual} blocks. Anything else is rejected.
 *
 * <p>Kinks. Each activation node remembers, per element, which side of each kink of φ its
 * input lay on at the base point, and the smallest distance to a kink ({@link #margin()}).
 * A perturbed evaluation in which any input changes side is flagged ({@link #crossed()}): its
 * difference quotient would straddle a kink, so callers refuse it instead of comparing.
 */
final class DoubleReference {

    /** A trainable parameter of the model and its double copy, in the model's order. */
    record Param(Parameter production, double[] value) {
    }

    private final List<Node> nodes = new ArrayList<>();
    private final List<Param> params = new ArrayList<>();
    private final int batch;
    private final int classes;
    private final double[] input;
    private final int[] labels;
    private boolean recordBase = true;
    private boolean crossed;
    private double margin = Double.POSITIVE_INFINITY;

    private DoubleReference(int batch, int classes, double[] input, int[] labels) {
        this.batch = batch;
        this.classes = classes;
        this.input = input;
        this.labels = labels;
    }

    /**
     * The reference of {@code model} on one batch, every activation module evaluating
     * {@code phi}; dropout masks are those of draw {@code draw} of each dropout module.
     */
    static DoubleReference of(Model model, Activation phi, Tensor x, int[] labels, long draw) {
        double[] in = new double[x.size()];
        float[] xd = x.data();
        for (int i = 0; i < in.length; i++) in[i] = xd[i];
        DoubleReference r = new DoubleReference(x.rows(), model.outputSize(), in, labels);
        r.nodes.addAll(r.build(model.layers(), phi, draw));
        List<Parameter> trainable = model.trainableParameters();
        if (trainable.size() != r.params.size()) {
            throw new IllegalStateException("the reference holds " + r.params.size() + " parameters, the model "
                    + trainable.size());
        }
        for (int p = 0; p < trainable.size(); p++) {
            if (trainable.get(p).data() != r.params.get(p).production().data()) {
                throw new IllegalStateException("parameter " + p + " out of order: " + trainable.get(p).name());
            }
            r.params.set(p, new Param(trainable.get(p), r.params.get(p).value()));
        }
        r.loss();   // the base point: sides of the kinks and the margin
        r.recordBase = false;
        return r;
    }

    private List<Node> build(List<Layer> layers, Activation phi, long draw) {
        List<Node> out = new ArrayList<>();
        for (Layer l : layers) {
            switch (l) {
                case Dense d -> out.add(new DenseNode(d.inputSize(), d.outputSize(), copy(d.parameters(), "weight"),
                        copy(d.parameters(), "bias")));
                case ActivationLayer a -> out.add(new ActNode(phi, copy(a.parameters(), "scale")));
                case BatchNorm b -> out.add(new BatchNormNode(b.inputSize(), copy(b.parameters(), "weight"),
                        copy(b.parameters(), "bias")));
                case Dropout d -> out.add(new DropoutNode(mask(d, draw)));
                case Residual res when res.isReZero() -> {
                    double[] alpha = copy(res.parameters(), "alpha");
                    out.add(new ReZeroNode(alpha, build(res.branch(), phi, draw)));
                }
                default -> throw new IllegalArgumentException("no double reference for " + l.kind());
            }
        }
        return out;
    }

    /** The double copy of a layer's parameter called {@code name} (registered in order), or null. */
    private double[] copy(List<Parameter> ps, String name) {
        for (Parameter p : ps) {
            if (p.name().equals(name) && p.trainable()) {
                double[] v = new double[p.size()];
                for (int i = 0; i < v.length; i++) v[i] = p.data()[i];
                params.add(new Param(p, v));
                return v;
            }
        }
        return null;
    }

    private double[] mask(Dropout d, long draw) {
        float[] ones = new float[batch * d.inputSize()];
        Arrays.fill(ones, 1f);
        d.setDraw(draw);
        float[] y = d.forward(new Tensor(ones, batch, d.inputSize())).data();
        d.setDraw(draw);
        double[] m = new double[ones.length];
        for (int i = 0; i < m.length; i++) m[i] = y[i];
        return m;
    }

    List<Param> params() {
        return params;
    }

    /** The smallest distance of an activation's input to a kink of φ at the base point. */
    double margin() {
        return margin;
    }

    /** Whether an evaluation since the last {@link #clearCrossed()} moved an activation input across a kink. */
    boolean crossed() {
        return crossed;
    }

    void clearCrossed() {
        crossed = false;
    }

    /** The mean softmax cross-entropy at the current double parameters. */
    double loss() {
        double[] t = input;
        for (Node n : nodes) t = n.forward(t);
        double total = 0;
        for (int b = 0; b < batch; b++) {
            int o = b * classes;
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) max = Math.max(max, t[o + c]);
            double sum = 0;
            for (int c = 0; c < classes; c++) sum += Math.exp(t[o + c] - max);
            total += Math.log(sum) + max - t[o + labels[b]];
        }
        return total / batch;
    }

    /** {@code (L(θ + εv) − L(θ − εv)) / 2ε}, v given per parameter (null: not moved). */
    double directional(double[][] v, double eps) {
        double up = shifted(v, eps);
        double down = shifted(v, -eps);
        return (up - down) / (2 * eps);
    }

    private double shifted(double[][] v, double h) {
        double[][] saved = new double[v.length][];
        for (int p = 0; p < v.length; p++) {
            if (v[p] == null) continue;
            double[] x = params.get(p).value();
            saved[p] = x.clone();
            for (int i = 0; i < x.length; i++) x[i] += h * v[p][i];
        }
        double l = loss();
        for (int p = 0; p < v.length; p++) {
            if (saved[p] != null) System.arraycopy(saved[p], 0, params.get(p).value(), 0, saved[p].length);
        }
        return l;
    }

    /** Central differences for every element of parameter {@code p}. */
    double[] elementwise(int p, double eps) {
        double[] x = params.get(p).value();
        double[] g = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double saved = x[i];
            x[i] = saved + eps;
            double up = loss();
            x[i] = saved - eps;
            double down = loss();
            x[i] = saved;
            g[i] = (up - down) / (2 * eps);
        }
        return g;
    }

    private interface Node {
        double[] forward(double[] x);
    }

    private final class DenseNode implements Node {
        final int in, out;
        final double[] w, b;

        DenseNode(int in, int out, double[] w, double[] b) {
            this.in = in;
            this.out = out;
            this.w = w;
            this.b = b;
        }

        @Override
        public double[] forward(double[] x) {
            double[] y = new double[batch * out];
            for (int r = 0; r < batch; r++) {
                for (int j = 0; j < out; j++) {
                    double s = b == null ? 0 : b[j];
                    for (int i = 0; i < in; i++) s += w[j * in + i] * x[r * in + i];
                    y[r * out + j] = s;
                }
            }
            return y;
        }
    }

    private final class ActNode implements Node {
        final Activation phi;
        final double[] kinks;
        final double[] scale;
        int[] side;

        ActNode(Activation phi, double[] scale) {
            this.phi = phi;
            this.kinks = phi.kinks();
            this.scale = scale;
        }

        @Override
        public double[] forward(double[] h) {
            double[] y = new double[h.length];
            phi.values(h, y, h.length);
            if (scale != null) for (int i = 0; i < y.length; i++) y[i] *= scale[0];
            if (kinks.length > 0) track(h);
            return y;
        }

        private void track(double[] h) {
            if (recordBase) side = new int[h.length];
            for (int i = 0; i < h.length; i++) {
                int s = 0;
                for (double k : kinks) {
                    if (h[i] > k) s++;
                    if (recordBase) margin = Math.min(margin, Math.abs(h[i] - k));
                }
                if (recordBase) side[i] = s;
                else if (side[i] != s) crossed = true;
            }
        }
    }

    private final class BatchNormNode implements Node {
        static final double EPS = 1e-5f;   // the float BatchNorm(size) uses, widened
        final int size;
        final double[] gamma, beta;

        BatchNormNode(int size, double[] gamma, double[] beta) {
            this.size = size;
            this.gamma = gamma;
            this.beta = beta;
        }

        @Override
        public double[] forward(double[] x) {
            double[] y = new double[x.length];
            for (int i = 0; i < size; i++) {
                double mean = 0;
                for (int r = 0; r < batch; r++) mean += x[r * size + i];
                mean /= batch;
                double var = 0;
                for (int r = 0; r < batch; r++) var += (x[r * size + i] - mean) * (x[r * size + i] - mean);
                var /= batch;
                double inv = 1 / Math.sqrt(var + EPS);
                for (int r = 0; r < batch; r++) y[r * size + i] = gamma[i] * (x[r * size + i] - mean) * inv + beta[i];
            }
            return y;
        }
    }

    private record DropoutNode(double[] mask) implements Node {
        @Override
        public double[] forward(double[] x) {
            double[] y = new double[x.length];
            for (int i = 0; i < x.length; i++) y[i] = x[i] * mask[i];
            return y;
        }
    }

    private record ReZeroNode(double[] alpha, List<Node> branch) implements Node {
        @Override
        public double[] forward(double[] x) {
            double[] t = x;
            for (Node n : branch) t = n.forward(t);
            double[] y = new double[x.length];
            for (int i = 0; i < x.length; i++) y[i] = x[i] + alpha[0] * t[i];
            return y;
        }
    }
}
