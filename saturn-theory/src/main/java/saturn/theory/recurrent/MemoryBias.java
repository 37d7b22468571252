package saturn.theory.recurrent;

/**
 * Memory-gate biases for a horizon of T steps ({@link GatedCritical#memoryBias}): the
 * forget gate's for an LSTM, the update gate's for a GRU, every other parameter held.
 * Between {@code lower} and {@code upper} the squared gradient norm changes by less than a
 * factor e over T steps ({@code e^{−1/T} ≤ χ ≤ e^{1/T}}).
 *
 * @param gate      "forget" or "update"
 * @param horizon   T
 * @param lower     the smallest bias with {@code χ ≥ e^{−1/T}} (timescale ≥ T);
 *                  −∞ when the gain is already that large at the bottom of the range searched
 * @param critical  the bias with χ = 1 (infinite timescale); NaN when χ stays below 1
 * @param upper     the bias above which {@code χ > e^{1/T}} (gradients grow by more than e over T
 *                  steps); +∞ when χ never gets there
 */
public record MemoryBias(String gate, int horizon, double lower, double critical, double upper) {

    /** The bias to use: {@code critical} when it exists, {@code lower} otherwise. */
    public double recommended() {
        return Double.isNaN(critical) ? lower : critical;
    }
}
