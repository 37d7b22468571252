package saturn.engine.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * {@code synthetic:spirals}: K interleaved spiral arms in the plane, one class per arm.
 * A point of arm {@code c} at position {@code t ~ U(0, 1)} along the arm lies at radius
 * {@code t} and angle {@code 2π (turns·t + c/K)}, plus isotropic Gaussian noise of
 * standard deviation {@code noise}. Train and test points are drawn i.i.d. from one seeded
 * stream, classes chosen uniformly.
 *
 * <p>Parameters: {@code n} training points (2000), {@code test} test points (500),
 * {@code classes} arms (2), {@code noise} (0.05), {@code turns} (1.0), {@code seed} (1).
 */
public final class Spirals {

    static final Set<String> KEYS = Set.of("n", "test", "classes", "noise", "turns", "seed");

    private Spirals() {
    }

    public static Split fromSpec(DataSpec spec) {
        spec.requireOnly(KEYS);
        return generate(spec.integer("n", 2000, 1, 10_000_000), spec.integer("test", 500, 1, 10_000_000),
                spec.integer("classes", 2, 2, 1000), spec.real("noise", 0.05, 0, 100),
                spec.real("turns", 1.0, 0, 100), spec.seed("seed", 1));
    }

    public static Split generate(int n, int test, int classes, double noise, double turns, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<String> names = new ArrayList<>();
        for (int c = 0; c < classes; c++) names.add("arm " + c);
        String source = String.format(java.util.Locale.ROOT,
                "synthetic %d-arm spirals (noise %s, turns %s, seed %d), generated", classes, noise, turns, seed);
        Dataset train = sample("synthetic:spirals", n, classes, noise, turns, rng, names, source);
        Dataset testSet = sample("synthetic:spirals", test, classes, noise, turns, rng, names, source);
        return new Split(train, testSet);
    }

    private static Dataset sample(String name, int n, int classes, double noise, double turns, SplittableRandom rng,
                                  List<String> names, String source) {
        float[] x = new float[2 * n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int c = rng.nextInt(classes);
            double t = rng.nextDouble();
            double angle = 2 * Math.PI * (turns * t + (double) c / classes);
            x[2 * i] = (float) (t * Math.cos(angle) + noise * rng.nextGaussian());
            x[2 * i + 1] = (float) (t * Math.sin(angle) + noise * rng.nextGaussian());
            y[i] = c;
        }
        return new Dataset(name, x, y, n, 2, classes, names, Dataset.Values.REAL, source);
    }
}
