package saturn.engine.kernel;

/**
 * An activation compiled from its expression to float code. One fused pass computes what
 * both the forward and the backward pass need.
 */
public interface ActivationKernel {

    /**
     * {@code y[i] = phi(h[i])} and, when {@code dphi} is not null, {@code dphi[i] = phi'(h[i])},
     * for i in {@code [0, n)}. {@code y} may alias {@code h}.
     */
    void forward(float[] h, float[] y, float[] dphi, int n);

    /**
     * Whether φ' is a function of φ alone ({@link ActivationProgram#fromValue}): then
     * {@link #backwardFromValue} gives the backward pass from the output {@code y}, and the
     * forward pass need not store φ'. At depth 1000 that is one array a layer less written in
     * the forward pass and read back from memory in the backward one, where {@code y} is
     * still in cache (the layer above has just read it for its weight gradient).
     */
    default boolean derivativeFromValue() {
        return false;
    }

    /**
     * {@code out[i] = g[i]·φ'(h[i])}, subnormal products flushed to zero as
     * {@link Kernels#mulFlushToZero} does, with φ' computed from {@code y[i] = φ(h[i])}: the
     * same bits as {@code forward}'s φ' times {@code g}. Only when {@link #derivativeFromValue()}.
     */
    default void backwardFromValue(float[] y, float[] g, float[] out, int n) {
        throw new UnsupportedOperationException("φ' of " + formula() + " is not a function of φ");
    }

    /** Rows per chunk of the column sums ({@link #columnSumsInChunks}). */
    int SUM_ROWS = 16;

    /** The number of row chunks of the column sums of {@code rows} rows (at least one). */
    static int sumChunks(int rows) {
        return Math.max(1, (rows + SUM_ROWS - 1) / SUM_ROWS);
    }

    /**
     * {@link #backwardFromValue(float[], float[], float[], int)} over a {@code rows × cols}
     * matrix, and with it the column sums of {@code out} (the bias gradient of the dense layer
     * below) in the order of {@link #columnSumsInChunks}. The chunks are the units the
     * engine's workers share out: each sums the rows it has just written, and any number of
     * workers gives the same bits.
     */
    default void backwardFromValue(float[] y, float[] g, float[] out, int rows, int cols, float[] columnSums) {
        backwardFromValue(y, g, out, rows * cols);
        columnSumsInChunks(out, rows, cols, columnSums);
    }

    /**
     * The order of the column sums: rows cut into chunks of {@link #SUM_ROWS} from row 0;
     * each chunk's rows added in double in row order from 0; the chunks' totals added in
     * chunk order from 0; the result rounded to float.
     */
    static void columnSumsInChunks(float[] x, int rows, int cols, float[] sums) {
        columnSumsInChunks(x, rows, cols, sums, 0);
    }

    /** {@link #columnSumsInChunks(float[], int, int, float[])} of columns {@code [from, cols)} only. */
    static void columnSumsInChunks(float[] x, int rows, int cols, float[] sums, int from) {
        for (int c = from; c < cols; c++) {
            double total = 0;
            for (int r0 = 0; r0 < rows; r0 += SUM_ROWS) {
                double chunk = 0;
                for (int r = r0, r1 = Math.min(rows, r0 + SUM_ROWS); r < r1; r++) chunk += x[r * cols + c];
                total += chunk;
            }
            sums[c] = (float) total;
        }
    }

    /** {@code dphi[i] = φ'(h[i])} from {@code y[i] = φ(h[i])}. Only when {@link #derivativeFromValue()}. */
    default void derivativeFromValue(float[] y, float[] dphi, int n) {
        throw new UnsupportedOperationException("φ' of " + formula() + " is not a function of φ");
    }

    /**
     * Whether this kernel runs bands of its input on the calling thread alone
     * ({@link #forwardRange}, {@link #backwardFromValueRows}): what a product that computes
     * the activation's input needs to apply it, band by band, on the core that computed each
     * band ({@link saturn.engine.blas.Gemm.Epilogue}).
     */
    default boolean runsRanges() {
        return false;
    }

    /**
     * {@link #forward} on elements {@code [from, to)} only, on the calling thread (never split
     * between cores): the same values those elements get from {@code forward}. Only when
     * {@link #runsRanges()}.
     */
    default void forwardRange(float[] h, float[] y, float[] dphi, int from, int to) {
        throw new UnsupportedOperationException(formula() + " does not run ranges");
    }

    /**
     * {@link #backwardFromValue(float[], float[], float[], int)} on rows {@code [r0, r1)} of a
     * {@code cols}-wide matrix, on the calling thread, and the column sums of those rows of
     * {@code out}, in double and row order from 0, into {@code totals[off, off + cols)}: one
     * chunk's totals of {@link #columnSumsInChunks} when {@code [r0, r1)} is a chunk. Only when
     * {@link #runsRanges()} and {@link #derivativeFromValue()}.
     */
    default void backwardFromValueRows(float[] y, float[] g, float[] out, int r0, int r1, int cols, double[] totals,
                                       int off) {
        throw new UnsupportedOperationException(formula() + " does not run ranges");
    }

    /** The normalized formula this kernel was compiled from. */
    String formula();
}
