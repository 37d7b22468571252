package saturn.engine.train;

/**
 * The trainer's schedule. Steps are numbered from 1; step 0 is the initial weights.
 *
 * @param batch           rows per mini-batch
 * @param seed            seed of the batch order
 * @param budget          epochs or steps
 * @param evalEvery       evaluate on the test set every this many steps (and after the last)
 * @param diagEvery       per-layer diagnostics every this many steps (and at step 1)
 * @param checkpointEvery checkpoint every this many steps (and at 0 and after the last)
 */
public record TrainConfig(int batch, long seed, Budget budget, long evalEvery, long diagEvery, long checkpointEvery) {

    public TrainConfig {
        java.util.Objects.requireNonNull(budget, "budget");
        if (batch <= 0) throw new IllegalArgumentException("batch must be positive: " + batch);
        if (evalEvery <= 0 || diagEvery <= 0 || checkpointEvery <= 0) {
            throw new IllegalArgumentException("eval, diagnostics and checkpoint intervals must be positive: "
                    + evalEvery + ", " + diagEvery + ", " + checkpointEvery);
        }
    }

    public TrainConfig withBudget(Budget b) {
        return new TrainConfig(batch, seed, b, evalEvery, diagEvery, checkpointEvery);
    }

    boolean evaluates(long step) {
        return step % evalEvery == 0;
    }

    boolean diagnoses(long step) {
        return step == 1 || step % diagEvery == 0;
    }

    boolean checkpoints(long step) {
        return step % checkpointEvery == 0;
    }
}
