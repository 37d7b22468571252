package saturn.engine.model;

/**
 * Diagnostics of one hidden layer on the current batch (docs/architecture.md §5), accumulated in
 * double. {@code name} is the checkpoint prefix of the layer's weight ({@code layers.0}).
 * {@code updateRatio} is NaN when no update was applied. For a recurrent layer,
 * {@code gradNormsOverTime[t]} is {@code ‖∂L/∂h_t‖} over the batch for every step t (null for
 * other layers); its pre-activation statistics are not kept (NaN). {@code streamRms} is the RMS
 * of the loss gradient at the output of the shortcut block (residual, ReZero or highway) the
 * layer sits in, the residual stream's gradient there; NaN outside a block. {@code rbf} holds what an RBF
 * layer's units saw (null for other layers).
 */
public record LayerStats(
        int hiddenIndex,
        String name,
        double preMean,
        double preStd,
        double postMean,
        double postStd,
        double saturation,
        double deltaRms,
        double gradNorm,
        double updateRatio,
        double[] gradNormsOverTime,
        double streamRms,
        RbfStats rbf) {

    public LayerStats(int hiddenIndex, String name, double preMean, double preStd, double postMean, double postStd,
                      double saturation, double deltaRms, double gradNorm, double updateRatio) {
        this(hiddenIndex, name, preMean, preStd, postMean, postStd, saturation, deltaRms, gradNorm, updateRatio, null,
                Double.NaN, null);
    }

    public LayerStats(int hiddenIndex, String name, double preMean, double preStd, double postMean, double postStd,
                      double saturation, double deltaRms, double gradNorm, double updateRatio, double[] gradNormsOverTime) {
        this(hiddenIndex, name, preMean, preStd, postMean, postStd, saturation, deltaRms, gradNorm, updateRatio,
                gradNormsOverTime, Double.NaN, null);
    }

    /**
     * {@code ‖∂L/∂h_1‖ / ‖∂L/∂h_T‖}: how much the gradient reaching the first step has shrunk
     * (below 1) or grown on its way back from the last; NaN for a layer without time.
     */
    public double vanishingOverTime() {
        if (gradNormsOverTime == null) return Double.NaN;
        return gradNormsOverTime[0] / gradNormsOverTime[gradNormsOverTime.length - 1];
    }
}
