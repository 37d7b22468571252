package saturn.engine.init;

import java.util.Optional;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

import saturn.engine.Backends;
import saturn.engine.blas.CholeskyKernels;

/**
 * Haar-distributed orthogonal weights (Saxe et al. 2014; Mezzadri 2007): the Q of the QR
 * decomposition of a Gaussian matrix, with the sign fix that makes {@code diag(R) > 0}
 * (without it Q is not Haar). That QR is unique, so every algorithm that returns an R with a
 * positive diagonal returns the same Q up to rounding:
 * <ul>
 *   <li><b>Cholesky QR2</b> (Fukaya et al. 2014) with native BLAS: {@code R₁ = chol(AᵀA)},
 *       {@code Q₁ = A R₁⁻¹}, then once more on {@code Q₁}: {@code Q = Q₁ R₂⁻¹}, so
 *       {@code A = Q (R₂R₁)} with {@code diag(R₂R₁) > 0}. Two Gram matrices and two triangular
 *       solves, all level-3 BLAS. One pass loses orthogonality like {@code ε κ(A)²}; the
 *       second brings it to {@code ε}, provided {@code Q₁} is well conditioned, which is
 *       checked ({@code ‖Q₁ᵀQ₁ − I‖_F < 1/2}, so {@code κ(Q₁) < √3}).</li>
 *   <li><b>Modified Gram–Schmidt</b> in double: the reference, used with the Java backend and
 *       whenever Cholesky QR2 fails (a draw too ill-conditioned for it, which for a Gaussian
 *       matrix practically never happens). Its R has a positive diagonal by construction;
 *       its loss of orthogonality, about {@code ε κ(A)} ≈ 1e-12 for a Gaussian matrix of a
 *       thousand columns, is far below float rounding.</li>
 * </ul>
 *
 * <p>A dense weight {@code [out, in]} gets orthonormal columns when {@code out ≥ in} and
 * orthonormal rows otherwise, scaled by {@code gain · max(√(out/in), 1)}: then every output
 * unit's variance is {@code gain² ‖x‖²/in}, the same as {@code N(0, gain²/fan_in)}.
 */
final class Orthogonal implements Initializer {

    private static final System.Logger LOG = System.getLogger(Orthogonal.class.getName());

    private final double gain;
    private final Supplier<Optional<CholeskyKernels>> kernels;

    /** With the kernels of the GEMM backend in use ({@link Backends#choleskyKernels()}), looked up per fill. */
    Orthogonal(double gain) {
        this(gain, Backends::choleskyKernels);
    }

    /** With Cholesky QR2 on the given kernels, or Gram–Schmidt when empty. */
    Orthogonal(double gain, Optional<CholeskyKernels> kernels) {
        this(gain, () -> kernels);
    }

    private Orthogonal(double gain, Supplier<Optional<CholeskyKernels>> kernels) {
        if (!(gain >= 0) || Double.isInfinite(gain)) throw new IllegalArgumentException("gain must be >= 0: " + gain);
        this.gain = gain;
        this.kernels = kernels;
    }

    @Override
    public void fill(float[] w, int fanIn, int fanOut, RandomGenerator rng) {
        if (w.length != fanIn * fanOut) {
            throw new IllegalArgumentException("weight of " + w.length + " values is not " + fanOut + " x " + fanIn);
        }
        int n = Math.max(fanIn, fanOut);
        int k = Math.min(fanIn, fanOut);
        double[] q = orthonormalColumns(n, k, rng, kernels.get());
        double scale = gain * Math.max(Math.sqrt((double) fanOut / fanIn), 1.0);
        for (int o = 0; o < fanOut; o++) {
            for (int i = 0; i < fanIn; i++) {
                // q is column-major n×k. out >= in: W = Q (n = out); out < in: W = Qᵀ (n = in)
                double v = fanOut >= fanIn ? q[i * n + o] : q[o * n + i];
                w[o * fanIn + i] = (float) (scale * v);
            }
        }
    }

