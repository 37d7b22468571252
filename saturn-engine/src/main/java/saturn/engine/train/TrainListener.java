package saturn.engine.train;

/** Hears of each finished step (progress bars, tests that stop a run at a given step). */
@FunctionalInterface
public interface TrainListener {

    /**
     * @param line            the step's metrics
     * @param totalSteps      the run's budget in steps
     * @param vanishingFactor the last measured vanishing factor (NaN before the first diagnosis)
     */
    void onStep(TrainLine line, long totalSteps, double vanishingFactor);

    static TrainListener none() {
        return (line, total, vf) -> {
        };
    }
}
