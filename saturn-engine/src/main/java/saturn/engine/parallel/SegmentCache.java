package saturn.engine.parallel;

import java.lang.foreign.MemorySegment;
import java.lang.ref.WeakReference;

/**
 * Heap segments of float arrays at offsets, kept for reuse: the FFM API allocates a new
 * segment for every slice at a non-zero offset (C2 does not scalar-replace it), and the
 * second half of a split GEMM needs up to three per call. A training step uses the same
 * arrays at the same offsets every time, so after the first step every lookup hits and
 * nothing is allocated. Open addressing on (array identity, offset), linear probing, grown
 * (dropping dead entries) when half full: an earlier direct-mapped table thrashed whenever
 * two of a step's pairs hashed to one slot (identity hashes differ from run to run: 352 B a
 * step in some runs only) and had fewer slots than a deep model has pairs. Arrays and
 * segments are held weakly, so the cache keeps no model alive: a garbage collection may
 * clear entries, which are then made again. Not thread-safe: one thread uses an instance.
 */
final class SegmentCache {

    private static final class Entry {
        final WeakReference<float[]> array;
        final int offset;
        WeakReference<MemorySegment> segment;

        Entry(float[] array, int offset, MemorySegment segment) {
            this.array = new WeakReference<>(array);
            this.offset = offset;
            this.segment = new WeakReference<>(segment);
        }
    }

    private Entry[] table = new Entry[1024];
    private int size;

    /** The segment of {@code x} from element {@code offset} to its end. */
    MemorySegment at(float[] x, int offset) {
        Entry[] t = table;
        int mask = t.length - 1;
        int stale = -1;
        int i = slot(x, offset, mask);
        for (Entry e; (e = t[i]) != null; i = (i + 1) & mask) {
            float[] a = e.array.get();
            if (a == x && e.offset == offset) {
                MemorySegment s = e.segment.get();
                if (s == null) e.segment = new WeakReference<>(s = slice(x, offset));
                return s;
            }
            if (a == null && stale < 0) stale = i;
        }
        MemorySegment s = slice(x, offset);
        if (stale >= 0) {
            t[stale] = new Entry(x, offset, s);              // a dead array's slot: the probe chains stay intact
        } else {
            t[i] = new Entry(x, offset, s);
            if (++size > t.length / 2) grow();
        }
        return s;
    }

    int size() {
        return size;
    }

    private static MemorySegment slice(float[] x, int offset) {
        return MemorySegment.ofArray(x).asSlice((long) offset * Float.BYTES);
    }

    private static int slot(float[] x, int offset, int mask) {
        int h = System.identityHashCode(x) * 0x9E3779B9 + offset * 0x85EBCA6B;
        return (h ^ (h >>> 16)) & mask;
    }

    /** Twice the slots, the live entries only. */
    private void grow() {
        Entry[] old = table;
        Entry[] t = new Entry[old.length * 2];
        int mask = t.length - 1;
        int live = 0;
        for (Entry e : old) {
            if (e == null) continue;
            float[] a = e.array.get();
            if (a == null) continue;
            int i = slot(a, e.offset, mask);
            while (t[i] != null) i = (i + 1) & mask;
            t[i] = e;
            live++;
        }
        table = t;
        size = live;
    }
}
