package saturn.engine.layer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import saturn.engine.tensor.Ops;
import saturn.engine.tensor.Parameter;
import saturn.engine.tensor.Tensor;

/**
 * Weight-normalized dense layer (Salimans &amp; Kingma 2016): per output row
 * {@code w_j = g_j v_j / ‖v_j‖}, then {@code h = x wᵀ + b}. Parameters follow PyTorch's
 * {@code weight_norm(dim=0)}: {@code weight_g [out, 1]}, {@code weight_v [out, in]}.
 */
public final class WeightNormDense implements WeightLayer {

    private final int in;
    private final int out;
    private final Dense inner;   // holds the derived weight w and the bias
    final float[] g;
    final float[] gGrad;
    final float[] v;
    final float[] vGrad;
    private final float[] invNorm;

    public WeightNormDense(int in, int out, boolean bias, Ops ops) {
        this.in = in;
        this.out = out;
        this.inner = new Dense(in, out, bias, ops);
        this.g = new float[out];
        Arrays.fill(g, 1f);
        this.gGrad = new float[out];
        this.v = new float[out * in];
        this.vGrad = new float[out * in];
        this.invNorm = new float[out];
    }

    /** Sets {@code g_j = ‖v_j‖}, so that the effective weight equals v (PyTorch's initialization). */
    public void initializeGainFromDirection() {
        for (int j = 0; j < out; j++) {
            double s = 0;
            for (int i = 0; i < in; i++) s += (double) v[j * in + i] * v[j * in + i];
            g[j] = (float) Math.sqrt(s);
        }
    }

    @Override
    public Tensor forward(Tensor x) {
        composeWeight();
        return inner.forward(x);
    }

    /** The weight the forward pass multiplies by, {@code w_j = g_j v_j / ‖v_j‖} (a copy). */
    public float[] effectiveWeight() {
        composeWeight();
        return inner.weight.clone();
    }

    /** {@code w_j = g_j v_j / ‖v_j‖} into the inner layer's weight, keeping {@code 1/‖v_j‖} for the backward pass. */
    private void composeWeight() {
        float[] w = inner.weight;
        for (int j = 0; j < out; j++) {
            int o = j * in;
            double s = 0;
            for (int i = 0; i < in; i++) s += (double) v[o + i] * v[o + i];
            float inv = (float) (1.0 / Math.sqrt(Math.max(s, 1e-30)));
            invNorm[j] = inv;
            float f = g[j] * inv;
            for (int i = 0; i < in; i++) w[o + i] = f * v[o + i];
        }
    }

    @Override
    public Tensor backward(Tensor dy) {
        float[] dw = inner.weightGrad;   // overwritten by the inner backward
        Tensor dx = inner.backward(dy);
        // dg_j = dw_j · v̂_j ;  dv_j = (g_j/‖v_j‖) (dw_j − (dw_j · v̂_j) v̂_j)
        for (int j = 0; j < out; j++) {
            int o = j * in;
            float inv = invNorm[j];
            double dot = 0;
            for (int i = 0; i < in; i++) dot += (double) dw[o + i] * v[o + i];
            float dg = (float) (dot * inv);
            gGrad[j] = dg;
            float f = g[j] * inv;
            float proj = dg * inv;
            for (int i = 0; i < in; i++) vGrad[o + i] = f * (dw[o + i] - proj * v[o + i]);
        }
        return dx;
    }

    @Override
    public void needInputGradient(boolean need) {
        inner.needInputGradient(need);
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> list = new ArrayList<>(3);
        if (inner.bias != null) list.add(Parameter.trainable("bias", inner.bias, inner.biasGrad, out));
        list.add(Parameter.trainable("weight_g", g, gGrad, out, 1));
        list.add(Parameter.trainable("weight_v", v, vGrad, out, in));
        return list;
    }

    /** The trained direction v (what initializers fill). */
    @Override
    public float[] weight() {
        return v;
    }

    @Override
    public float[] weightGrad() {
        return vGrad;
    }

    @Override
    public float[] bias() {
        return inner.bias;
    }

    @Override
    public int inputSize() {
        return in;
    }

    @Override
    public int outputSize() {
        return out;
    }

    @Override
    public String kind() {
        return "WeightNormLinear";
    }
}
