package saturn.engine.loss;

import saturn.engine.tensor.Tensor;

/**
 * Softmax cross-entropy at every time step: outputs {@code [batch, steps·classes]} (step t's
 * logits at columns {@code [t·classes, (t+1)·classes)}), one class index per step in the
 * target's values ({@code [batch, steps]}), the loss averaged over every step of every row —
 * {@link SoftmaxCrossEntropy} on the {@code [batch·steps, classes]} view of the same arrays.
 * The accuracy is over every step.
 */
public final class StepCrossEntropy implements Loss, FisherSampling {

    private final int classes;
    private final SoftmaxCrossEntropy inner = new SoftmaxCrossEntropy();
    private int[] labels = new int[0];

    public StepCrossEntropy(int classes) {
        if (classes < 2) throw new IllegalArgumentException("classes must be >= 2: " + classes);
        this.classes = classes;
    }

    @Override
    public double compute(Tensor output, Target target, Tensor grad) {
        if (output.cols() % classes != 0) {
            throw new IllegalArgumentException(output.cols() + " outputs a row are not steps of " + classes + " classes");
        }
        int rows = output.rows() * (output.cols() / classes);
        float[] t = target.values();
        if (t.length < rows) throw new IllegalArgumentException("target has " + t.length + " steps, output " + rows);
        if (labels.length < rows) labels = new int[rows];
        for (int i = 0; i < rows; i++) labels[i] = (int) t[i];
        Tensor view = new Tensor(output.data(), rows, classes);
        Tensor gradView = grad == null ? null : new Tensor(grad.data(), rows, classes);
        return inner.compute(view, Target.labels(labels), gradView);
    }

    /** A class drawn from the softmax at every step, as {@link SoftmaxCrossEntropy#sampleGradient} on the step view. */
    @Override
    public void sampleGradient(Tensor output, long seed, Tensor grad) {
        int rows = output.rows() * (output.cols() / classes);
        inner.sampleGradient(new Tensor(output.data(), rows, classes), seed, new Tensor(grad.data(), rows, classes));
    }

    @Override
    public double lastAccuracy() {
        return inner.lastAccuracy();
    }
}
