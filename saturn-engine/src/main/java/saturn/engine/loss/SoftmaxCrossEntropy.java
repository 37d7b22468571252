package saturn.engine.loss;

import saturn.engine.tensor.Tensor;

/**
 * Softmax cross-entropy with integer labels, mean over the batch:
 * {@code L = (1/B) Σ_b (logsumexp(z_b) − z_b[y_b])}, computed with the max subtracted, and
 * {@code dL/dz = (softmax(z) − onehot(y)) / B}. Also counts arg-max accuracy.
 */
public final class SoftmaxCrossEntropy implements Loss, FisherSampling {

    private double lastAccuracy = Double.NaN;

    @Override
    public double compute(Tensor logits, Target target, Tensor grad) {
        int[] labels = target.labels();
        int batch = logits.rows();
        int k = logits.cols();
        if (labels.length < batch) throw new IllegalArgumentException("fewer labels than rows: " + labels.length + " < " + batch);
        float[] z = logits.data();
        float[] g = grad == null ? null : grad.data();
        double total = 0;
        int correct = 0;
        double invBatch = 1.0 / batch;
        for (int b = 0; b < batch; b++) {
            int o = b * k;
            int label = labels[b];
            if (label < 0 || label >= k) throw new IllegalArgumentException("label " + label + " outside [0, " + k + ")");
            float max = z[o];
            int arg = 0;
            for (int c = 1; c < k; c++) {
                if (z[o + c] > max) {
                    max = z[o + c];
                    arg = c;
                }
            }
            if (arg == label) correct++;
            double sum = 0;
            for (int c = 0; c < k; c++) sum += Math.exp(z[o + c] - max);
            double logSum = Math.log(sum);
            total += logSum + max - z[o + label];
            if (g != null) {
                for (int c = 0; c < k; c++) {
                    double p = Math.exp(z[o + c] - max - logSum);
                    g[o + c] = (float) ((p - (c == label ? 1.0 : 0.0)) * invBatch);
                }
            }
        }
        lastAccuracy = (double) correct / batch;
        return total * invBatch;
    }

    /** A label drawn from {@code softmax(z)} per row; {@code dL/dz = (softmax(z) − onehot(drawn)) / B}. */
    @Override
    public void sampleGradient(Tensor logits, long seed, Tensor grad) {
        int batch = logits.rows();
        int k = logits.cols();
        float[] z = logits.data();
        float[] g = grad.data();
        double invBatch = 1.0 / batch;
        for (int b = 0; b < batch; b++) {
            int o = b * k;
            float max = z[o];
            for (int c = 1; c < k; c++) max = Math.max(max, z[o + c]);
            double sum = 0;
            for (int c = 0; c < k; c++) sum += Math.exp(z[o + c] - max);
            double u = CounterRandom.uniform(seed, b) * sum;
            int drawn = k - 1;
            double cumulative = 0;
            for (int c = 0; c < k; c++) {
                cumulative += Math.exp(z[o + c] - max);
                if (u < cumulative) {
                    drawn = c;
                    break;
                }
            }
            for (int c = 0; c < k; c++) {
                double p = Math.exp(z[o + c] - max) / sum;
                g[o + c] = (float) ((p - (c == drawn ? 1.0 : 0.0)) * invBatch);
            }
        }
    }

    @Override
    public double lastAccuracy() {
        return lastAccuracy;
    }
}
