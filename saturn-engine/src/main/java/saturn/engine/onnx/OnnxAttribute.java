package saturn.engine.onnx;

import java.util.Objects;

/**
 * A node attribute, ONNX's {@code AttributeProto}: an int, a float, a list of ints or a
 * string. Build one with {@link #of(String, long)} and its siblings.
 */
public record OnnxAttribute(String name, Object value) {

    public OnnxAttribute {
        Objects.requireNonNull(name, "name");
        if (!(value instanceof Long || value instanceof Float || value instanceof long[] || value instanceof String)) {
            throw new IllegalArgumentException(name + ": an attribute is an int, a float, ints or a string");
        }
    }

    public static OnnxAttribute of(String name, long value) {
        return new OnnxAttribute(name, value);
    }

    public static OnnxAttribute of(String name, float value) {
        return new OnnxAttribute(name, value);
    }

    public static OnnxAttribute of(String name, long... values) {
        return new OnnxAttribute(name, values.clone());
    }

    public static OnnxAttribute of(String name, String value) {
        return new OnnxAttribute(name, value);
    }

    /**
     * The {@code AttributeProto}: name (1), the value in f (2), i (3), s (4) or ints (8), and
     * type (20: FLOAT 1, INT 2, STRING 3, INTS 7).
     */
    public ProtoWriter encode() {
        ProtoWriter w = new ProtoWriter().string(1, name);
        switch (value) {
            case Float f -> w.float32(2, f).int64(20, 1);
            case Long i -> w.int64(3, i).int64(20, 2);
            case String s -> w.string(4, s).int64(20, 3);
            case long[] ints -> {
                for (long v : ints) w.int64(8, v);   // proto2 repeated: unpacked
                w.int64(20, 7);
            }
            default -> throw new IllegalStateException();
        }
        return w;
    }
}
