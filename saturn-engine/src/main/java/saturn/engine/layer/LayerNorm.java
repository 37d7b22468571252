package saturn.engine.layer;

import java.util.Arrays;
import java.util.List;

import saturn.engine.tensor.Parameter;
import saturn.engine.tensor.Tensor;

/**
 * Layer normalization over the features of each row, with affine {@code γ, β}:
 * {@code x̂ = (x − μ)/√(σ² + ε)}, {@code y = γ x̂ + β}. No batch statistics.
 */
public final class LayerNorm implements Layer {

    private final int size;
    private final float eps;
    final float[] gamma;
    final float[] gammaGrad;
    final float[] beta;
    final float[] betaGrad;

    private Tensor xhat;
    private float[] invStd;
    private Tensor y;
    private Tensor dx;

    public LayerNorm(int size) {
        this(size, 1e-5f);
    }

    public LayerNorm(int size, float eps) {
        this.size = size;
        this.eps = eps;
        this.gamma = new float[size];
        Arrays.fill(gamma, 1f);
        this.gammaGrad = new float[size];
        this.beta = new float[size];
        this.betaGrad = new float[size];
    }

    @Override
    public Tensor forward(Tensor x) {
        int batch = x.rows();
        xhat = Tensor.reuse(xhat, batch, size);
        y = Tensor.reuse(y, batch, size);
        if (invStd == null || invStd.length != batch) invStd = new float[batch];
        float[] xd = x.data();
        float[] xh = xhat.data();
        float[] yd = y.data();
        for (int b = 0; b < batch; b++) {
            int o = b * size;
            double mean = 0;
            for (int i = 0; i < size; i++) mean += xd[o + i];
            mean /= size;
            double var = 0;
            for (int i = 0; i < size; i++) {
                double d = xd[o + i] - mean;
                var += d * d;
            }
            var /= size;
            float inv = (float) (1.0 / Math.sqrt(var + eps));
            invStd[b] = inv;
            for (int i = 0; i < size; i++) {
                float v = (float) (xd[o + i] - mean) * inv;
                xh[o + i] = v;
                yd[o + i] = gamma[i] * v + beta[i];
            }
        }
        return y;
    }

    @Override
    public Tensor backward(Tensor dy) {
        int batch = dy.rows();
        dx = Tensor.reuse(dx, batch, size);
        float[] g = dy.data();
        float[] xh = xhat.data();
        float[] out = dx.data();
        java.util.Arrays.fill(gammaGrad, 0f);   // overwritten: accumulated from 0 over the batch
        java.util.Arrays.fill(betaGrad, 0f);
        for (int b = 0; b < batch; b++) {
            int o = b * size;
            double meanG = 0;
            double meanGx = 0;
            for (int i = 0; i < size; i++) {
                float gi = g[o + i];
                gammaGrad[i] += gi * xh[o + i];
                betaGrad[i] += gi;
                float gx = gi * gamma[i];   // dL/dx̂
                meanG += gx;
                meanGx += (double) gx * xh[o + i];
            }
            float mg = (float) (meanG / size);
            float mgx = (float) (meanGx / size);
            float inv = invStd[b];
            for (int i = 0; i < size; i++) {
                float gx = g[o + i] * gamma[i];
                out[o + i] = inv * (gx - mg - xh[o + i] * mgx);
            }
        }
        return dx;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(Parameter.trainable("weight", gamma, gammaGrad, size),
                Parameter.trainable("bias", beta, betaGrad, size));
    }

    /** The root mean square of the gain vector γ. */
    public double gainRms() {
        double s = 0;
        for (float g : gamma) s += (double) g * g;
        return Math.sqrt(s / gamma.length);
    }

    /** Multiplies every element of γ by {@code factor} (the gain controller). */
    public void multiplyGain(float factor) {
        if (!(factor > 0 && Float.isFinite(factor))) throw new IllegalArgumentException("gain factor must be finite and > 0: " + factor);
        for (int i = 0; i < gamma.length; i++) gamma[i] *= factor;
    }

    /** ε added to each row's variance. */
    public float eps() {
        return eps;
    }

    @Override
    public int inputSize() {
        return size;
    }

    @Override
    public int outputSize() {
        return size;
    }

    @Override
    public String kind() {
        return "LayerNorm";
    }
}
