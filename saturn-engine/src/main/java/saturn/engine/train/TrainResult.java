package saturn.engine.train;

import saturn.engine.checkpoint.TrainingPosition;

/**
 * How a {@link Trainer#run} ended.
 *
 * @param status          completed the budget, stopped on request, or diverged
 * @param position        the position after the last step taken (for a divergence: the last good checkpoint's)
 * @param finalEvaluation the test evaluation after the last step (null unless completed)
 * @param bestTestAccuracy best test accuracy over the evaluations, final one included (NaN: none)
 * @param divergence      what went non-finite, where (null unless diverged)
 * @param totalSteps      the budget in steps
 */
public record TrainResult(Status status, TrainingPosition position, Evaluation finalEvaluation,
                          double bestTestAccuracy, Divergence divergence, long totalSteps) {

    public enum Status { COMPLETED, STOPPED, DIVERGED }
}
