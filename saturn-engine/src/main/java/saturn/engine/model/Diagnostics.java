package saturn.engine.model;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import saturn.engine.layer.ActivationLayer;
import saturn.engine.layer.Layer;
import saturn.engine.layer.Rbf;
import saturn.engine.layer.Highway;
import saturn.engine.layer.Residual;
import saturn.engine.tensor.Tensor;
import saturn.engine.layer.WeightLayer;

/**
 * Per-hidden-layer statistics of docs/architecture.md §5, read from the buffers the last forward and
 * backward passes left in the layers (nothing is recorded during the pass itself, so a step
 * without diagnostics pays nothing). A hidden layer is a weight layer with the activation
 * that follows it (norm layers in between allowed), or an RBF layer on its own; residual
 * branches are searched too.
 *
 * <p>For RBF layers the "pre-activation" is the scaled distance {@code d = ‖x−c‖/(s√m)} (m the
 * reference scale of the layer's distance normalization, 1 without one), the activation
 * {@code exp(−d²/2)}, its derivative {@code −d·exp(−d²/2)} ({@code max = e^{-1/2}}), and
 * {@code delta_rms} is the RMS of {@code dL/d(d²/2)}; {@link RbfStats} adds the argument
 * {@code d²/2} and the shares of outputs near 0 and near 1.
 */
public final class Diagnostics {

    /**
     * What one hidden layer is made of; {@code block} is the shortcut block (residual or
     * highway) whose output gradient is the residual stream's there, null outside one.
     */
    private record Probe(String name, WeightLayer weight, ActivationLayer activation, Rbf rbf, Layer block) {
    }

    /** Layer {@code l} of a recurrent stack. */
    private record TimeProbe(String name, saturn.engine.layer.Recurrent rnn, int l) {
    }

    private final List<TimeProbe> timeProbes = new ArrayList<>();

    private static final double SATURATION_SHARE = 0.05;

    private final List<Probe> probes = new ArrayList<>();

    public Diagnostics(Model model) {
        collect(model.layers(), "layers.", null);
        for (int i = 0; i < model.layers().size(); i++) {
            if (model.layers().get(i) instanceof saturn.engine.layer.Recurrent r) {
                for (int l = 0; l < r.depth(); l++) timeProbes.add(new TimeProbe(model.moduleName(i) + ".l" + l, r, l));
            }
        }
    }

