package saturn.theory.recurrent;

/**
 * Initialization of a GRU cell, one {@link GateInit} per block in PyTorch's order (r, z, n):
 * {@code r = σ(u_r)}, {@code z = σ(u_z)},
 * {@code n = φ(W_in x + b_in + r ⊙ (W_hn h + b_hn))}, {@code h' = (1 − z) ⊙ n + z ⊙ h}.
 * For n, {@code recurrentVariance} is W_hn's, the rest is W_in's and b_in's.
 */
public record GruInit(GateInit reset, GateInit update, GateInit candidate) {

    /** PyTorch's default ({@link GateInit#pytorchDefault}) for every block. */
    public static GruInit pytorchDefault(int hidden, int inputSize) {
        GateInit d = GateInit.pytorchDefault(hidden, inputSize);
        return new GruInit(d, d, d);
    }

    /** Every block alike. */
    public static GruInit uniform(GateInit all) {
        return new GruInit(all, all, all);
    }

    public GruInit withUpdateBias(double mean) {
        return new GruInit(reset, update.withBiasMean(mean), candidate);
    }

    /** Every recurrent weight variance multiplied by {@code scale}. */
    public GruInit withRecurrentScale(double scale) {
        return new GruInit(reset.withRecurrentScale(scale), update.withRecurrentScale(scale),
                candidate.withRecurrentScale(scale));
    }
}
