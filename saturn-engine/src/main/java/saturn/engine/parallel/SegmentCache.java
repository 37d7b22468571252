package saturn.engine.parallel;

import java.lang.foreign.MemorySegment;
import java.lang.ref.WeakReference;

/**
 * Heap segments of float arrays at offsets, kept for reuse: the FFM API allocates a new
 * segment for every slice at a non-zero offset (C2 does not scalar-replace it), and the
 * second half of a split GEMM needs three per call. A training step uses the same arrays at
 * the same offsets every time, so after the first step every lookup hits and nothing is
 * allocated. Direct-mapped on (array identity, offset); arrays and segments are held weakly,
 * so the cache keeps no model alive: a garbage collection may clear entries, which are then
 * made again. Not thread-safe: one thread uses an instance.
 */
final class SegmentCache {

    private static final int SLOTS = 4096;

    private static final class Entry {
        WeakReference<float[]> array;
        int offset;
        WeakReference<MemorySegment> segment;
    }

    private final Entry[] table = new Entry[SLOTS];

    /** The segment of {@code x} from element {@code offset} to its end. */
    MemorySegment at(float[] x, int offset) {
        int slot = (System.identityHashCode(x) * 31 + offset) & (SLOTS - 1);
        Entry e = table[slot];
        if (e != null && e.offset == offset && e.array.get() == x) {
            MemorySegment s = e.segment.get();
            if (s != null) return s;
        }
        if (e == null) table[slot] = e = new Entry();
        MemorySegment s = MemorySegment.ofArray(x).asSlice((long) offset * Float.BYTES);
        e.array = new WeakReference<>(x);
        e.offset = offset;
        e.segment = new WeakReference<>(s);
        return s;
    }
}
