package saturn.engine.parallel;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class SegmentCacheTest {

    /**
     * More (array, offset) pairs than a deep model's step uses, each looked up twice: the
     * second lookup returns the very segment of the first (nothing made again, whatever the
     * identity hashes), and every segment starts at its pair's element.
     */
    @Test
    void everyPairFindsItsOwnSegmentAgain() {
        SegmentCache cache = new SegmentCache();
        int arrays = 3000;
        float[][] xs = new float[arrays][];
        for (int a = 0; a < arrays; a++) {
            xs[a] = new float[40];
            for (int i = 0; i < 40; i++) xs[a][i] = a * 100 + i;
        }
        int[] offsets = {1, 7, 33};
        List<MemorySegment> first = new ArrayList<>();   // held here: the cache's references are weak
        for (float[] x : xs) for (int off : offsets) first.add(cache.at(x, off));
        assertThat(cache.size()).isEqualTo(arrays * offsets.length);
        int k = 0;
        for (int a = 0; a < arrays; a++) {
            for (int off : offsets) {
                MemorySegment s = cache.at(xs[a], off);
                assertThat(s).isSameAs(first.get(k++));
                assertThat(s.get(ValueLayout.JAVA_FLOAT, 0)).isEqualTo(a * 100f + off);
                assertThat(s.byteSize()).isEqualTo((40L - off) * Float.BYTES);
            }
        }
        assertThat(cache.size()).isEqualTo(arrays * offsets.length);
    }
}
