package saturn.engine.blas;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * OpenBLAS's double kernels against plain loops, column-major, on awkward sizes: a wrong
 * layout flag, transpose or triangle (each a one-constant mistake) breaks these equalities.
 */
class CholeskyKernelsTest {

    private final CholeskyKernels blas = OpenBlasGemm.load();

    private static final int[][] SHAPES = {{1, 1}, {7, 1}, {7, 7}, {13, 5}, {64, 33}, {130, 129}};

    private static double[] gaussian(int size, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] a = new double[size];
        for (int i = 0; i < size; i++) a[i] = r.nextGaussian();
        return a;
    }

    /** Column-major (i, j) of an n-row matrix. */
    private static double at(double[] a, int rows, int i, int j) {
        return a[j * rows + i];
    }

    @Test
    void gramIsAtAOnTheUpperTriangleAndLeavesTheLowerAlone() {
        for (int[] s : SHAPES) {
            int n = s[0], k = s[1];
            double[] a = gaussian(n * k, n + 31L * k);
            double[] g = new double[k * k];
            java.util.Arrays.fill(g, -7.0);
            blas.gram(n, k, a, g);
            for (int j = 0; j < k; j++) {
                for (int i = 0; i < k; i++) {
                    if (i > j) {
                        assertThat(at(g, k, i, j)).as("lower (%d, %d) of %dx%d", i, j, n, k).isEqualTo(-7.0);
                        continue;
                    }
                    double s2 = 0;
                    for (int t = 0; t < n; t++) s2 += at(a, n, t, i) * at(a, n, t, j);
                    assertThat(at(g, k, i, j)).as("(%d, %d) of %dx%d", i, j, n, k)
                            .isCloseTo(s2, within(1e-12 * n));
                }
            }
        }
    }

    @Test
    void choleskyFactorsAndSolveInvertsTheFactor() {
        for (int[] s : SHAPES) {
            int n = s[0], k = s[1];
            double[] a = gaussian(n * k, 5 * n + k);
            double[] g = new double[k * k];
            blas.gram(n, k, a, g);
            double[] gram = g.clone();
            assertThat(blas.cholesky(k, g)).isZero();
            double worst = 0;
            for (int j = 0; j < k; j++) {
                assertThat(at(g, k, j, j)).as("diag R > 0").isPositive();
                for (int i = 0; i <= j; i++) {
                    double rtr = 0;   // (RᵀR)_ij = Σ_t R_ti R_tj, t <= i
                    for (int t = 0; t <= i; t++) rtr += at(g, k, t, i) * at(g, k, t, j);
                    worst = Math.max(worst, Math.abs(rtr - at(gram, k, i, j)) / n);
                }
            }
            assertThat(worst).as("RᵀR = G, %dx%d", n, k).isLessThan(1e-13);
            // (A R⁻¹) R = A
            double[] q = a.clone();
            blas.solveUpperRight(n, k, g, q);
            double err = 0;
            for (int j = 0; j < k; j++) {
                for (int i = 0; i < n; i++) {
                    double qr = 0;
                    for (int t = 0; t <= j; t++) qr += at(q, n, i, t) * at(g, k, t, j);
                    err = Math.max(err, Math.abs(qr - at(a, n, i, j)));
                }
            }
            assertThat(err).as("(A R⁻¹) R = A, %dx%d", n, k).isLessThan(1e-12);
        }
    }

    @Test
    void inverseFromCholeskyInvertsTheFactoredMatrixOnTheUpperTriangle() {
        for (int k : new int[] {1, 2, 7, 33, 129}) {
            double[] a = gaussian((k + 3) * k, 11L * k);
            double[] g = new double[k * k];
            blas.gram(k + 3, k, a, g);
            for (int j = 0; j < k; j++) {                      // symmetric in full, as the inverse is checked against it
                for (int i = j + 1; i < k; i++) g[j * k + i] = g[i * k + j];
            }
            double[] r = g.clone();
            assertThat(blas.cholesky(k, r)).isZero();
            double[] lowerBefore = new double[k * k];
            for (int j = 0; j < k; j++) for (int i = j + 1; i < k; i++) lowerBefore[j * k + i] = r[j * k + i];
            assertThat(blas.inverseFromCholesky(k, r)).isZero();
            double worst = 0;
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    double gInv = 0;    // (G · G⁻¹)_ij, G⁻¹ read from its upper triangle
                    for (int t = 0; t < k; t++) gInv += at(g, k, i, t) * (t <= j ? at(r, k, t, j) : at(r, k, j, t));
                    worst = Math.max(worst, Math.abs(gInv - (i == j ? 1 : 0)));
                }
            }
            assertThat(worst).as("G G⁻¹ = I, k = %d", k).isLessThan(1e-9);
            for (int j = 0; j < k; j++) {
                for (int i = j + 1; i < k; i++) assertThat(r[j * k + i]).as("lower part left alone").isEqualTo(lowerBefore[j * k + i]);
            }
        }
        double[] singular = {0};
        assertThat(blas.inverseFromCholesky(1, singular)).isEqualTo(1);
    }

    @Test
    void singlePrecisionFactorAndInverseMatchDouble() {
        for (int k : new int[] {1, 7, 64, 257}) {
            double[] a = gaussian((2 * k + 3) * k, 13L * k);
            double[] g = new double[k * k];
            blas.gram(2 * k + 3, k, a, g);
            float[] f = new float[k * k];
            for (int i = 0; i < k * k; i++) f[i] = (float) g[i];
            for (int i = 0; i < k * k; i++) g[i] = f[i];      // both factor the same (float) matrix
            float[] lower = f.clone();
            assertThat(blas.cholesky(k, g)).isZero();
            assertThat(blas.cholesky(k, f)).isZero();
            assertThat(blas.inverseFromCholesky(k, g)).isZero();
            assertThat(blas.inverseFromCholesky(k, f)).isZero();
            double scale = 0;
            for (int j = 0; j < k; j++) scale = Math.max(scale, Math.abs(at(g, k, j, j)));
            for (int j = 0; j < k; j++) {
                for (int i = 0; i < k; i++) {
                    if (i > j) {
                        assertThat(f[j * k + i]).as("lower part left alone").isEqualTo(lower[j * k + i]);
                    } else {
                        assertThat((double) f[j * k + i]).as("inverse (%d, %d), k = %d", i, j, k)
                                .isCloseTo(at(g, k, i, j), within(1e-3 * scale));
                    }
                }
            }
        }
        float[] indefinite = {1, 2, 2, 1};
        assertThat(blas.cholesky(2, indefinite)).isEqualTo(2);
        assertThatThrownBy(() -> blas.cholesky(1, new float[] {Float.NaN})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NaN");
    }

    @Test
    void choleskyReportsTheFirstMinorThatIsNotPositiveDefinite() {
        // diag(4, 1, -1, 9) (column-major, upper triangle only): the minor of order 3 fails
        double[] g = new double[16];
        g[0] = 4;
        g[5] = 1;
        g[10] = -1;
        g[15] = 9;
        assertThat(blas.cholesky(4, g)).isEqualTo(3);
        double[] nan = {Double.NaN};
        assertThatThrownBy(() -> blas.cholesky(1, nan)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NaN");
    }

    @Test
    void emptyAndMisshapenOperands() {
        blas.gram(0, 0, new double[0], new double[0]);
        double[] g = {5};
        blas.gram(0, 1, new double[0], g);
        assertThat(g).containsExactly(0.0);
        assertThat(blas.cholesky(0, new double[0])).isZero();
        blas.solveUpperRight(3, 0, new double[0], new double[0]);
        assertThatThrownBy(() -> blas.gram(3, 2, new double[5], new double[4]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 x 2");
        assertThatThrownBy(() -> blas.gram(3, 2, new double[6], new double[3]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 x 2");
        assertThatThrownBy(() -> blas.cholesky(3, new double[8])).isInstanceOf(IllegalArgumentException.class);
        assertThat(blas.inverseFromCholesky(0, new double[0])).isZero();
        assertThatThrownBy(() -> blas.inverseFromCholesky(3, new double[8])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> blas.solveUpperRight(4, 2, new double[4], new double[7]))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
