package saturn.engine.init;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import saturn.engine.Backends;

class OrthogonalTest {

    /** The Gram matrix of W [out, in] on its smaller side: WᵀW (in×in) when out ≥ in, else WWᵀ. */
    private static double maxDeviationFromScaledIdentity(float[] w, int in, int out, double expectedDiag) {
        boolean columns = out >= in;
        int k = columns ? in : out;
        double worst = 0;
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                double s = 0;
                if (columns) {
                    for (int o = 0; o < out; o++) s += (double) w[o * in + a] * w[o * in + b];
                } else {
                    for (int i = 0; i < in; i++) s += (double) w[a * in + i] * w[b * in + i];
                }
                worst = Math.max(worst, Math.abs(s - (a == b ? expectedDiag : 0)));
            }
        }
        return worst;
    }

    private static float[] draw(double gain, int in, int out, long seed) {
        float[] w = new float[in * out];
        Initializers.orthogonal(gain).fill(w, in, out, new SplittableRandom(seed));
        return w;
    }

    @Test
    void squareWeightsAreGainTimesOrthogonal() {
        for (int n : new int[] {1, 7, 64, 257}) {
            float[] w = draw(1.3, n, n, n);
            assertThat(maxDeviationFromScaledIdentity(w, n, n, 1.69)).as("n = %d", n).isLessThan(1e-5);
        }
    }

    @Test
    void wideLayersHaveOrthonormalRowsTallOnesScaledColumns() {
        // out < in: rows orthonormal, WWᵀ = gain² I
        assertThat(maxDeviationFromScaledIdentity(draw(1.0, 100, 30, 1), 100, 30, 1.0)).isLessThan(1e-5);
        assertThat(maxDeviationFromScaledIdentity(draw(2.0, 13, 1, 2), 13, 1, 4.0)).isLessThan(1e-5);
        // out > in: columns orthogonal, scaled by √(out/in): WᵀW = gain² (out/in) I
        assertThat(maxDeviationFromScaledIdentity(draw(1.0, 30, 120, 3), 30, 120, 4.0)).isLessThan(1e-5);
        assertThat(maxDeviationFromScaledIdentity(draw(0.5, 1, 9, 4), 1, 9, 0.25 * 9)).isLessThan(1e-5);
    }

    @Test
    void perUnitVarianceIsGainSquaredOverFanIn() {
        // the same parametrization as N(0, σ_w²/fan_in) with σ_w² = gain², for every shape
        for (int[] s : new int[][] {{200, 200}, {400, 100}, {100, 400}}) {
            float[] w = draw(1.5, s[0], s[1], 11);
            double sum = 0, sum2 = 0;
            for (float v : w) {
                sum += v;
                sum2 += (double) v * v;
            }
            double mean = sum / w.length;
            assertThat(sum2 / w.length).as("variance %dx%d", s[1], s[0]).isCloseTo(2.25 / s[0], within(0.02 * 2.25 / s[0]));
            assertThat(mean).as("mean").isCloseTo(0, within(5 * Math.sqrt(2.25 / s[0] / w.length)));
        }
    }

    @Test
    void signFixMakesTheDiagonalUnbiased() {
        // Haar Q has E[Q_ii] = 0. A Householder QR without the sign fix returns Q_11 = -sign(a_11)|a_11|/‖a_1‖
        // and similar biases down the diagonal; with diag(R) > 0 each Q_ii is symmetric about 0.
        double sum = 0;
        int draws = 400;
        SplittableRandom rng = new SplittableRandom(21);
        for (int t = 0; t < draws; t++) {
            double[] q = Orthogonal.orthonormalColumns(8, 8, rng, Backends.choleskyKernels());
            for (int i = 0; i < 8; i++) sum += q[i * 8 + i];
        }
        // each Q_ii has variance 1/8; the mean of 3200 of them has standard error ≈ 0.006
        assertThat(sum / (draws * 8)).isCloseTo(0, within(0.03));
    }

    @Test
    void sameSeedSameWeightsOtherSeedOtherWeights() {
        assertThat(draw(1, 20, 30, 5)).isEqualTo(draw(1, 20, 30, 5));
        assertThat(draw(1, 20, 30, 5)).isNotEqualTo(draw(1, 20, 30, 6));
    }

    @Test
    void theOrthogonalSchemeTakesTheGainFromSigmaW2() {
        float[] a = new float[16];
        float[] b = new float[16];
        InitScheme.ORTHOGONAL.initializer(4.0).fill(a, 4, 4, new SplittableRandom(1));
        Initializers.orthogonal(2.0).fill(b, 4, 4, new SplittableRandom(1));
        assertThat(a).isEqualTo(b);
    }
}