    private void collect(List<Layer> layers, String prefix, Layer block) {
        WeightLayer pending = null;
        String pendingName = null;
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            String name = prefix + i;
            if (l instanceof Rbf rbf) {
                probes.add(new Probe(name, rbf, null, rbf, block));
                pending = null;
            } else if (l instanceof WeightLayer w) {
                pending = w;
                pendingName = name;
            } else if (l instanceof ActivationLayer a && pending != null) {
                probes.add(new Probe(pendingName, pending, a, null, block));
                pending = null;
            } else if (l instanceof Residual r) {
                collect(r.branch(), name + ".branch.", r);
                pending = null;
            } else if (l instanceof Highway h) {
                probes.add(new Probe(name + ".hidden", h.hidden(), h.activation(), null, h));
                pending = null;
            }
        }
    }

    /** Number of hidden layers found. */
    public int size() {
        return probes.size() + timeProbes.size();
    }

    /**
     * Measures every hidden layer after a forward and backward pass.
     *
     * @param updates the update applied to each weight array in this step (keyed by the
     *                weight array's identity), or null when no update was applied
     */
    public List<LayerStats> measure(Map<float[], float[]> updates) {
        List<LayerStats> out = new ArrayList<>(probes.size());
        for (int k = 0; k < probes.size(); k++) out.add(measure(k, probes.get(k), updates));
        for (int k = 0; k < timeProbes.size(); k++) out.add(measure(probes.size() + k, timeProbes.get(k), updates));
        return out;
    }

    /**
     * A recurrent layer: its states' mean and spread over every step, the RMS of its
     * pre-activation gradients over every step ({@code delta_rms}), the norm of its weight
     * gradients (input and recurrent), the update ratio of its recurrent weights, and the
     * gradient norms over time.
     */
    private static LayerStats measure(int k, TimeProbe p, Map<float[], float[]> updates) {
        saturn.engine.layer.Recurrent r = p.rnn();
        double[] post = moments(r.states(p.l()), r.states(p.l()).length);
        float[] g = r.preActivationGradients(p.l());
        double deltaRms = Math.sqrt(sumSquares(g, g.length) / g.length);
        int l = p.l();
        double gradNorm = Math.sqrt(sumSquares(r.inputWeightGrad(l), r.inputWeightGrad(l).length)
                + sumSquares(r.recurrentWeightGrad(l), r.recurrentWeightGrad(l).length));
        float[] w = r.recurrentWeight(l);
        float[] u = updates == null ? null : updates.get(w);
        double ratio = u == null ? Double.NaN : Math.sqrt(sumSquares(u, u.length) / sumSquares(w, w.length));
        return new LayerStats(k, p.name(), Double.NaN, Double.NaN, post[0], post[1], Double.NaN, deltaRms, gradNorm, ratio,
                r.gradientNormsOverTime(l));
    }

    private static LayerStats measure(int k, Probe p, Map<float[], float[]> updates) {
        double[] pre = new double[2];
        double[] post = new double[2];
        double saturation;
        double deltaRms;
        RbfStats rbfStats = null;
        if (p.rbf() != null) {
            Rbf rbf = p.rbf();
            float[] y = rbf.output().data();
            float[] g = rbf.argumentGradient() == null ? null : rbf.argumentGradient().data();
            int out = rbf.outputSize();
            int batch = rbf.output().rows();
            double s1 = 0, s2 = 0, a1 = 0, a2 = 0, flat = 0, d2 = 0, zero = 0, one = 0;
            for (int b = 0; b < batch; b++) {
                for (int j = 0; j < out; j++) {
                    int i = b * out + j;
                    double arg = rbf.argument(b, j);
                    double d = Math.sqrt(2 * arg);
                    s1 += d;
                    s2 += d * d;
                    a1 += arg;
                    a2 += arg * arg;
                    if (Math.abs(d * y[i]) < SATURATION_SHARE * Math.exp(-0.5)) flat++;
                    if (y[i] < RbfStats.NEAR_ZERO) zero++;
                    if (y[i] > RbfStats.NEAR_ONE) one++;
                    if (g != null) d2 += (double) g[i] * g[i];
                }
            }
            int n = batch * out;
            pre = meanStd(s1, s2, n);
            post = moments(y, n);
            saturation = flat / n;
            deltaRms = g == null ? Double.NaN : Math.sqrt(d2 / n);
            double[] arg = meanStd(a1, a2, n);
            rbfStats = new RbfStats(arg[0], arg[1], zero / n, one / n);
        } else {
            ActivationLayer a = p.activation();
            int n = a.preActivation().size();
            pre = moments(a.preActivation().data(), n);
            post = moments(a.output().data(), n);
            float[] dphi = a.derivative();
            double limit = SATURATION_SHARE * a.maxAbsDerivative();
            if (Double.isNaN(limit)) {
                double max = 0;
                for (int i = 0; i < n; i++) max = Math.max(max, Math.abs(dphi[i]));
                limit = SATURATION_SHARE * max;
            }
            int flat = 0;
            for (int i = 0; i < n; i++) if (Math.abs(dphi[i]) < limit) flat++;
            saturation = (double) flat / n;
            deltaRms = a.preActivationGradient() == null ? Double.NaN
                    : Math.sqrt(sumSquares(a.preActivationGradient().data(), n) / n);
        }
        float[] w = p.weight().weight();
        double wNorm = Math.sqrt(sumSquares(w, w.length));
        double gradNorm = Math.sqrt(sumSquares(p.weight().weightGrad(), w.length));
        double ratio = Double.NaN;
        float[] u = updates == null ? null : updates.get(w);
        if (u != null) ratio = Math.sqrt(sumSquares(u, u.length)) / wNorm;
        return new LayerStats(k, p.name(), pre[0], pre[1], post[0], post[1], saturation, deltaRms, gradNorm, ratio,
                null, streamRms(p.block()), rbfStats);
    }

    /** RMS of the loss gradient at a shortcut block's output (the residual stream), NaN outside one. */
    private static double streamRms(Layer block) {
        Tensor g = switch (block) {
            case Residual r -> r.outputGradient();
            case Highway h -> h.outputGradient();
            case null, default -> null;
        };
        if (g == null) return Double.NaN;
        int n = g.size();
        return Math.sqrt(sumSquares(g.data(), n) / n);
    }

    private static double[] moments(float[] x, int n) {
        double s1 = 0, s2 = 0;
        for (int i = 0; i < n; i++) {
            s1 += x[i];
            s2 += (double) x[i] * x[i];
        }
        return meanStd(s1, s2, n);
    }

    private static double[] meanStd(double s1, double s2, int n) {
        double mean = s1 / n;
        return new double[] {mean, Math.sqrt(Math.max(0, s2 / n - mean * mean))};
    }

    private static double sumSquares(float[] x, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) s += (double) x[i] * x[i];
        return s;
    }

    /** An identity map from weight arrays to update arrays, for {@link #measure}. */
    public static Map<float[], float[]> identityMap() {
        return new IdentityHashMap<>();
    }
}
