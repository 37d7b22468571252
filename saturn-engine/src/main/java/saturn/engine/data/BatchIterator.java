package saturn.engine.data;

import java.util.Objects;

/**
 * Mini-batches over a data set, one epoch at a time, copied into caller-owned reusable
 * arrays: no allocation per batch (nor per epoch).
 *
 * <p>Order: at {@link #startEpoch(int)} the row indices are shuffled by a Fisher–Yates
 * pass, starting from the identity, driven by a SplitMix64 stream seeded with
 * {@code (seed, epoch)}. The order of an epoch therefore depends only on the seed and the
 * epoch number, not on what ran before, so a run resumed at (epoch, batch) through
 * {@link #startEpoch} and {@link #seek} sees exactly the batches it would have seen.
 * A sequential iterator (no shuffle) serves evaluation.
 *
 * <p>Last batch: kept. When {@code n} is not a multiple of the batch size, the epoch's
 * last batch holds the {@code n % batchSize} remaining rows; {@link #next} returns how many
 * rows it filled, so every row is seen exactly once per epoch.
 */
public final class BatchIterator {

    private final Dataset data;
    private final int batchSize;
    private final long seed;
    private final boolean shuffle;
    private final int[] order;
    private int epoch = -1;
    private int cursor;

    /** A shuffling iterator; call {@link #startEpoch(int)} before the first batch. */
    public BatchIterator(Dataset data, int batchSize, long seed) {
        this(data, batchSize, seed, true);
    }

    private BatchIterator(Dataset data, int batchSize, long seed, boolean shuffle) {
        this.data = Objects.requireNonNull(data, "data");
        if (batchSize <= 0) throw new IllegalArgumentException("batch size " + batchSize + " must be positive");
        if (data.n() == 0) throw new DataException(data.name() + ": no rows to iterate over");
        this.batchSize = batchSize;
        this.seed = seed;
        this.shuffle = shuffle;
        this.order = new int[data.n()];
    }

    /** Rows in file order, for evaluation; call {@link #startEpoch(int)} (any epoch) first. */
    public static BatchIterator sequential(Dataset data, int batchSize) {
        return new BatchIterator(data, batchSize, 0, false);
    }

    public int batchSize() {
        return batchSize;
    }

    /** Batches per epoch, counting the last partial one. */
    public int batchesPerEpoch() {
        return (data.n() + batchSize - 1) / batchSize;
    }

    /** Prepares epoch {@code epoch} (0-based): its order, and the position at its first batch. */
    public void startEpoch(int epoch) {
        if (epoch < 0) throw new IllegalArgumentException("epoch " + epoch + " must be >= 0");
        for (int i = 0; i < order.length; i++) order[i] = i;
        if (shuffle) {
            long state = seed * 0x9E3779B97F4A7C15L + epoch * 0xC2B2AE3D27D4EB4FL + 0x165667B19E3779F9L;
            for (int i = order.length - 1; i > 0; i--) {
                state += 0x9E3779B97F4A7C15L;
                int j = bounded(mix(state), i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        this.epoch = epoch;
        this.cursor = 0;
    }

    /** Moves to batch {@code batch} of the current epoch (to resume a run mid-epoch). */
    public void seek(int batch) {
        requireEpoch();
        Objects.checkIndex(batch, batchesPerEpoch() + 1);
        cursor = batch * batchSize;
    }

    /** The epoch being iterated, or -1 before {@link #startEpoch}. */
    public int epoch() {
        return epoch;
    }

    /** Index of the next batch within the epoch. */
    public int position() {
        return cursor / batchSize;
    }

    public boolean hasNext() {
        requireEpoch();
        return cursor < order.length;
    }

    /**
     * Copies the next batch into {@code x} (at least {@code batchSize * features} floats) and
     * {@code labels} (at least {@code batchSize} ints), and returns the number of rows
     * filled: {@code batchSize}, fewer for the last batch, 0 when the epoch is over.
     */
    public int next(float[] x, int[] labels) {
        return next(x, labels, null);
    }

    /**
     * {@link #next(float[], int[])}, also copying each row's {@link Dataset#targets() targets}
     * into {@code targets} (at least {@code batchSize × targetWidth} floats) when it is not null.
     */
    public int next(float[] x, int[] labels, float[] targets) {
        requireEpoch();
        int f = data.features();
        if (x.length < batchSize * f || labels.length < batchSize) {
            throw new IllegalArgumentException("batch arrays too small: " + x.length + " floats and " + labels.length
                    + " labels for " + batchSize + " rows of " + f);
        }
        int rows = Math.min(batchSize, order.length - cursor);
        float[] src = data.x();
        int[] y = data.y();
        for (int r = 0; r < rows; r++) {
            int row = order[cursor + r];
            System.arraycopy(src, row * f, x, r * f, f);
            labels[r] = y[row];
        }
        if (targets != null) {
            int w = data.targetWidth();
            for (int r = 0; r < rows; r++) System.arraycopy(data.targets(), order[cursor + r] * w, targets, r * w, w);
        }
        cursor += rows;
        return rows;
    }

    /** The row order of the current epoch, copied (for tests and logs). */
    public int[] order() {
        requireEpoch();
        return order.clone();
    }

    private void requireEpoch() {
        if (epoch < 0) throw new IllegalStateException("call startEpoch(epoch) first");
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** In [0, bound): the top 32 random bits times bound, divided by 2^32 (bias below bound / 2^32). */
    private static int bounded(long bits, int bound) {
        return (int) (((bits >>> 32) * bound) >>> 32);
    }
}