    /**
     * k orthonormal columns of length n (k ≤ n), the Q of a Gaussian n×k matrix with
     * diag(R) > 0, column-major: column j is {@code [j·n, j·n + n)}. The draw is the same
     * whichever algorithm runs: n·k {@code nextGaussian()} calls, column after column.
     */
    static double[] orthonormalColumns(int n, int k, RandomGenerator rng, Optional<CholeskyKernels> kernels) {
        double[] a = gaussian(n, k, rng);
        if (kernels.isPresent()) {
            double[] q = a.clone();
            try {
                choleskyQr2(n, k, q, kernels.get());
                return q;
            } catch (ArithmeticException e) {
                LOG.log(System.Logger.Level.WARNING, "orthogonal init " + n + "x" + k + ": " + e.getMessage()
                        + "; using modified Gram-Schmidt");
            }
        }
        gramSchmidt(n, k, a);
        return a;
    }

    /** n×k independent N(0, 1), column-major, drawn column after column. */
    static double[] gaussian(int n, int k, RandomGenerator rng) {
        double[] a = new double[n * k];
        for (int idx = 0; idx < a.length; idx++) a[idx] = rng.nextGaussian();
        return a;
    }

    /**
     * Replaces the column-major n×k {@code a} by the Q of its QR with diag(R) > 0, by
     * Cholesky QR2.
     *
     * @throws ArithmeticException when {@code a} is too ill-conditioned (numerically rank
     *         deficient) for it; {@code a} is then partly overwritten
     */
    static void choleskyQr2(int n, int k, double[] a, CholeskyKernels blas) {
        double[] g = new double[k * k];
        // pass 1: Q₁ = A R₁⁻¹ with R₁ᵀR₁ = AᵀA
        blas.gram(n, k, a, g);
        int info = blas.cholesky(k, g);
        if (info != 0) {
            throw new ArithmeticException("Cholesky QR: AᵀA not positive definite (leading minor " + info + ")");
        }
        blas.solveUpperRight(n, k, g, a);
        // pass 2 on Q₁, whose Gram matrix must be close to I for the result to be orthonormal to ε
        blas.gram(n, k, a, g);
        double deviation = upperDistanceFromIdentity(k, g);
        if (!(deviation < 0.5)) {
            throw new ArithmeticException("Cholesky QR: first pass left ‖Q₁ᵀQ₁ − I‖_F = " + deviation
                    + " (>= 1/2)");
        }
        info = blas.cholesky(k, g);
        if (info != 0) {   // not after the check above: the eigenvalues of Q₁ᵀQ₁ are >= 1/2
            throw new ArithmeticException("Cholesky QR: Q₁ᵀQ₁ not positive definite (leading minor " + info + ")");
        }
        blas.solveUpperRight(n, k, g, a);
    }

    /** ‖G − I‖_F for the symmetric k×k G of which only the upper triangle (column-major) is set. */
    private static double upperDistanceFromIdentity(int k, double[] g) {
        double sum = 0;
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < j; i++) sum += 2 * g[j * k + i] * g[j * k + i];
            double d = g[j * k + j] - 1;
            sum += d * d;
        }
        return Math.sqrt(sum);
    }

    /** Modified Gram–Schmidt on the column-major n×k {@code a}, in place: the reference. */
    static void gramSchmidt(int n, int k, double[] a) {
        // one array per column, as before: offsets into the flat array measured ~1.6x slower
        double[][] col = new double[k][n];
        for (int j = 0; j < k; j++) System.arraycopy(a, j * n, col[j], 0, n);
        for (int j = 0; j < k; j++) {
            double[] v = col[j];
            for (int p = 0; p < j; p++) {
                double[] e = col[p];
                double r = dot(e, v);
                for (int i = 0; i < n; i++) v[i] -= r * e[i];
            }
            double norm = Math.sqrt(dot(v, v));
            if (!(norm > 0)) throw new ArithmeticException("rank-deficient Gaussian draw");
            for (int i = 0; i < n; i++) v[i] /= norm;
        }
        for (int j = 0; j < k; j++) System.arraycopy(col[j], 0, a, j * n, n);
    }

    private static double dot(double[] x, double[] y) {
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        int i = 0;
        for (; i + 3 < x.length; i += 4) {
            s0 += x[i] * y[i];
            s1 += x[i + 1] * y[i + 1];
            s2 += x[i + 2] * y[i + 2];
            s3 += x[i + 3] * y[i + 3];
        }
        for (; i < x.length; i++) s0 += x[i] * y[i];
        return (s0 + s1) + (s2 + s3);
    }
}
