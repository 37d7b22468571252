package saturn.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class BatchIteratorTest {

    /** Row i has features (i, -i) and label i % 3, so a batch row tells which row it was. */
    private static Dataset rows(int n) {
        float[] x = new float[2 * n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            x[2 * i] = i;
            x[2 * i + 1] = -i;
            y[i] = i % 3;
        }
        return new Dataset("rows", x, y, n, 2, 3, List.of("a", "b", "c"), Dataset.Values.REAL, "test");
    }

    private static int[] epochRows(BatchIterator it, int epoch) {
        it.startEpoch(epoch);
        int[] seen = new int[0];
        float[] bx = new float[it.batchSize() * 2];
        int[] by = new int[it.batchSize()];
        int rows;
        while ((rows = it.next(bx, by)) > 0) {
            int at = seen.length;
            seen = Arrays.copyOf(seen, at + rows);
            for (int r = 0; r < rows; r++) {
                int row = (int) bx[2 * r];
                assertThat(bx[2 * r + 1]).isEqualTo(-row);
                assertThat(by[r]).isEqualTo(row % 3);
                seen[at + r] = row;
            }
        }
        return seen;
    }

    @Property(tries = 60)
    void everyRowOncePerEpoch(@ForAll @IntRange(min = 1, max = 300) int n,
                              @ForAll @IntRange(min = 1, max = 64) int batch,
                              @ForAll long seed, @ForAll @IntRange(min = 0, max = 1000) int epoch) {
        BatchIterator it = new BatchIterator(rows(n), batch, seed);
        int[] seen = epochRows(it, epoch);
        int[] sorted = seen.clone();
        Arrays.sort(sorted);
        int[] identity = new int[n];
        Arrays.setAll(identity, i -> i);
        assertThat(sorted).isEqualTo(identity);
        assertThat(it.batchesPerEpoch()).isEqualTo((n + batch - 1) / batch);
    }

    @Test
    void lastPartialBatchIsKept() {
        BatchIterator it = new BatchIterator(rows(10), 4, 1);
        it.startEpoch(0);
        float[] bx = new float[8];
        int[] by = new int[4];
        assertThat(it.next(bx, by)).isEqualTo(4);
        assertThat(it.next(bx, by)).isEqualTo(4);
        assertThat(it.hasNext()).isTrue();
        assertThat(it.next(bx, by)).isEqualTo(2);
        assertThat(it.hasNext()).isFalse();
        assertThat(it.next(bx, by)).isZero();
    }

    @Test
    void orderDependsOnlyOnSeedAndEpoch() {
        Dataset d = rows(100);
        BatchIterator a = new BatchIterator(d, 7, 42);
        BatchIterator b = new BatchIterator(d, 7, 42);
        epochRows(a, 0);
        epochRows(a, 1);
        int[] a2 = epochRows(a, 2);
        int[] b2 = epochRows(b, 2);             // b jumps straight to epoch 2
        assertThat(a2).isEqualTo(b2);
        assertThat(epochRows(b, 3)).isNotEqualTo(a2);                              // epochs differ
        assertThat(epochRows(new BatchIterator(d, 7, 43), 2)).isNotEqualTo(a2);    // seeds differ
        int[] identity = new int[100];
        Arrays.setAll(identity, i -> i);
        assertThat(a2).isNotEqualTo(identity);                                     // actually shuffled
        assertThat(epochRows(BatchIterator.sequential(d, 7), 5)).isEqualTo(identity);
    }

    @Test
    void seekResumesMidEpoch() {
        Dataset d = rows(50);
        int[] whole = epochRows(new BatchIterator(d, 8, 9), 4);
        BatchIterator resumed = new BatchIterator(d, 8, 9);
        resumed.startEpoch(4);
        resumed.seek(3);
        assertThat(resumed.position()).isEqualTo(3);
        float[] bx = new float[16];
        int[] by = new int[8];
        assertThat(resumed.next(bx, by)).isEqualTo(8);
        for (int r = 0; r < 8; r++) assertThat((int) bx[2 * r]).isEqualTo(whole[24 + r]);
    }

    @Test
    void noAllocationPerBatch() {
        Dataset d = rows(2000);
        BatchIterator it = new BatchIterator(d, 32, 3);
        float[] bx = new float[64];
        int[] by = new int[32];
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int warm = 0; warm < 3; warm++) {
            it.startEpoch(warm);
            while (it.next(bx, by) > 0) {
                // warm up
            }
        }
        long tid = Thread.currentThread().threadId();
        it.startEpoch(7);
        long before = mx.getThreadAllocatedBytes(tid);
        int batches = 0;
        while (it.next(bx, by) > 0) batches++;
        long allocated = mx.getThreadAllocatedBytes(tid) - before;
        assertThat(batches).isEqualTo(63);
        // one epoch of 63 batches: a per-batch copy of 32 rows (>= 256 bytes each) would exceed this
        assertThat(allocated).isLessThan(1024);
    }

    @Test
    void misuseFailsClearly() {
        BatchIterator it = new BatchIterator(rows(5), 4, 0);
        assertThatThrownBy(() -> it.next(new float[8], new int[4])).hasMessageContaining("startEpoch");
        it.startEpoch(0);
        assertThatThrownBy(() -> it.next(new float[7], new int[4])).hasMessageContaining("too small");
        assertThatThrownBy(() -> new BatchIterator(rows(5), 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
