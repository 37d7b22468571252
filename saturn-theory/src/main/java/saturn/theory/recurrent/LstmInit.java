package saturn.theory.recurrent;

/**
 * Initialization of an LSTM cell, one {@link GateInit} per block in PyTorch's order
 * (i, f, g, o): {@code i = σ(u_i)}, {@code f = σ(u_f)}, {@code g = φ(u_g)}, {@code o = σ(u_o)},
 * {@code c' = f ⊙ c + i ⊙ g}, {@code h' = o ⊙ φ(c')}.
 */
public record LstmInit(GateInit input, GateInit forget, GateInit cell, GateInit output) {

    /** PyTorch's default ({@link GateInit#pytorchDefault}) for every block. */
    public static LstmInit pytorchDefault(int hidden, int inputSize) {
        GateInit d = GateInit.pytorchDefault(hidden, inputSize);
        return new LstmInit(d, d, d, d);
    }

    /** Every block alike. */
    public static LstmInit uniform(GateInit all) {
        return new LstmInit(all, all, all, all);
    }

    public LstmInit withForgetBias(double mean) {
        return new LstmInit(input, forget.withBiasMean(mean), cell, output);
    }

    /** Every recurrent weight variance multiplied by {@code scale}. */
    public LstmInit withRecurrentScale(double scale) {
        return new LstmInit(input.withRecurrentScale(scale), forget.withRecurrentScale(scale),
                cell.withRecurrentScale(scale), output.withRecurrentScale(scale));
    }
}
