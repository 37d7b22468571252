package saturn.theory.recurrent;

/**
 * The LSTM's mean-field fixed point and backward gain ({@link LstmMeanField}). Every field
 * after {@code qCell} is NaN and {@code qCell} +∞ when the cell state grows without bound
 * (E[f²] ≥ 1, or an unbounded cell non-linearity).
 *
 * @param qHidden      second moment of the hidden state h, per unit
 * @param meanHidden   mean of h
 * @param qCell        second moment of the cell state c
 * @param meanCell     mean of c
 * @param forgetGain   {@code E[f²]}, the gain of the gradient along the cell path alone
 * @param chi          per-step backward gain of the squared gradient norm: the spectral radius of
 *                     the 2×2 map of (E[δc²], E[δh²]) from one step to the one before
 * @param timescale    {@code −1/ln χ} ({@link Timescale})
 */
public record LstmPoint(double qHidden, double meanHidden, double qCell, double meanCell, double forgetGain, double chi,
                        double timescale) {

    static LstmPoint unbounded() {
        double nan = Double.NaN;
        return new LstmPoint(Double.POSITIVE_INFINITY, nan, Double.POSITIVE_INFINITY, nan, nan, nan, nan);
    }
}
