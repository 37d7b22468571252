package saturn.engine.kernel;

/**
 * Elementwise and reduction kernels of the engine: the primitives every layer, loss and
 * optimizer builds on (the optimizers' fused steps are {@code saturn.engine.optim.UpdateKernels}).
 * Two implementations exist:
 * {@code ScalarKernels} (the readable reference and fallback) and {@code VectorKernels}
 * (Vector API); they must agree, which tests check on awkward lengths.
 * All ranges are {@code [0, n)} unless an offset is given. Reductions accumulate in double.
 */
public interface Kernels {

    /**
     * {@code out[c] = sum_r g[r*cols + c]} (the bias gradient), summed in double in the order of
     * {@link ActivationKernel#columnSumsInChunks} (the order an activation's fused backward pass
     * sums the same columns in); overwrites {@code out}.
     */
    void columnSums(float[] g, int rows, int cols, float[] out);

    /** {@code out[i] = a[i] * b[i]}; out may alias a or b. */
    void mul(float[] a, float[] b, float[] out, int n);

    /**
     * {@code out[i] = a[i] * b[i]}, with products below {@link Float#MIN_NORMAL} in magnitude set to +0.
     * For backward signals: a vanishing gradient otherwise decays into float32 subnormals, which
     * x86 multiplies through microcode assists, making the next layer's GEMM several times slower
     * (measured: a collapsed sigmoid network stepped about 6x slower than a healthy one); the
     * values lost are below 1.2e-38, already carrying fewer than 24 significant bits.
     */
    void mulFlushToZero(float[] a, float[] b, float[] out, int n);

    /** {@code y[i] += alpha * x[i]}. */
    void axpy(float alpha, float[] x, float[] y, int n);

    /** {@code y[yOff+i] += alpha * x[xOff+i]} over {@code i in [0, n)}. */
    void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n);

    /** {@code x[i] *= alpha}. */
    void scale(float alpha, float[] x, int n);

    /**
     * {@code sum_i x[off+i]^2}, accumulated in double in the order of {@link SumOrder}: every
     * implementation returns the same value bit for bit.
     */
    double sumSquares(float[] x, int off, int n);

    /** {@code Σ a[aOff+i]·b[bOff+i]} over {@code i in [0, n)}, accumulated in double. */
    double dot(float[] a, int aOff, float[] b, int bOff, int n);

    /**
     * K-FAC's pass over one row of its step {@code x}, in one sweep: returns
     * {@code dot(x, xOff, g, gOff, n)} (the same double), then {@code g ← x} and, when
     * {@code p} is not null, {@code p ← p + x} (as {@code axpy(1, x, xOff, p, pOff, n)}).
     */
    double dotThenMove(float[] x, int xOff, float[] g, int gOff, float[] p, int pOff, int n);

    /** {@code sum_i x[off+i]}, accumulated in double. */
    double sum(float[] x, int off, int n);

    /**
     * A kernel running {@code program} (φ and φ' fused, see {@link ActivationKernels}) with
     * this implementation's loops.
     */
    ActivationKernel activation(ActivationProgram program);

    /** Short name of the mechanism, e.g. {@code vector-512} or {@code scalar}. */
    String name();
}
