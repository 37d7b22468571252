package saturn.theory.rbf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RbfMomentsTest {

    @Test
    void fixedCentreMomentsMatchMonteCarlo() {
        int n = 6;
        double v = 0.7;
        double s2 = 2.5;
        double[] mu = {0.3, -0.2, 0.1, 0, 0.5, -0.4};
        double[] c = {1.0, 0.4, -0.6, 0.2, 0.9, 0.0};
        double d2 = 0;
        for (int i = 0; i < n; i++) {
            d2 += (c[i] - mu[i]) * (c[i] - mu[i]);
        }
        SplittableRandom rnd = new SplittableRandom(7);
        int samples = 200_000;
        double sum = 0;
        double sumSq = 0;
        for (int s = 0; s < samples; s++) {
            double dist = 0;
            for (int i = 0; i < n; i++) {
                double x = mu[i] + Math.sqrt(v) * rnd.nextGaussian();
                dist += (x - c[i]) * (x - c[i]);
            }
            double y = Math.exp(-dist / (2 * s2));
            sum += y;
            sumSq += y * y;
        }
        double mean = sum / samples;
        double var = sumSq / samples - mean * mean;
        double se = Math.sqrt(var / samples);
        assertThat(RbfMoments.mean(n, v, d2, s2)).isCloseTo(mean, within(4 * se));
        assertThat(RbfMoments.variance(n, v, d2, s2)).isCloseTo(var, within(0.02 * var));
    }

    @Test
    void randomCentresMomentsMatchMonteCarlo() {
        int n = 10;
        double v = 1;
        double vc = 0.5;
        double s2 = 12;
        SplittableRandom rnd = new SplittableRandom(11);
        int units = 400;
        int inputs = 400;
        double meanSum = 0;
        double varSum = 0;
        double[] c = new double[n];
        for (int u = 0; u < units; u++) {
            for (int i = 0; i < n; i++) {
                c[i] = Math.sqrt(vc) * rnd.nextGaussian();
            }
            double s = 0;
            double ss = 0;
            for (int k = 0; k < inputs; k++) {
                double dist = 0;
                for (int i = 0; i < n; i++) {
                    double x = Math.sqrt(v) * rnd.nextGaussian();
                    dist += (x - c[i]) * (x - c[i]);
                }
                double y = Math.exp(-dist / (2 * s2));
                s += y;
                ss += y * y;
            }
            meanSum += s / inputs;
            varSum += (ss - s * s / inputs) / (inputs - 1);
        }
        RbfPrediction p = RbfMoments.overRandomCentres(n, v, vc, s2);
        assertThat(p.mean()).isCloseTo(meanSum / units, within(0.01 * p.mean()));
        assertThat(p.variance()).isCloseTo(varSum / units, within(0.05 * p.variance()));
    }

    @Test
    void aWidthBlindToDimensionLosesTheSignal() {
        // N = 784, unit width: every input is ~ 2N away from a random centre: E[y] = 3^(-392).
        RbfPrediction blind = RbfMoments.overRandomCentres(784, 1, 1, 1);
        assertThat(blind.mean()).isLessThan(1e-100);
        assertThat(blind.variance()).isLessThan(1e-100);
        assertThat(blind.distanceSpread()).isCloseTo(Math.sqrt(2.0 / 784), within(1e-15));
        RbfPrediction fixed = RbfPrescription.recommend(784, 1, 1);
        // Even the best width leaves a variance of order 1/N in the isotropic model: distances
        // concentrate, which is why centres must come from the data.
        assertThat(fixed.variance() * 784).isBetween(0.05, 1.0);
        assertThat(fixed.width2()).isBetween(0.05 * 784 * 2, 20.0 * 784 * 2);
    }

    @Test
    void recommendedWidthMaximizesVarianceAndTargetsAreHit() {
        RbfPrediction best = RbfPrescription.recommend(50, 1, 1);
        for (double f : new double[] {0.8, 1.25}) {
            assertThat(RbfMoments.overRandomCentres(50, 1, 1, f * best.width2()).variance())
                    .isLessThan(best.variance());
        }
        RbfPrediction target = RbfPrescription.forTargetVariance(50, 1, 1, best.variance() / 2);
        assertThat(target.variance()).isCloseTo(best.variance() / 2, within(1e-9));
        assertThat(target.width2()).isGreaterThan(best.width2());
        assertThatThrownBy(() -> RbfPrescription.forTargetVariance(50, 1, 1, 2 * best.variance()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maximum");
    }

    @Test
    void medianHeuristicTracksTheChiSquareMedian() {
        assertThat(RbfPrescription.medianHeuristicWidth2(100, 1, 1)).isCloseTo(100 * 2 * Math.pow(1 - 2.0 / 900, 3) / 2, within(1e-12));
    }
}
