package saturn.engine.kfac;

import saturn.engine.blas.CholeskyKernels;
import saturn.engine.blas.Gemm;

/**
 * Inverse of a symmetric positive definite matrix plus a multiple of the identity, for
 * K-FAC's damped factors: {@code (S + δI)⁻¹} through the Cholesky factor {@code S + δI = UᵀU}
 * (U upper triangular), {@code R = U⁻¹}, {@code (S + δI)⁻¹ = R Rᵀ}. The factorization and
 * the triangular inverse run in double with row-wise axpy loops (contiguous, vectorizable);
 * the final product R Rᵀ, where precision matters least, is one float GEMM. With OpenBLAS
 * the whole inverse is LAPACK's instead, in single precision when the matrix is conditioned
 * well enough for it (see {@link #invertLapack}).
 * Reusable buffers for matrices up to {@code maxN}.
 */
final class Cholesky {

    private final double[] u;
    private final double[] r;
    private final double[] row;
    private final float[] rf;
    private final Gemm gemm;
    /** LAPACK through the GEMM backend, or null for the Java loops. */
    private final CholeskyKernels lapack;
    /** Per size n, the n×n factor, then the inverse, in double and in float (LAPACK wants exact sizes). */
    private final double[][] factorBySize;
    private final float[][] floatFactorBySize;

    /** LAPACK when {@code gemm} is OpenBLAS itself, else the Java loops. */
    Cholesky(int maxN, Gemm gemm) {
        this(maxN, gemm, gemm instanceof CholeskyKernels c ? c : null);
    }

    /** Another instance like {@code other}, with buffers of its own (for a second thread). */
    Cholesky(Cholesky other) {
        this(other.row.length, other.gemm, other.lapack);
    }

    /** With LAPACK from {@code lapack} (null: the Java loops), whatever {@code gemm} is (a wrapper, say). */
    Cholesky(int maxN, Gemm gemm, CholeskyKernels lapack) {
        this.u = new double[maxN * maxN];
        this.r = new double[maxN * maxN];
        this.row = new double[maxN];
        this.rf = new float[maxN * maxN];
        this.gemm = gemm;
        this.lapack = lapack;
        this.factorBySize = new double[maxN + 1][];
        this.floatFactorBySize = new float[maxN + 1][];
    }

