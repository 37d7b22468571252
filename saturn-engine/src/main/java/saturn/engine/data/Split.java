package saturn.engine.data;

import java.util.Objects;

/** A training set and a test set of the same shape (features, classes, class names). */
public record Split(Dataset train, Dataset test) {

    public Split {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
        if (train.features() != test.features() || train.classes() != test.classes()
                || !train.classNames().equals(test.classNames())) {
            throw new IllegalArgumentException("train and test differ in shape: " + train + " vs " + test);
        }
    }

    /**
     * Holds out a seeded random {@code testFraction} of {@code all} as the test set (at least
     * one row on each side). The rows are permuted with a Fisher–Yates shuffle seeded by
     * {@code seed}, so the same seed gives the same split.
     */
    public static Split holdOut(Dataset all, double testFraction, long seed) {
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new DataException(all.name() + ": test fraction " + testFraction + " must be strictly between 0 and 1");
        }
        if (all.n() < 2) throw new DataException(all.name() + ": " + all.n() + " rows, cannot split into train and test");
        int n = all.n();
        int test = (int) Math.max(1, Math.min(n - 1, Math.round(n * testFraction)));
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        java.util.SplittableRandom rng = new java.util.SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        String source = all.source() + String.format(java.util.Locale.ROOT,
                ", %d train / %d test (seed %d)", n - test, test, seed);
        return new Split(rows(all, order, 0, n - test, source), rows(all, order, n - test, n, source));
    }

    private static Dataset rows(Dataset all, int[] order, int from, int to, String source) {
        int f = all.features();
        float[] x = new float[(to - from) * f];
        int[] y = new int[to - from];
        int w = all.targetWidth();
        float[] t = all.targets() == null ? null : new float[(to - from) * w];
        for (int i = from; i < to; i++) {
            System.arraycopy(all.x(), order[i] * f, x, (i - from) * f, f);
            y[i - from] = all.y()[order[i]];
            if (t != null) System.arraycopy(all.targets(), order[i] * w, t, (i - from) * w, w);
        }
        return new Dataset(all.name(), x, y, to - from, f, all.classes(), all.classNames(), all.values(), source, all.task(), t, all.stepFeatures());
    }

    /** Where the data came from (the training set's source; both halves share it). */
    public String source() {
        return train.source();
    }
}
