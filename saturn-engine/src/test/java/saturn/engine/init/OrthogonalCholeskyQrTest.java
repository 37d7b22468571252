package saturn.engine.init;

import java.util.Optional;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import org.junit.jupiter.api.Test;

import saturn.engine.Backends;
import saturn.engine.blas.CholeskyKernels;
import saturn.engine.blas.OpenBlasGemm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Cholesky QR2 (OpenBLAS) against modified Gram–Schmidt, the reference: both return the Q of
 * the QR with diag(R) > 0, which is unique, so on the same Gaussian draw they must agree to
 * rounding. A missing second pass, a transposed factor or a lost sign fix each break that.
 */
class OrthogonalCholeskyQrTest {

    private static final CholeskyKernels BLAS = OpenBlasGemm.load();

    /** {n, k}: square, tall, a single column, odd sizes and the width that motivated it. */
    private static final int[][] SHAPES = {{1, 1}, {9, 1}, {7, 7}, {13, 5}, {100, 30}, {257, 257}, {1000, 1},
            {1023, 511}, {1024, 1024}};

    private static double maxAbsDifference(double[] x, double[] y) {
        assertThat(x).hasSameSizeAs(y);
        double worst = 0;
        for (int i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i] - y[i]));
        return worst;
    }

    /** max |QᵀQ − I| for the column-major n×k q, in plain double loops (independent of BLAS). */
    static double maxDeviationFromOrthonormal(double[] q, int n, int k) {
        double worst = 0;
        for (int a = 0; a < k; a++) {
            for (int b = a; b < k; b++) {
                double s = 0;
                for (int i = 0; i < n; i++) s += q[a * n + i] * q[b * n + i];
                worst = Math.max(worst, Math.abs(s - (a == b ? 1 : 0)));
            }
        }
        return worst;
    }

    @Test
    void sameDrawSameQAsGramSchmidt() {
        for (int[] s : SHAPES) {
            int n = s[0], k = s[1];
            double[] a = Orthogonal.gaussian(n, k, new SplittableRandom(17L * n + k));
            double[] mgs = a.clone();
            Orthogonal.gramSchmidt(n, k, mgs);
            double[] chol = a.clone();
            Orthogonal.choleskyQr2(n, k, chol, BLAS);
            assertThat(maxAbsDifference(chol, mgs)).as("%dx%d", n, k).isLessThan(1e-9);
            assertThat(maxDeviationFromOrthonormal(chol, n, k)).as("QᵀQ - I, %dx%d", n, k).isLessThan(1e-12);
        }
    }

    @Test
    void theInitializerDrawsTheSameQWithEitherBackend() {
        // both paths consume the generator identically; float weights agree to float rounding
        // (a transposed or mis-strided copy into W would differ by O(1/√n))
        for (int[] s : new int[][] {{30, 120}, {120, 30}, {64, 64}, {1, 9}, {13, 1}}) {
            int in = s[0], out = s[1];
            float[] viaCholesky = new float[in * out];
            float[] viaGramSchmidt = new float[in * out];
            new Orthogonal(1.3, Optional.of(BLAS)).fill(viaCholesky, in, out, new SplittableRandom(3));
            new Orthogonal(1.3, Optional.empty()).fill(viaGramSchmidt, in, out, new SplittableRandom(3));
            double worst = 0;
            for (int i = 0; i < viaCholesky.length; i++) {
                worst = Math.max(worst, Math.abs(viaCholesky[i] - viaGramSchmidt[i]));
            }
            assertThat(worst).as("%d -> %d", in, out).isLessThan(1e-6);
        }
    }

    @Test
    void javaBackendUsesGramSchmidtAndOpenBlasCholeskyQr() {
        assertThat(Backends.select("java", "off").gemm()).isNotInstanceOf(CholeskyKernels.class);
        assertThat(Backends.select("openblas", "off").gemm()).isInstanceOf(CholeskyKernels.class);
        // without kernels the result is Gram–Schmidt's, bit for bit
        double[] q = Orthogonal.orthonormalColumns(50, 20, new SplittableRandom(8), Optional.empty());
        double[] mgs = Orthogonal.gaussian(50, 20, new SplittableRandom(8));
        Orthogonal.gramSchmidt(50, 20, mgs);
        assertThat(q).isEqualTo(mgs);
    }

    @Test
    void aZeroColumnIsRejectedByTheFactorization() {
        int n = 6, k = 4;
        double[] a = Orthogonal.gaussian(n, k, new SplittableRandom(1));
        java.util.Arrays.fill(a, 2 * n, 3 * n, 0.0);   // column 2
        assertThatThrownBy(() -> Orthogonal.choleskyQr2(n, k, a.clone(), BLAS))
                .isInstanceOf(ArithmeticException.class)
                .hasMessageContaining("not positive definite (leading minor 3)");
        // Gram–Schmidt, the fallback, fails as well: a clear exception, not NaN weights
        assertThatThrownBy(() -> Orthogonal.orthonormalColumns(n, k, new Replay(a), Optional.of(BLAS)))
                .isInstanceOf(ArithmeticException.class).hasMessageContaining("rank-deficient");
    }

    @Test
    void anIllConditionedDrawFallsBackToGramSchmidt() {
        // column 1 = column 0 + 1e-10 noise: κ(A) ≈ 1e10, so κ(AᵀA) ≈ 1e20 is beyond double and
        // Cholesky QR fails (in dpotrf or in the Q₁ᵀQ₁ check), while Gram–Schmidt still gives a
        // Q orthonormal to ε κ ≈ 1e-6
        int n = 40, k = 5;
        double[] a = Orthogonal.gaussian(n, k, new SplittableRandom(2));
        for (int i = 0; i < n; i++) a[n + i] = a[i] + 1e-10 * a[n + i];
        assertThatThrownBy(() -> Orthogonal.choleskyQr2(n, k, a.clone(), BLAS))
                .isInstanceOf(ArithmeticException.class).hasMessageStartingWith("Cholesky QR");
        double[] q = Orthogonal.orthonormalColumns(n, k, new Replay(a), Optional.of(BLAS));
        double[] mgs = a.clone();
        Orthogonal.gramSchmidt(n, k, mgs);
        assertThat(q).isEqualTo(mgs);
        assertThat(maxDeviationFromOrthonormal(q, n, k)).isLessThan(1e-4);
    }

    @Test
    void nearTheLimitEitherOrthonormalToRoundingOrRefused() {
        // κ(A) ≈ 1e7..1e8, where ε κ² ≈ 1: dpotrf sometimes succeeds on a first pass that
        // leaves Q₁ far from orthonormal. Such a Q₁ must be refused (by the ‖Q₁ᵀQ₁ − I‖_F
        // check), never passed on as a Q that is orthonormal only to 1e-3.
        int n = 40, k = 5;
        int refusedAfterFirstPass = 0;
        for (long seed = 0; seed < 6; seed++) {
            for (double eps = 4e-8; eps > 8e-9; eps *= 0.9) {
                double[] a = Orthogonal.gaussian(n, k, new SplittableRandom(seed));
                for (int i = 0; i < n; i++) a[n + i] = a[i] + eps * a[n + i];
                double[] q = a.clone();
                try {
                    Orthogonal.choleskyQr2(n, k, q, BLAS);
                    assertThat(maxDeviationFromOrthonormal(q, n, k)).as("seed %d, eps %g", seed, eps)
                            .isLessThan(1e-12);
                } catch (ArithmeticException e) {
                    if (e.getMessage().contains("first pass")) refusedAfterFirstPass++;
                }
                double[] viaInit = Orthogonal.orthonormalColumns(n, k, new Replay(a), Optional.of(BLAS));
                assertThat(maxDeviationFromOrthonormal(viaInit, n, k)).as("seed %d, eps %g", seed, eps)
                        .isLessThan(1e-6);
            }
        }
        // 96 draws in the range where the check decides (about a third of them on SkylakeX kernels)
        assertThat(refusedAfterFirstPass).as("draws refused by the Q₁ᵀQ₁ check").isPositive();
    }

    /** Returns the given values from {@code nextGaussian()}, in order. */
    private static final class Replay implements RandomGenerator {
        private final double[] values;
        private int next;

        Replay(double[] values) {
            this.values = values;
        }

        @Override
        public double nextGaussian() {
            return values[next++];
        }

        @Override
        public long nextLong() {
            throw new UnsupportedOperationException("only nextGaussian is replayed");
        }
    }
}
