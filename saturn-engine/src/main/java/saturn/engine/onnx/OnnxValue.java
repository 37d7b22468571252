package saturn.engine.onnx;

import java.util.Objects;

/**
 * A graph input or output, ONNX's {@code ValueInfoProto}: a float32 tensor whose dimensions
 * are numbers, or names for a size known only when the model runs (the batch).
 *
 * @param dims each a {@link Long} (a fixed size) or a {@link String} (a symbolic one)
 */
public record OnnxValue(String name, Object... dims) {

    public OnnxValue {
        Objects.requireNonNull(name, "name");
        for (Object d : dims) {
            if (!(d instanceof Long || d instanceof String)) throw new IllegalArgumentException(name + ": a dimension is a size or a name");
        }
        dims = dims.clone();
    }

    /**
     * {@code ValueInfoProto}: name (1), type (2) = {@code TypeProto} with tensor_type (1) =
     * elem_type (1) and shape (2), a {@code TensorShapeProto} of dim (1) entries, each
     * dim_value (1) or dim_param (2).
     */
    public ProtoWriter encode() {
        ProtoWriter shape = new ProtoWriter();
        for (Object d : dims) {
            ProtoWriter dim = new ProtoWriter();
            if (d instanceof Long v) dim.int64(1, v);
            else dim.string(2, (String) d);
            shape.message(1, dim);
        }
        ProtoWriter tensor = new ProtoWriter().int64(1, OnnxTensor.FLOAT).message(2, shape);
        return new ProtoWriter().string(1, name).message(2, new ProtoWriter().message(1, tensor));
    }
}
