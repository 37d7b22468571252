package saturn.engine.checkpoint;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a run stands after {@code step} optimizer steps, enough to continue it exactly:
 * the next batch is batch {@code batch} of epoch {@code epoch}, whose order depends only on
 * ({@code batchSeed}, {@code epoch}) (see {@link saturn.engine.data.BatchIterator}), so the
 * shuffling generator's state is the pair. Also what the run's summary accumulates.
 *
 * @param step              optimizer steps taken (0 = initial weights)
 * @param epoch             epoch of the next batch (0-based)
 * @param batch             index of the next batch within that epoch
 * @param batchSeed         seed of the batch order
 * @param bestTestAccuracy  best test accuracy of the scheduled evaluations so far (NaN: none)
 * @param wallSeconds       training time spent so far, over every session of the run
 * @param vanishingFactor   the vanishing factor of the last diagnosed step (NaN: none yet)
 */
public record TrainingPosition(long step, int epoch, int batch, long batchSeed, double bestTestAccuracy,
                               double wallSeconds, double vanishingFactor) {

    public TrainingPosition {
        if (step < 0 || epoch < 0 || batch < 0) {
            throw new IllegalArgumentException("bad position: step " + step + ", epoch " + epoch + ", batch " + batch);
        }
    }

    /** Before the first step. */
    public static TrainingPosition start(long batchSeed) {
        return new TrainingPosition(0, 0, 0, batchSeed, Double.NaN, 0, Double.NaN);
    }

    Map<String, String> toMetadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("step", Long.toString(step));
        m.put("epoch", Integer.toString(epoch));
        m.put("batch", Integer.toString(batch));
        m.put("batch_seed", Long.toString(batchSeed));
        m.put("best_test_accuracy", Double.toString(bestTestAccuracy));
        m.put("wall_seconds", Double.toString(wallSeconds));
        m.put("vanishing_factor", Double.toString(vanishingFactor));
        return m;
    }

    static TrainingPosition fromMetadata(SafeTensorsFile f) {
        try {
            return new TrainingPosition(Long.parseLong(f.require("step")), Integer.parseInt(f.require("epoch")),
                    Integer.parseInt(f.require("batch")), Long.parseLong(f.require("batch_seed")),
                    Double.parseDouble(f.require("best_test_accuracy")), Double.parseDouble(f.require("wall_seconds")),
                    Double.parseDouble(f.require("vanishing_factor")));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("checkpoint state has a malformed position: " + e.getMessage());
        }
    }
}
