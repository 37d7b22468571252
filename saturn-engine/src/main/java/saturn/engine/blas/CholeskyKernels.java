package saturn.engine.blas;

/**
 * The double-precision LAPACK kernels of a Cholesky QR ({@code A = QR}: {@code AᵀA = RᵀR},
 * {@code Q = A R⁻¹}) and of the inverse of a symmetric positive definite matrix through its
 * Cholesky factor (K-FAC's damped factors), on dense column-major heap arrays without padding: an {@code n×k}
 * matrix {@code a} holds column {@code j} at {@code a[j·n .. j·n + n)}. Only the upper
 * triangle of a {@code k×k} result is defined; the strictly lower part is left as it was.
 *
 * <p>Implemented by {@link OpenBlasGemm} ({@code cblas_dsyrk}, {@code LAPACKE_dpotrf},
 * {@code LAPACKE_dpotri}, {@code LAPACKE_spotrf}, {@code LAPACKE_spotri}, {@code cblas_dtrsm}); the pure-Java backend has none, and callers use their own reference
 * algorithm there.
 */
public interface CholeskyKernels {

    /** Upper triangle of {@code g (k×k) = aᵀa} for {@code a} of {@code n×k} ({@code dsyrk}). */
    void gram(int n, int k, double[] a, double[] g);

    /**
     * Overwrites the upper triangle of the symmetric {@code g (k×k)} with {@code R}, upper
     * triangular with a positive diagonal, such that {@code g = RᵀR} ({@code dpotrf}).
     *
     * @return 0 on success, or {@code i > 0} when the leading minor of order {@code i} is not
     *         positive definite (then {@code g} is partly overwritten and no factor exists)
     */
    int cholesky(int k, double[] g);

    /**
     * Overwrites the upper triangle of {@code r (k×k)}, a factor {@code R} from
     * {@link #cholesky}, with the upper triangle of {@code (RᵀR)⁻¹} ({@code dpotri}): the
     * inverse of the matrix that was factored, without forming {@code R⁻¹} explicitly.
     *
     * @return 0 on success, or {@code i > 0} when {@code R[i-1][i-1]} is zero (no inverse)
     */
    int inverseFromCholesky(int k, double[] r);

    /** {@link #cholesky(int, double[])} in single precision ({@code spotrf}). */
    int cholesky(int k, float[] g);

    /** {@link #inverseFromCholesky(int, double[])} in single precision ({@code spotri}). */
    int inverseFromCholesky(int k, float[] r);

    /** {@code a (n×k) ← a R⁻¹} for {@code R} the upper triangle of {@code r (k×k)} ({@code dtrsm}). */
    void solveUpperRight(int n, int k, double[] r, double[] a);

    /** Threads the kernels run on per call (process-wide state of the library; 1 by default). */
    default int threads() {
        return 1;
    }

    /** Sets {@link #threads()}; ignored by single-threaded implementations. */
    default void setThreads(int threads) {
    }

    /**
     * Ends the library's idle worker threads, which would otherwise keep a core busy for a
     * while after each multi-threaded call, before other threads of the process compute on
     * the cores; the next multi-threaded call starts them again. Nothing by default.
     */
    default void stopWorkers() {
    }

    /** Throws unless {@code a} holds {@code n×k} and {@code g} holds {@code k×k} values. */
    static void check(int n, int k, double[] a, double[] g) {
        if (n < 0 || k < 0) throw new IllegalArgumentException("negative extent: n = " + n + ", k = " + k);
        if (a.length != (long) n * k) {
            throw new IllegalArgumentException("a has " + a.length + " values, not " + n + " x " + k);
        }
        if (g.length != (long) k * k) {
            throw new IllegalArgumentException("square factor has " + g.length + " values, not " + k + " x " + k);
        }
    }
}
