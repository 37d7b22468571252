package saturn.theory.recurrent;

/**
 * The GRU's mean-field fixed point and backward gain ({@link GruMeanField}). Every field
 * after {@code qHidden} is NaN and {@code qHidden} +∞ when the state grows without bound.
 *
 * @param qHidden     second moment of the state h, per unit
 * @param meanHidden  mean of h
 * @param updateGain  {@code E[z²]}, the gain of the gradient along the state's own path alone
 * @param chi         per-step backward gain of the squared gradient norm
 * @param timescale   {@code −1/ln χ} ({@link Timescale})
 */
public record GruPoint(double qHidden, double meanHidden, double updateGain, double chi, double timescale) {

    static GruPoint unbounded() {
        double nan = Double.NaN;
        return new GruPoint(Double.POSITIVE_INFINITY, nan, nan, nan, nan);
    }
}
