package saturn.theory.recurrent;

/**
 * How one gate (or the candidate / cell input) of a gated cell is initialized, in the
 * parametrization the theory uses: pre-activation {@code u = W_h h + W_x x + b} with
 * {@code W_h ~ N(0, σ²/H)}, {@code W_x ~ N(0, ν²/d)} and bias entries of mean μ and variance
 * ρ². With state second moment Q and input second moment q_x, u ~ N(μ, σ²Q + ν²q_x + ρ²) at
 * large width.
 *
 * <p>The bias is the sum of PyTorch's two biases ({@code b_i· + b_h·}); for the GRU's
 * candidate it is {@code b_in} alone, {@code b_hn} (which PyTorch multiplies by the reset
 * gate) being taken as 0.
 *
 * @param recurrentVariance   σ², the recurrent weights' variance times H
 * @param inputWeightVariance ν², the input weights' variance times d
 * @param biasMean            μ
 * @param biasVariance        ρ²
 */
public record GateInit(double recurrentVariance, double inputWeightVariance, double biasMean, double biasVariance) {

    public GateInit {
        nonNegative("recurrent variance", recurrentVariance);
        nonNegative("input weight variance", inputWeightVariance);
        nonNegative("bias variance", biasVariance);
        if (!Double.isFinite(biasMean)) {
            throw new IllegalArgumentException("bias mean must be finite, got " + biasMean);
        }
    }

    /**
     * PyTorch's default for a hidden size H and input size d: every weight and both biases
     * U(−1/√H, 1/√H), variance 1/(3H); so σ² = 1/3, ν² = d/(3H), μ = 0, ρ² = 2/(3H).
     */
    public static GateInit pytorchDefault(int hidden, int inputSize) {
        if (hidden < 1 || inputSize < 1) {
            throw new IllegalArgumentException("need hidden and input sizes >= 1, got " + hidden + ", " + inputSize);
        }
        return new GateInit(1.0 / 3, inputSize / (3.0 * hidden), 0, 2 / (3.0 * hidden));
    }

    /** {@code σ² Q + ν² q_x + ρ²}. */
    public double preactivationVariance(double stateSecondMoment, double inputVariance) {
        return recurrentVariance * stateSecondMoment + inputWeightVariance * inputVariance + biasVariance;
    }

    public GateInit withBiasMean(double mean) {
        return new GateInit(recurrentVariance, inputWeightVariance, mean, biasVariance);
    }

    /** σ² multiplied by {@code scale}. */
    public GateInit withRecurrentScale(double scale) {
        return new GateInit(recurrentVariance * scale, inputWeightVariance, biasMean, biasVariance);
    }

    private static void nonNegative(String name, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(name + " must be finite and >= 0, got " + v);
        }
    }
}
