package saturn.engine.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import saturn.engine.tensor.Tensor;

class LossTest {

    /** Central differences of the loss in double-accumulated float, per logit. */
    private static double maxGradientError(Loss loss, Tensor out, Target target) {
        Tensor grad = new Tensor(new float[out.size()], out.shape());
        loss.compute(out, target, grad);
        float[] z = out.data();
        double eps = 1e-2;
        double diff = 0, norm = 0;
        for (int i = 0; i < z.length; i++) {
            float saved = z[i];
            z[i] = (float) (saved + eps);
            double up = loss.compute(out, target, null);
            z[i] = (float) (saved - eps);
            double down = loss.compute(out, target, null);
            z[i] = saved;
            double num = (up - down) / (2 * eps);
            diff += (num - grad.data()[i]) * (num - grad.data()[i]);
            norm += num * num;
        }
        return Math.sqrt(diff / norm);
    }

    @Test
    void crossEntropyGradientMatchesFiniteDifferences() {
        SplittableRandom rng = new SplittableRandom(1);
        int[][] shapes = {{1, 1}, {1, 2}, {3, 7}, {5, 3}};
        for (int[] s : shapes) {
            float[] z = new float[s[0] * s[1]];
            for (int i = 0; i < z.length; i++) z[i] = (float) (2 * rng.nextGaussian());
            int[] labels = new int[s[0]];
            for (int b = 0; b < s[0]; b++) labels[b] = rng.nextInt(s[1]);
            if (s[1] == 1) {
                // a single class: loss 0 and gradient 0 exactly
                Tensor g = new Tensor(new float[1], 1, 1);
                assertThat(new SoftmaxCrossEntropy().compute(new Tensor(z, s), Target.labels(labels), g)).isZero();
                assertThat(g.data()[0]).isZero();
                continue;
            }
            assertThat(maxGradientError(new SoftmaxCrossEntropy(), new Tensor(z, s), Target.labels(labels)))
                    .as("shape %dx%d", s[0], s[1]).isLessThan(2e-3);
        }
    }

    @Test
    void crossEntropyValueAndAccuracyByHand() {
        // row 0: logits (0, ln 3) label 1 -> p = 3/4, loss ln(4/3); row 1: (2, 0) label 1 -> wrong
        float[] z = {0f, (float) Math.log(3), 2f, 0f};
        SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy();
        Tensor g = new Tensor(new float[4], 2, 2);
        double loss = ce.compute(new Tensor(z, 2, 2), Target.labels(new int[] {1, 1}), g);
        double row1 = Math.log(1 + Math.exp(2));
        assertThat(loss).isCloseTo((Math.log(4.0 / 3) + row1) / 2, within(1e-6));
        assertThat(ce.lastAccuracy()).isEqualTo(0.5);
        assertThat(g.data()[0]).isCloseTo(0.25f / 2, within(1e-6f));
        assertThat(g.data()[1]).isCloseTo(-0.25f / 2, within(1e-6f));
    }

    @Test
    void crossEntropyIsStableForHugeLogits() {
        float[] z = {1000f, -1000f, 999f};
        Tensor g = new Tensor(new float[3], 1, 3);
        double loss = new SoftmaxCrossEntropy().compute(new Tensor(z, 1, 3), Target.labels(new int[] {2}), g);
        assertThat(loss).isCloseTo(1 + Math.log(1 + Math.exp(-1)), within(1e-5));
        for (float v : g.data()) assertThat(Float.isFinite(v)).isTrue();
    }

    @Test
    void mseGradientAndValue() {
        SplittableRandom rng = new SplittableRandom(2);
        float[] y = new float[15];
        float[] t = new float[15];
        for (int i = 0; i < 15; i++) {
            y[i] = (float) rng.nextGaussian();
            t[i] = (float) rng.nextGaussian();
        }
        assertThat(maxGradientError(new MeanSquaredError(), new Tensor(y, 3, 5), Target.values(t))).isLessThan(1e-3);
        double expected = 0;
        for (int i = 0; i < 15; i++) expected += (y[i] - t[i]) * (double) (y[i] - t[i]);
        assertThat(new MeanSquaredError().compute(new Tensor(y, 3, 5), Target.values(t), null))
                .isCloseTo(expected / 15, within(1e-6));
    }

