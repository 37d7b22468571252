package saturn.engine.kernel;

/**
 * Elementwise and reduction kernels of the engine. Two implementations exist:
 * {@code ScalarKernels} (the readable reference and fallback) and {@code VectorKernels}
 * (Vector API); they must agree, which tests check on awkward lengths.
 * All ranges are {@code [0, n)} unless an offset is given. Reductions accumulate in double.
 */
public interface Kernels {

    /** {@code h[r*cols + c] += bias[c]} for every row r. */
    void addBias(float[] h, int rows, int cols, float[] bias);

    /** {@code out[c] += sum_r g[r*cols + c]} (bias gradient, accumulating). */
    void sumRows(float[] g, int rows, int cols, float[] out);

    /** {@code out[i] = a[i] * b[i]}; out may alias a or b. */
    void mul(float[] a, float[] b, float[] out, int n);

    /** {@code y[i] += alpha * x[i]}. */
    void axpy(float alpha, float[] x, float[] y, int n);

    /** {@code x[i] *= alpha}. */
    void scale(float alpha, float[] x, int n);

    /** {@code sum_i x[off+i]^2}, accumulated in double. */
    double sumSquares(float[] x, int off, int n);

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
