package saturn.engine.init;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class InitializersTest {

    private static final int N = 200_000;

    private static double[] meanVar(Initializer init, int fanIn, int fanOut, long seed) {
        float[] w = new float[N];
        init.fill(w, fanIn, fanOut, new SplittableRandom(seed));
        double s1 = 0, s2 = 0;
        for (float v : w) {
            s1 += v;
            s2 += (double) v * v;
        }
        double mean = s1 / N;
        return new double[] {mean, s2 / N - mean * mean};
    }

    /** Variance within 2% (the standard error of a variance estimate over 2e5 draws is ~0.3%). */
    private static void assertVariance(Initializer init, int fanIn, int fanOut, double expected) {
        double[] mv = meanVar(init, fanIn, fanOut, 12345);
        assertThat(mv[1]).as("variance").isCloseTo(expected, within(0.02 * expected));
        assertThat(mv[0]).as("mean").isCloseTo(0, within(5 * Math.sqrt(expected / N)));
    }

    @Test
    void variancesMatchTheirDefinitions() {
        assertVariance(Initializers.gaussian(1.7), 50, 10, 1.7 / 50);
        assertVariance(Initializers.uniform(1.7), 50, 10, 1.7 / 50);
        assertVariance(Initializers.xavierNormal(), 30, 70, 2.0 / 100);
        assertVariance(Initializers.xavierUniform(), 30, 70, 2.0 / 100);
        assertVariance(Initializers.he(), 64, 8, 2.0 / 64);
        assertVariance(Initializers.lecun(), 64, 8, 1.0 / 64);
        assertVariance(Initializers.normalStd(0.3), 64, 8, 0.09);
    }

    @Test
    void uniformStaysWithinItsLimit() {
        float[] w = new float[10_000];
        Initializers.xavierUniform().fill(w, 30, 70, new SplittableRandom(1));
        double limit = Math.sqrt(6.0 / 100);
        for (float v : w) assertThat(Math.abs(v)).isLessThanOrEqualTo((float) limit);
    }

    @Test
    void sameSeedSameWeights() {
        float[] a = new float[1000];
        float[] b = new float[1000];
        float[] c = new float[1000];
        Initializers.gaussian(1).fill(a, 10, 10, new SplittableRandom(5));
        Initializers.gaussian(1).fill(b, 10, 10, new SplittableRandom(5));
        Initializers.gaussian(1).fill(c, 10, 10, new SplittableRandom(6));
        assertThat(a).isEqualTo(b);
        assertThat(a).isNotEqualTo(c);
    }

    @Test
    void zerosAndTheHeScheme() {
        float[] w = {1, 2, 3};
        Initializers.zeros().fill(w, 3, 1, new SplittableRandom(0));
        assertThat(w).containsOnly(0f);
        assertVariance(InitScheme.HE.initializer(0), 32, 4, 2.0 / 32);
    }
}
