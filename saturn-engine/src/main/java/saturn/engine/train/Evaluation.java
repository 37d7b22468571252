package saturn.engine.train;

import saturn.engine.data.BatchIterator;
import saturn.engine.data.Dataset;
import saturn.engine.loss.Loss;
import saturn.engine.loss.Target;
import saturn.engine.model.Model;
import saturn.engine.tensor.Tensor;

/**
 * Mean loss and accuracy of a model over a whole data set, in evaluation mode; for regression
 * data the loss is the mean squared error and the accuracy NaN.
 */
public record Evaluation(double loss, double accuracy, int rows) {

    /**
     * Runs the model in evaluation mode over {@code data} in batches of {@code batch} rows
     * (the mode is restored afterwards). The loss is the mean over rows, accumulated in double.
     */
    public static Evaluation of(Model model, Loss loss, Dataset data, int batch) {
        boolean wasTraining = model.training();
        model.setTraining(false);
        try {
            BatchIterator it = BatchIterator.sequential(data, batch);
            it.startEpoch(0);
            float[] xs = new float[batch * data.features()];
            int[] ys = new int[batch];
            float[] ts = data.targets() == null ? null : new float[batch * data.targetWidth()];
            Target target = ts == null ? Target.labels(ys) : Target.values(ts);
            Tensor full = new Tensor(xs, batch, data.features());
            double total = 0;
            long correct = 0;
            int rows;
            while ((rows = it.next(xs, ys, ts)) > 0) {
                Tensor x = full;
                if (rows < batch) x = new Tensor(java.util.Arrays.copyOf(xs, rows * data.features()), rows, data.features());
                double l = loss.compute(model.forward(x), target, null);
                total += l * rows;
                correct += Math.round(loss.lastAccuracy() * rows);
            }
            double accuracy = data.task() == saturn.engine.data.Dataset.Task.REGRESSION ? Double.NaN : (double) correct / data.n();
            return new Evaluation(total / data.n(), accuracy, data.n());
        } finally {
            model.setTraining(wasTraining);
        }
    }
}