    /**
     * K-FAC's sampled targets give the true Fisher of the softmax: over many draws,
     * {@code E[(B·g)(B·g)ᵀ] = diag(p) − p pᵀ} per row, and every drawn gradient is
     * {@code (p − onehot)/B} for one label (rows sum to 0, exactly one negative entry).
     */
    @Test
    void crossEntropySampledGradientsAverageToTheFisher() {
        float[] z = {1.5f, -0.3f, 0.2f, 0f, 2.5f, -1f};   // two rows of three logits
        Tensor logits = new Tensor(z, 2, 3);
        Tensor g = new Tensor(new float[6], 2, 3);
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        int draws = 40_000;
        double[][] fisher = new double[2][9];
        for (int d = 0; d < draws; d++) {
            loss.sampleGradient(logits, 1000L + d, g);
            for (int r = 0; r < 2; r++) {
                int negative = 0;
                double rowSum = 0;
                for (int c = 0; c < 3; c++) {
                    double gc = 2 * g.data()[r * 3 + c];
                    rowSum += gc;
                    if (gc < 0) negative++;
                    for (int e = 0; e < 3; e++) fisher[r][c * 3 + e] += gc * 2 * g.data()[r * 3 + e] / draws;
                }
                assertThat(negative).isEqualTo(1);
                assertThat(rowSum).isCloseTo(0, within(1e-6));
            }
        }
        for (int r = 0; r < 2; r++) {
            double[] p = new double[3];
            double sum = 0;
            for (int c = 0; c < 3; c++) sum += p[c] = Math.exp(z[r * 3 + c]);
            for (int c = 0; c < 3; c++) p[c] /= sum;
            for (int c = 0; c < 3; c++) {
                for (int e = 0; e < 3; e++) {
                    double expected = (c == e ? p[c] : 0) - p[c] * p[e];
                    // the standard error of a mean of 40 000 terms bounded by 1 is below 0.005
                    assertThat(fisher[r][c * 3 + e]).as("row %d F[%d][%d]", r, c, e).isCloseTo(expected, within(0.015));
                }
            }
        }
        // the same seed draws the same targets (resumed runs reproduce K-FAC's statistics)
        float[] first = new float[6];
        loss.sampleGradient(logits, 77, g);
        System.arraycopy(g.data(), 0, first, 0, 6);
        loss.sampleGradient(logits, 77, g);
        assertThat(g.data()).containsExactly(first);
    }

    /** MSE's sampled outputs are y ~ N(out, I·cols/2) (the loss's likelihood): the gradient has mean 0, the right variance. */
    @Test
    void squaredErrorSampledGradientsHaveTheModelsNoise() {
        int rows = 50, cols = 4, n = rows * cols;
        Tensor out = new Tensor(new float[n], rows, cols);
        Tensor g = new Tensor(new float[n], rows, cols);
        MeanSquaredError loss = new MeanSquaredError();
        double mean = 0, square = 0;
        int draws = 200;
        for (int d = 0; d < draws; d++) {
            loss.sampleGradient(out, 5L + d, g);
            for (float v : g.data()) {
                mean += v;
                square += (double) v * v;
            }
        }
        int m = draws * n;
        mean /= m;
        double variance = square / m - mean * mean;
        double expected = 4.0 * (cols / 2.0) / ((double) n * n);   // (2σ/n)², σ² = cols/2
        assertThat(mean).isCloseTo(0, within(4 * Math.sqrt(expected / m)));
        assertThat(variance).isCloseTo(expected, within(0.05 * expected));
    }
}
