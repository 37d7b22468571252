package saturn.engine.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Arrays as the little-endian bytes of ONNX's {@code raw_data}. */
final class LittleEndian {

    private LittleEndian() {
    }

    static byte[] floats(float[] values) {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return b.array();
    }

    static byte[] longs(long[] values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(values);
        return b.array();
    }
}
