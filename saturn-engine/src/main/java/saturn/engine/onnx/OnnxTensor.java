package saturn.engine.onnx;

import java.util.Objects;

/**
 * An initializer: ONNX's {@code TensorProto} with its values in {@code raw_data}
 * (little-endian), float32 or int64.
 *
 * @param name     the value's name in the graph
 * @param dims     the shape; empty for a scalar
 * @param dataType {@link #FLOAT} or {@link #INT64}
 * @param raw      the values, little-endian, row-major
 */
public record OnnxTensor(String name, long[] dims, int dataType, byte[] raw) {

    /** {@code TensorProto.DataType.FLOAT}. */
    public static final int FLOAT = 1;
    /** {@code TensorProto.DataType.INT64}. */
    public static final int INT64 = 7;

    public OnnxTensor {
        Objects.requireNonNull(name, "name");
        long n = 1;
        for (long d : dims) n *= d;
        int width = dataType == FLOAT ? 4 : dataType == INT64 ? 8 : -1;
        if (width < 0) throw new IllegalArgumentException("data type " + dataType + " is not float or int64");
        if (raw.length != n * width) {
            throw new IllegalArgumentException(name + ": " + raw.length + " bytes for " + n + " values of " + width + " bytes");
        }
        dims = dims.clone();
    }

    public static OnnxTensor floats(String name, float[] values, long... dims) {
        return new OnnxTensor(name, dims, FLOAT, LittleEndian.floats(values));
    }

    public static OnnxTensor longs(String name, long[] values, long... dims) {
        return new OnnxTensor(name, dims, INT64, LittleEndian.longs(values));
    }

    /** The {@code TensorProto}: dims (1, packed), data_type (2), name (8), raw_data (9). */
    public ProtoWriter encode() {
        return new ProtoWriter().packedInt64(1, dims).int64(2, dataType).string(8, name).bytes(9, raw);
    }
}
