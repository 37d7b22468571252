package saturn.engine.onnx;

import java.util.List;
import java.util.Objects;

/**
 * One operator application, ONNX's {@code NodeProto}. An empty input name is an omitted
 * optional input.
 */
public record OnnxNode(String opType, List<String> inputs, List<String> outputs, String name,
                       List<OnnxAttribute> attributes) {

    public OnnxNode {
        Objects.requireNonNull(opType, "opType");
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        attributes = List.copyOf(attributes);
    }

    /** The {@code NodeProto}: input (1), output (2), name (3), op_type (4), attribute (5). */
    public ProtoWriter encode() {
        ProtoWriter w = new ProtoWriter();
        for (String in : inputs) w.string(1, in);
        for (String out : outputs) w.string(2, out);
        if (name != null) w.string(3, name);
        w.string(4, opType);
        for (OnnxAttribute a : attributes) w.message(5, a.encode());
        return w;
    }
}
