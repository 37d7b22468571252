package saturn.engine.layer;

import java.util.Arrays;
import java.util.List;

import saturn.engine.tensor.Parameter;
import saturn.engine.tensor.Tensor;

/**
 * Batch normalization over the batch, per feature (PyTorch's BatchNorm1d): the baseline
 * users compare against. Training mode normalizes with the batch mean and biased variance
 * and updates running statistics ({@code momentum} 0.1, unbiased variance, as PyTorch);
 * evaluation mode normalizes with the running statistics.
 */
public final class BatchNorm implements Layer {

    private final int size;
    private final float eps;
    private final float momentum;
    final float[] gamma;
    final float[] gammaGrad;
    final float[] beta;
    final float[] betaGrad;
    final float[] runningMean;
    final float[] runningVar;
    private final float[] invStd;
    private final double[] sumG;
    private final double[] sumGx;

    private boolean training = true;
    private boolean lastWasTraining;
    private Tensor xhat;
    private Tensor y;
    private Tensor dx;

    public BatchNorm(int size) {
        this(size, 1e-5f, 0.1f);
    }

    public BatchNorm(int size, float eps, float momentum) {
        this.size = size;
        this.eps = eps;
        this.momentum = momentum;
        this.gamma = new float[size];
        Arrays.fill(gamma, 1f);
        this.gammaGrad = new float[size];
        this.beta = new float[size];
        this.betaGrad = new float[size];
        this.runningMean = new float[size];
        this.runningVar = new float[size];
        Arrays.fill(runningVar, 1f);
        this.invStd = new float[size];
        this.sumG = new double[size];
        this.sumGx = new double[size];
    }

    @Override
    public Tensor forward(Tensor x) {
        int batch = x.rows();
        xhat = Tensor.reuse(xhat, batch, size);
        y = Tensor.reuse(y, batch, size);
        float[] xd = x.data();
        float[] xh = xhat.data();
        float[] yd = y.data();
        lastWasTraining = training;
        for (int i = 0; i < size; i++) {
            double mean;
            double var;
            if (training) {
                if (batch < 2) throw new IllegalArgumentException("BatchNorm needs a batch of at least 2 in training mode");
                double s = 0;
                for (int b = 0; b < batch; b++) s += xd[b * size + i];
                mean = s / batch;
                double ss = 0;
                for (int b = 0; b < batch; b++) {
                    double d = xd[b * size + i] - mean;
                    ss += d * d;
                }
                var = ss / batch;
                runningMean[i] = (float) ((1 - momentum) * runningMean[i] + momentum * mean);
                runningVar[i] = (float) ((1 - momentum) * runningVar[i] + momentum * ss / (batch - 1));
            } else {
                mean = runningMean[i];
                var = runningVar[i];
            }
            invStd[i] = (float) (1.0 / Math.sqrt(var + eps));
            for (int b = 0; b < batch; b++) {
                int k = b * size + i;
                float v = (float) (xd[k] - mean) * invStd[i];
                xh[k] = v;
                yd[k] = gamma[i] * v + beta[i];
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
        Arrays.fill(sumG, 0);
        Arrays.fill(sumGx, 0);
        for (int b = 0; b < batch; b++) {
            int o = b * size;
            for (int i = 0; i < size; i++) {
                sumG[i] += g[o + i];
                sumGx[i] += (double) g[o + i] * xh[o + i];
            }
        }
        for (int i = 0; i < size; i++) {
            gammaGrad[i] = (float) sumGx[i];
            betaGrad[i] = (float) sumG[i];
        }
        for (int b = 0; b < batch; b++) {
            int o = b * size;
            for (int i = 0; i < size; i++) {
                float gx = g[o + i] * gamma[i];
                if (lastWasTraining) {
                    float mg = (float) (sumG[i] / batch) * gamma[i];
                    float mgx = (float) (sumGx[i] / batch) * gamma[i];
                    out[o + i] = invStd[i] * (gx - mg - xh[o + i] * mgx);
                } else {
                    out[o + i] = invStd[i] * gx;
                }
            }
        }
        return dx;
    }

    @Override
    public void setTraining(boolean training) {
        this.training = training;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(Parameter.trainable("weight", gamma, gammaGrad, size),
                Parameter.trainable("bias", beta, betaGrad, size),
                Parameter.buffer("running_mean", runningMean, size),
                Parameter.buffer("running_var", runningVar, size));
    }

    /** ε added to each feature's variance. */
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
        return "BatchNorm1d";
    }
}
