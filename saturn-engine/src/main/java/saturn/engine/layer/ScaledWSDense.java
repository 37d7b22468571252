package saturn.engine.layer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import saturn.engine.tensor.Ops;
import saturn.engine.tensor.Parameter;
import saturn.engine.tensor.Tensor;

/**
 * Dense layer with scaled weight standardization (Brock et al. 2021, NF-Nets): per output
 * row {@code Ŵ_j = γ_j (W_j − mean(W_j)) / (std(W_j) √N)} with {@code N = fan_in} and a
 * learnable gain {@code γ [out]}; {@code std = √(var + ε)} with the population variance.
 */
public final class ScaledWSDense implements WeightLayer {

    private final int in;
    private final int out;
    private final float eps;
    private final Dense inner;   // holds the standardized weight Ŵ and the bias
    final float[] weight;
    final float[] weightGrad;
    final float[] gain;
    final float[] gainGrad;
    private final float[] wHat;  // (W − mean)/std, without gain and 1/√N
    private final float[] invStd;

    public ScaledWSDense(int in, int out, boolean bias, Ops ops) {
        this(in, out, bias, 1e-4f, ops);
    }

    public ScaledWSDense(int in, int out, boolean bias, float eps, Ops ops) {
        this.in = in;
        this.out = out;
        this.eps = eps;
        this.inner = new Dense(in, out, bias, ops);
        this.weight = new float[out * in];
        this.weightGrad = new float[out * in];
        this.gain = new float[out];
        Arrays.fill(gain, 1f);
        this.gainGrad = new float[out];
        this.wHat = new float[out * in];
        this.invStd = new float[out];
    }

    @Override
    public Tensor forward(Tensor x) {
        composeWeight();
        return inner.forward(x);
    }

    /** The weight the forward pass multiplies by, {@code Ŵ_j = gain_j (W_j − mean)/(std √N)} (a copy). */
    public float[] effectiveWeight() {
        composeWeight();
        return inner.weight.clone();
    }

    /** The standardized weight into the inner layer's weight, keeping Ŵ and 1/std for the backward pass. */
    private void composeWeight() {
        float[] w = inner.weight;
        float invSqrtN = (float) (1.0 / Math.sqrt(in));
        for (int j = 0; j < out; j++) {
            int o = j * in;
            double mean = 0;
            for (int i = 0; i < in; i++) mean += weight[o + i];
            mean /= in;
            double var = 0;
            for (int i = 0; i < in; i++) {
                double d = weight[o + i] - mean;
                var += d * d;
            }
            var /= in;
            float inv = (float) (1.0 / Math.sqrt(var + eps));
            invStd[j] = inv;
            float f = gain[j] * invSqrtN;
            for (int i = 0; i < in; i++) {
                float z = (float) (weight[o + i] - mean) * inv;
                wHat[o + i] = z;
                w[o + i] = f * z;
            }
        }
    }

    @Override
    public Tensor backward(Tensor dy) {
        float[] dw = inner.weightGrad;   // overwritten by the inner backward
        Tensor dx = inner.backward(dy);
        float invSqrtN = (float) (1.0 / Math.sqrt(in));
        for (int j = 0; j < out; j++) {
            int o = j * in;
            // dL/dẑ = dŴ γ/√N ; dγ = Σ dŴ ẑ/√N ; dW = (1/std)(dẑ − mean(dẑ) − ẑ mean(dẑ ẑ))
            float f = gain[j] * invSqrtN;
            double dotZ = 0;
            double sumDz = 0;
            double sumDzZ = 0;
            for (int i = 0; i < in; i++) {
                float z = wHat[o + i];
                dotZ += (double) dw[o + i] * z;
                float dz = dw[o + i] * f;
                sumDz += dz;
                sumDzZ += (double) dz * z;
            }
            gainGrad[j] = (float) (dotZ * invSqrtN);
            float mDz = (float) (sumDz / in);
            float mDzZ = (float) (sumDzZ / in);
            float inv = invStd[j];
            for (int i = 0; i < in; i++) {
                float dz = dw[o + i] * f;
                weightGrad[o + i] = inv * (dz - mDz - wHat[o + i] * mDzZ);
            }
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
        list.add(Parameter.trainable("weight", weight, weightGrad, out, in));
        if (inner.bias != null) list.add(Parameter.trainable("bias", inner.bias, inner.biasGrad, out));
        list.add(Parameter.trainable("gain", gain, gainGrad, out));
        return list;
    }

    @Override
    public float[] weight() {
        return weight;
    }

    @Override
    public float[] weightGrad() {
        return weightGrad;
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
        return "ScaledWSLinear";
    }
}
