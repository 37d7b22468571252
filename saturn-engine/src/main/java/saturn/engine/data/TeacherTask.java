package saturn.engine.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * {@code synthetic:teacher}: inputs {@code x ~ N(0, 1)^d}, labels from a fixed random
 * teacher network {@code argmax(W2 tanh(W1 x))} with {@code W1 ~ N(0, 1/d)} of shape
 * {@code [hidden, d]} and {@code W2 ~ N(0, 1/hidden)} of shape {@code [classes, hidden]}.
 * The teacher comes from the seed, then train and test inputs from the same stream, so a
 * seed fixes the whole task. The label is exactly a function of the input (no label
 * noise): a student as wide as the teacher can reach 100%.
 *
 * <p>Parameters: {@code n} training points (4000), {@code test} (1000), {@code d} input
 * dimension (20), {@code hidden} teacher width (32), {@code classes} (4), {@code seed} (1).
 */
public final class TeacherTask {

    static final Set<String> KEYS = Set.of("n", "test", "d", "hidden", "classes", "seed");

    private TeacherTask() {
    }

    public static Split fromSpec(DataSpec spec) {
        spec.requireOnly(KEYS);
        return generate(spec.integer("n", 4000, 1, 10_000_000), spec.integer("test", 1000, 1, 10_000_000),
                spec.integer("d", 20, 1, 100_000), spec.integer("hidden", 32, 1, 100_000),
                spec.integer("classes", 4, 2, 1000), spec.seed("seed", 1));
    }

    public static Split generate(int n, int test, int d, int hidden, int classes, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] w1 = gaussian(rng, hidden * d, 1.0 / Math.sqrt(d));
        double[] w2 = gaussian(rng, classes * hidden, 1.0 / Math.sqrt(hidden));
        List<String> names = new ArrayList<>();
        for (int c = 0; c < classes; c++) names.add("class " + c);
        String source = String.format(java.util.Locale.ROOT,
                "synthetic teacher task (d %d, teacher width %d, %d classes, seed %d), generated", d, hidden, classes, seed);
        Dataset train = sample(n, d, hidden, classes, w1, w2, rng, names, source);
        Dataset testSet = sample(test, d, hidden, classes, w1, w2, rng, names, source);
        return new Split(train, testSet);
    }

    private static Dataset sample(int n, int d, int hidden, int classes, double[] w1, double[] w2,
                                  SplittableRandom rng, List<String> names, String source) {
        float[] x = new float[n * d];
        int[] y = new int[n];
        double[] h = new double[hidden];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) x[i * d + k] = (float) rng.nextGaussian();
            for (int j = 0; j < hidden; j++) {
                double s = 0;
                for (int k = 0; k < d; k++) s += w1[j * d + k] * x[i * d + k];
                h[j] = Math.tanh(s);
            }
            int best = 0;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                double s = 0;
                for (int j = 0; j < hidden; j++) s += w2[c * hidden + j] * h[j];
                if (s > bestScore) {
                    bestScore = s;
                    best = c;
                }
            }
            y[i] = best;
        }
        return new Dataset("synthetic:teacher", x, y, n, d, classes, names, Dataset.Values.REAL, source);
    }

    private static double[] gaussian(SplittableRandom rng, int size, double std) {
        double[] w = new double[size];
        for (int i = 0; i < size; i++) w[i] = std * rng.nextGaussian();
        return w;
    }
}
