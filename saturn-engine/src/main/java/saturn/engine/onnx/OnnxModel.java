package saturn.engine.onnx;

/**
 * ONNX's {@code ModelProto} around one graph, for the default operator set at
 * {@link #OPSET} and the IR version that goes with it ({@link #IR_VERSION}).
 */
public record OnnxModel(OnnxGraph graph, String producerVersion) {

    /** The operator set: 17 has every operator the export uses ({@code LayerNormalization} is its newest). */
    public static final long OPSET = 17;
    /** IR version 8, the one released with opset 17. */
    public static final long IR_VERSION = 8;
    public static final String PRODUCER = "saturn";

    /**
     * The serialized {@code ModelProto}: ir_version (1), producer_name (2), producer_version
     * (3), graph (7), opset_import (8) = {@code OperatorSetIdProto} with domain (1) empty
     * (the default domain) and version (2).
     */
    public byte[] toByteArray() {
        ProtoWriter opset = new ProtoWriter().string(1, "").int64(2, OPSET);
        return new ProtoWriter()
                .int64(1, IR_VERSION)
                .string(2, PRODUCER)
                .string(3, producerVersion)
                .message(7, graph.encode())
                .message(8, opset)
                .toByteArray();
    }
}