    /**
     * Writes {@code (s + shift·I)⁻¹} into {@code out} ({@code n×n}, row-major), reading only the
     * lower triangle of the symmetric {@code s} (row ≥ column). Returns false,
     * filling {@code out} with NaN, when the matrix is not positive definite (non-finite input).
     */
    boolean invert(float[] s, int n, double shift, float[] out) {
        if (lapack != null) return invertLapack(s, n, shift, out);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) u[i * n + j] = j < i ? 0.0 : s[j * n + i];   // s's lower triangle
            u[i * n + i] += shift;
        }
        // U row by row: row k of U, then the trailing upper triangle loses u_kᵀ u_k
        for (int k = 0; k < n; k++) {
            double d = u[k * n + k];
            if (!(d > 0) || !Double.isFinite(d)) {
                java.util.Arrays.fill(out, 0, n * n, Float.NaN);
                return false;
            }
            d = Math.sqrt(d);
            u[k * n + k] = d;
            double inv = 1.0 / d;
            for (int j = k + 1; j < n; j++) u[k * n + j] *= inv;
            for (int i = k + 1; i < n; i++) {
                double f = u[k * n + i];
                if (f == 0) continue;
                int ri = i * n, rk = k * n;
                for (int j = i; j < n; j++) u[ri + j] -= f * u[rk + j];
            }
        }
        // R = U⁻¹, from the last row up: row_i(R) = (e_i − Σ_{k>i} U[i][k] row_k(R)) / U[i][i]
        for (int i = n - 1; i >= 0; i--) {
            java.util.Arrays.fill(row, 0, n, 0.0);
            row[i] = 1.0;
            for (int k = i + 1; k < n; k++) {
                double f = u[i * n + k];
                if (f == 0) continue;
                int rk = k * n;
                for (int j = k; j < n; j++) row[j] -= f * r[rk + j];
            }
            double inv = 1.0 / u[i * n + i];
            for (int j = 0; j < i; j++) r[i * n + j] = 0.0;
            for (int j = i; j < n; j++) r[i * n + j] = row[j] * inv;
        }
        for (int i = 0; i < n * n; i++) rf[i] = (float) r[i];
        gemm.sgemm(false, true, n, n, n, 1f, rf, 0, n, rf, 0, n, 0f, out, 0, n);
        return true;
    }

    /**
     * Above this bound on the condition number, {@code (max Uᵢᵢ / min Uᵢᵢ)²} (a lower bound of
     * the true one), the single-precision inverse is redone in double: float Cholesky then
     * loses more than ~1e-3 of relative accuracy (condition × 2⁻²⁴ × a small factor of n).
     */
    static final double FLOAT_CONDITION_LIMIT = 1e4;

    /**
     * {@link #invert} through LAPACK, column-major: {@code S + δI = UᵀU} ({@code spotrf}), then
     * its inverse on the upper triangle straight from the factor ({@code spotri}), mirrored into
     * the full row-major {@code out} (a symmetric matrix reads the same in either layout). In
     * single precision (twice as fast as double: a K-FAC refresh of 202 factors at n = 257 went
     * from ~250 ms to ~190–215 ms on one core) unless the factor says the matrix is too
     * ill-conditioned for it ({@link #FLOAT_CONDITION_LIMIT}), then in double.
     */
    private boolean invertLapack(float[] s, int n, double shift, float[] out) {
        if (factorBySize[n] == null) {   // once per size: no allocation after
            factorBySize[n] = new double[n * n];
            floatFactorBySize[n] = new float[n * n];
        }
        float[] f = floatFactorBySize[n];
        // row-major lower triangle = column-major upper: what LAPACK's 'U' reads, no transposition
        boolean finite = true;
        for (int r = 0; r < n; r++) {
            int row = r * n;
            for (int c = 0; c <= r; c++) {
                f[row + c] = s[row + c];
                finite &= Float.isFinite(s[row + c]);
            }
            f[row + r] = (float) (s[row + r] + shift);
        }
        if (!finite) {
            java.util.Arrays.fill(out, 0, n * n, Float.NaN);
            return false;
        }
        if (lapack.cholesky(n, f) == 0 && wellConditioned(f, n) && lapack.inverseFromCholesky(n, f) == 0) {
            mirrorUpper(f, n, out);
            return true;
        }
        double[] g = factorBySize[n];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c <= r; c++) g[r * n + c] = s[r * n + c];
            g[r * n + r] += shift;
        }
        if (lapack.cholesky(n, g) != 0 || lapack.inverseFromCholesky(n, g) != 0) {
            java.util.Arrays.fill(out, 0, n * n, Float.NaN);
            return false;
        }
        for (int i = 0; i < n * n; i++) f[i] = (float) g[i];
        mirrorUpper(f, n, out);
        return true;
    }

    /** {@code (max Uᵢᵢ / min Uᵢᵢ)² ≤ FLOAT_CONDITION_LIMIT} for the factor's diagonal (column-major, n×n). */
    private static boolean wellConditioned(float[] u, int n) {
        float lo = Float.POSITIVE_INFINITY, hi = 0;
        for (int i = 0; i < n; i++) {
            float d = u[i * n + i];
            lo = Math.min(lo, d);
            hi = Math.max(hi, d);
        }
        double ratio = (double) hi / lo;
        return lo > 0 && ratio * ratio <= FLOAT_CONDITION_LIMIT;
    }

    /** The upper triangle of column-major {@code u} into both triangles of row-major {@code out}. */
    private static void mirrorUpper(float[] u, int n, float[] out) {
        for (int c = 0; c < n; c++) {
            int col = c * n;
            for (int r = 0; r <= c; r++) {
                float v = u[col + r];
                out[r * n + c] = v;
                out[col + r] = v;
            }
        }
    }
}
