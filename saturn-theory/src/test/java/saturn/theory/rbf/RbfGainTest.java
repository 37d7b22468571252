package saturn.theory.rbf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The backward gain of a Gaussian RBF layer and the width that maximizes it. */
class RbfGainTest {

    /** (1/N) Σ_j ‖∂y_j/∂x‖², the Jacobian written out entry by entry, averaged over inputs and centres. */
    private static double simulatedGain(int n, int w, double v, double vc, double s2, int inputs, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[][] c = new double[w][n];
        for (double[] row : c) for (int i = 0; i < n; i++) row[i] = Math.sqrt(vc) * rnd.nextGaussian();
        double[] x = new double[n];
        double total = 0;
        for (int k = 0; k < inputs; k++) {
            for (int i = 0; i < n; i++) x[i] = Math.sqrt(v) * rnd.nextGaussian();
            for (int j = 0; j < w; j++) {
                double dist = 0;
                for (int i = 0; i < n; i++) dist += (x[i] - c[j][i]) * (x[i] - c[j][i]);
                double y = Math.exp(-dist / (2 * s2));
                for (int i = 0; i < n; i++) {
                    double jac = -y * (x[i] - c[j][i]) / s2;
                    total += jac * jac;
                }
            }
        }
        return total / inputs / n;
    }

    @Test
    void backwardGainMatchesASeededWideSimulation() {
        for (double vc : new double[] {0, 1, 0.5}) {
            int n = 12, w = 600;
            double s2 = 9;
            double predicted = RbfMoments.backwardGain(n, w, 1, vc, s2);
            double simulated = simulatedGain(n, w, 1, vc, s2, 400, 5);
            assertThat(simulated).as("v_c = %s", vc).isCloseTo(predicted, within(0.05 * predicted));
        }
    }

    @Test
    void theMaxGainWidthIsTheMaximum() {
        for (int n : new int[] {3, 10, 784}) {
            double s2 = RbfPrescription.maxGainWidth2(n, 1, 1);
            assertThat(s2).isCloseTo((n / 2.0 - 1) * 2, within(1e-12));
            double best = RbfMoments.backwardGain(n, 64, 1, 1, s2);
            for (double f : new double[] {0.9, 0.99, 1.01, 1.1}) {
                assertThat(RbfMoments.backwardGain(n, 64, 1, 1, f * s2)).as("N=%d f=%s", n, f).isLessThan(best);
            }
        }
    }

    @Test
    void theGainHasNoMaximumForTwoInputsOrFewer() {
        assertThatThrownBy(() -> RbfPrescription.maxGainWidth2(2, 1, 1)).hasMessageContaining("no maximum for N <= 2");
        assertThat(RbfMoments.backwardGain(1, 8, 1, 0, 1e-4)).isGreaterThan(RbfMoments.backwardGain(1, 8, 1, 0, 1e-2));
        assertThatThrownBy(() -> RbfMoments.backwardGain(4, 0, 1, 1, 1)).hasMessageContaining("W >= 1");
    }
}
