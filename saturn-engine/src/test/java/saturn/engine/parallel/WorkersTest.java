package saturn.engine.parallel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkersTest {

    @AfterEach
    void oneWorker() {
        Workers.use(1);
    }

    /**
     * Chunks {@code [0, n)} are cut into contiguous parts that cover them once, at most one
     * part per worker (and never more parts than chunks or than asked), part 0 on the caller
     * and each other part on its own thread.
     */
    @Test
    void chunksAreCutIntoContiguousPartsOneAWorker() {
        for (int workers : new int[] {1, 2, 3, 4, 7}) {
            Workers.use(workers);
            Workers pool = Workers.pool();
            assertThat(pool.size()).isEqualTo(workers);
            assertThat(pool.workerThreadIds()).hasSize(workers - 1);
            for (int chunks : new int[] {1, 2, 3, 5, 16, 1001}) {
                for (int max : new int[] {1, 2, Integer.MAX_VALUE}) {
                    List<int[]> parts = Collections.synchronizedList(new ArrayList<>());
                    Set<Thread> threads = ConcurrentHashMap.newKeySet();
                    Thread[] first = new Thread[1];
                    pool.run(chunks, max, (part, from, to) -> {
                        parts.add(new int[] {part, from, to});
                        threads.add(Thread.currentThread());
                        if (part == 0) first[0] = Thread.currentThread();
                    });
                    int expected = Math.min(Math.min(chunks, max), workers);
                    String what = workers + " workers, " + chunks + " chunks, at most " + max;
                    assertThat(parts).as(what).hasSize(expected);
                    assertThat(threads).as(what).hasSize(expected);
                    assertThat(first[0]).as(what).isSameAs(Thread.currentThread());
                    parts.sort((x, y) -> Integer.compare(x[0], y[0]));
                    int next = 0;
                    for (int p = 0; p < parts.size(); p++) {
                        assertThat(parts.get(p)[0]).as(what).isEqualTo(p);
                        assertThat(parts.get(p)[1]).as(what).isEqualTo(next);
                        assertThat(parts.get(p)[2]).as(what).isGreaterThan(next);
                        next = parts.get(p)[2];
                    }
                    assertThat(next).as(what).isEqualTo(chunks);
                }
            }
        }
    }

    /** A part's failure reaches the caller once every part has ended; the pool works on afterwards. */
    @Test
    void aPartsFailureIsRethrownAndThePoolStaysUsable() {
        Workers.use(3);
        Workers pool = Workers.pool();
        assertThatThrownBy(() -> pool.run(3, (part, from, to) -> {
            if (part == 2) throw new IllegalStateException("part 2 failed");
        })).hasMessage("part 2 failed");
        int[] count = new int[3];
        pool.run(3, (part, from, to) -> count[part]++);
        assertThat(count).containsExactly(1, 1, 1);
    }

    /** Work started from inside a part runs whole on that part's thread. */
    @Test
    void nestedWorkRunsWholeOnThePartsThread() {
        Workers.use(2);
        Workers pool = Workers.pool();
        Thread[][] inner = new Thread[2][];
        int[][] ranges = new int[2][];
        pool.run(2, (outer, f, t) -> {
            Thread[] seen = new Thread[1];
            pool.run(8, (part, from, to) -> {
                seen[0] = Thread.currentThread();
                ranges[outer] = new int[] {part, from, to};
            });
            inner[outer] = seen;
        });
        for (int o = 0; o < 2; o++) assertThat(ranges[o]).containsExactly(0, 0, 8);
        assertThat(inner[0][0]).isSameAs(Thread.currentThread());
        assertThat(inner[1][0]).isNotSameAs(Thread.currentThread());
    }

    /** Every part knows it is inside one, on one worker as on three (work started there runs whole); the caller after it does not. */
    @Test
    void partsKnowTheyAreInsideOnAnyNumberOfWorkers() {
        for (int workers : new int[] {1, 3}) {
            Workers.use(workers);
            boolean[] seen = new boolean[3];
            java.util.Arrays.fill(seen, false);
            Workers.pool().run(3, (part, from, to) -> {
                for (int c = from; c < to; c++) seen[c] = Workers.inside();
            });
            assertThat(seen).as("%d workers", workers).containsOnly(true);
            assertThat(Workers.inside()).isFalse();
        }
    }

    @Test
    void aPoolNeedsAtLeastOneWorker() {
        assertThatThrownBy(() -> Workers.use(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
