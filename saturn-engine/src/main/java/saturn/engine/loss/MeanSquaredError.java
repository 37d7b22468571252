package saturn.engine.loss;

import saturn.engine.tensor.Tensor;

/**
 * Mean squared error over all elements, as PyTorch's {@code MSELoss(reduction='mean')}:
 * {@code L = (1/n) Σ (y − t)²}, {@code dL/dy = 2 (y − t) / n}.
 */
public final class MeanSquaredError implements Loss {

    @Override
    public double compute(Tensor output, Target target, Tensor grad) {
        float[] y = output.data();
        float[] t = target.values();
        int n = output.size();
        if (t.length < n) throw new IllegalArgumentException("target has " + t.length + " values, output " + n);
        float[] g = grad == null ? null : grad.data();
        double sum = 0;
        double scale = 2.0 / n;
        for (int i = 0; i < n; i++) {
            double d = (double) y[i] - t[i];
            sum += d * d;
            if (g != null) g[i] = (float) (scale * d);
        }
        return sum / n;
    }

    @Override
    public double lastAccuracy() {
        return Double.NaN;
    }
}
