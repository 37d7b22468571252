package saturn.engine.train;

/**
 * How long to train: a number of epochs or a number of optimizer steps (exactly one of
 * them is positive, the other 0).
 */
public record Budget(int epochs, long maxSteps) {

    public Budget {
        if (epochs < 0 || maxSteps < 0 || (epochs > 0) == (maxSteps > 0)) {
            throw new IllegalArgumentException("a budget is a positive number of epochs or of steps, not both: epochs "
                    + epochs + ", steps " + maxSteps);
        }
    }

    public static Budget ofEpochs(int epochs) {
        return new Budget(epochs, 0);
    }

    public static Budget ofSteps(long steps) {
        return new Budget(0, steps);
    }

    /** Total optimizer steps, given the batches per epoch (the last partial batch counts). */
    public long totalSteps(int batchesPerEpoch) {
        return maxSteps > 0 ? maxSteps : (long) epochs * batchesPerEpoch;
    }

    @Override
    public String toString() {
        return maxSteps > 0 ? maxSteps + " steps" : epochs + " epochs";
    }
}
