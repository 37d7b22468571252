package saturn.engine.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The long-memory benchmarks of recurrent networks, generated from a seed (train and test
 * from one stream, so a seed fixes the task). Inputs are already encoded for the task
 * ({@link Dataset.Values#ENCODED}: preprocessing leaves them as they are).
 *
 * <ul>
 *   <li>{@code synthetic:adding?T=…} — the adding problem (Hochreiter &amp; Schmidhuber 1997, in
 *       the protocol of Le, Jaitly &amp; Hinton 2015 and Arjovsky, Shah &amp; Bengio 2016): T steps
 *       of two inputs, a value drawn from U(0, 1) and a marker, 1 at one step of the first half
 *       and one of the second, 0 elsewhere; the target is the sum of the two marked values
 *       (regression). Answering 1 whatever the input scores an MSE of Var(U₁ + U₂) = 1/6 ≈ 0.167.
 *       Parameters: {@code T} (750), {@code n} (100000), {@code test} (10000), {@code seed} (1).</li>
 *   <li>{@code synthetic:copy?T=…} — the copy-memory task (Hochreiter &amp; Schmidhuber 1997, in
 *       the protocol of Arjovsky et al. 2016): T + 20 steps of one symbol of 10, one-hot; 10
 *       symbols drawn from 1..8, then T − 1 blanks (0), the delimiter (9) and 10 blanks; the
 *       targets are blanks for the first T + 10 steps, then the 10 symbols (a class per step).
 *       Answering blanks and then symbols at random scores a cross-entropy of
 *       10·ln 8 / (T + 20) per step. Parameters: {@code T} (100), {@code n} (20000),
 *       {@code test} (2000), {@code seed} (1).</li>
 * </ul>
 */
public final class SequenceTasks {

    static final Set<String> KEYS = Set.of("T", "n", "test", "seed");
    /** Symbols of the copy task: blank, eight data symbols, delimiter. */
    public static final int COPY_SYMBOLS = 10;
    /** Symbols to remember in the copy task. */
    public static final int COPY_LENGTH = 10;

    private SequenceTasks() {
    }

    public static Split adding(DataSpec spec) {
        spec.requireOnly(KEYS);
        int steps = spec.integer("T", 750, 2, 100_000);
        int n = spec.integer("n", 100_000, 1, 10_000_000), test = spec.integer("test", 10_000, 1, 10_000_000);
        checkSize(spec, (long) (n + test) * 2 * steps);
        long seed = spec.seed("seed", 1);
        SplittableRandom rng = new SplittableRandom(seed);
        String source = String.format(Locale.ROOT, "synthetic adding problem (T %d, seed %d; answering 1 scores MSE 0.167), generated",
                steps, seed);
        return new Split(adding(n, steps, rng, source), adding(test, steps, rng, source));
    }

    private static Dataset adding(int n, int steps, SplittableRandom rng, String source) {
        float[] x = new float[n * 2 * steps];
        float[] t = new float[n];
        int half = steps / 2;
        for (int i = 0; i < n; i++) {
            int o = i * 2 * steps;
            for (int s = 0; s < steps; s++) x[o + 2 * s] = (float) rng.nextDouble();
            int first = rng.nextInt(half), second = half + rng.nextInt(steps - half);
            x[o + 2 * first + 1] = 1f;
            x[o + 2 * second + 1] = 1f;
            t[i] = x[o + 2 * first] + x[o + 2 * second];
        }
        return new Dataset("synthetic:adding", x, new int[n], n, 2 * steps, 1, List.of("sum"), Dataset.Values.ENCODED, source,
                Dataset.Task.REGRESSION, t, 2);
    }

    public static Split copy(DataSpec spec) {
        spec.requireOnly(KEYS);
        int delay = spec.integer("T", 100, 1, 100_000);
        int n = spec.integer("n", 20_000, 1, 10_000_000), test = spec.integer("test", 2_000, 1, 10_000_000);
        int steps = delay + 2 * COPY_LENGTH;
        checkSize(spec, (long) (n + test) * steps * COPY_SYMBOLS);
        long seed = spec.seed("seed", 1);
        SplittableRandom rng = new SplittableRandom(seed);
        String source = String.format(Locale.ROOT, "synthetic copy-memory task (T %d, %d steps, seed %d; the memoryless "
                + "answer scores cross-entropy %.4f a step), generated", delay, steps, seed,
                COPY_LENGTH * Math.log(8) / steps);
        return new Split(copy(n, delay, rng, source), copy(test, delay, rng, source));
    }

    private static Dataset copy(int n, int delay, SplittableRandom rng, String source) {
        int steps = delay + 2 * COPY_LENGTH;
        float[] x = new float[n * steps * COPY_SYMBOLS];
        float[] t = new float[n * steps];
        int[] symbols = new int[steps];
        for (int i = 0; i < n; i++) {
            java.util.Arrays.fill(symbols, 0);
            for (int s = 0; s < COPY_LENGTH; s++) {
                int v = 1 + rng.nextInt(8);
                symbols[s] = v;
                t[i * steps + delay + COPY_LENGTH + s] = v;
            }
            symbols[COPY_LENGTH + delay - 1] = 9;
            for (int s = 0; s < steps; s++) x[(i * steps + s) * COPY_SYMBOLS + symbols[s]] = 1f;
        }
        List<String> names = new ArrayList<>();
        names.add("blank");
        for (int v = 1; v <= 8; v++) names.add("symbol " + v);
        names.add("delimiter");
        return new Dataset("synthetic:copy", x, new int[n], n, steps * COPY_SYMBOLS, COPY_SYMBOLS, names,
                Dataset.Values.ENCODED, source, Dataset.Task.STEP_CLASSES, t, COPY_SYMBOLS);
    }

    private static void checkSize(DataSpec spec, long floats) {
        if (floats > Integer.MAX_VALUE - 8) {
            throw new DataException(spec.base() + ": " + floats + " input values do not fit one array; lower n, test or T");
        }
    }
}
