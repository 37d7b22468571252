package saturn.engine.onnx;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The protocol-buffer wire format, written field by field into a growing byte array: varints
 * (wire type 0), 32-bit little-endian values (type 5) and length-delimited fields (type 2:
 * strings, bytes, nested messages, packed repeated scalars). Fields appear in the order they
 * are written; a reader takes them in any order.
 */
public final class ProtoWriter {

    static final int VARINT = 0;
    static final int FIXED32 = 5;
    static final int LENGTH_DELIMITED = 2;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** Appends {@code value} as a base-128 varint: 7 bits a byte, low groups first; negative values take 10 bytes. */
    public ProtoWriter varint(long value) {
        while ((value & ~0x7FL) != 0) {
            out.write((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
        return this;
    }

    /** The key of a field: {@code (number << 3) | wireType}, as a varint. */
    public ProtoWriter tag(int field, int wireType) {
        if (field <= 0) throw new IllegalArgumentException("field numbers start at 1: " + field);
        return varint(((long) field << 3) | wireType);
    }

    /** An int32, int64 or enum field. */
    public ProtoWriter int64(int field, long value) {
        return tag(field, VARINT).varint(value);
    }

    /** A float field: four bytes, little-endian IEEE 754. */
    public ProtoWriter float32(int field, float value) {
        tag(field, FIXED32);
        int bits = Float.floatToRawIntBits(value);
        for (int k = 0; k < 4; k++) out.write(bits >>> (8 * k));
        return this;
    }

    public ProtoWriter bytes(int field, byte[] value) {
        tag(field, LENGTH_DELIMITED).varint(value.length);
        out.writeBytes(value);
        return this;
    }

    /** A string field, UTF-8. */
    public ProtoWriter string(int field, String value) {
        return bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }

    /** A nested message field: the message's bytes, length-delimited. */
    public ProtoWriter message(int field, ProtoWriter message) {
        return bytes(field, message.toByteArray());
    }

    /** A packed repeated int64 field: one length-delimited run of varints (nothing for an empty array). */
    public ProtoWriter packedInt64(int field, long[] values) {
        if (values.length == 0) return this;
        ProtoWriter run = new ProtoWriter();
        for (long v : values) run.varint(v);
        return bytes(field, run.toByteArray());
    }

    /** A packed repeated float field (nothing for an empty array). */
    public ProtoWriter packedFloat(int field, float[] values) {
        if (values.length == 0) return this;
        tag(field, LENGTH_DELIMITED).varint(4L * values.length);
        out.writeBytes(LittleEndian.floats(values));
        return this;
    }

    public byte[] toByteArray() {
        return out.toByteArray();
    }

    public int size() {
        return out.size();
    }
}
