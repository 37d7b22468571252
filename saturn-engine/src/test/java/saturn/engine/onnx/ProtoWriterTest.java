package saturn.engine.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

/** The wire format and the ONNX messages against bytes worked out by hand from the protobuf encoding rules. */
class ProtoWriterTest {

    private static byte[] bytes(int... values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int v : values) out.write(v);
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) out.writeBytes(p);
        return out.toByteArray();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    @Test
    void varintsTakeSevenBitsAByteLowGroupFirst() {
        assertThat(new ProtoWriter().varint(0).toByteArray()).containsExactly(bytes(0x00));
        assertThat(new ProtoWriter().varint(1).toByteArray()).containsExactly(bytes(0x01));
        assertThat(new ProtoWriter().varint(127).toByteArray()).containsExactly(bytes(0x7F));
        assertThat(new ProtoWriter().varint(128).toByteArray()).containsExactly(bytes(0x80, 0x01));
        assertThat(new ProtoWriter().varint(300).toByteArray()).containsExactly(bytes(0xAC, 0x02));
        assertThat(new ProtoWriter().varint(1L << 35).toByteArray()).containsExactly(bytes(0x80, 0x80, 0x80, 0x80, 0x80, 0x01));
        // a negative int64 is its two's complement: ten bytes
        assertThat(new ProtoWriter().varint(-1).toByteArray())
                .containsExactly(bytes(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01));
    }

    @Test
    void fieldsCarryTheirNumberAndWireType() {
        ProtoWriter w = new ProtoWriter().int64(1, 150).string(2, "testing").float32(3, 1f).packedInt64(4, new long[] {3, 270});
        assertThat(w.toByteArray()).containsExactly(concat(
                bytes(0x08, 0x96, 0x01),                       // field 1, varint 150
                bytes(0x12, 0x07), ascii("testing"),          // field 2, length-delimited
                bytes(0x1D, 0x00, 0x00, 0x80, 0x3F),           // field 3, fixed32 1.0f little-endian
                bytes(0x22, 0x03, 0x03, 0x8E, 0x02)));         // field 4, packed [3, 270]
        assertThat(new ProtoWriter().packedInt64(4, new long[0]).size()).isZero();
    }

    @Test
    void aTensorProtoWithItsRawData() {
        assertThat(OnnxTensor.longs("a", new long[] {1}, 1).encode().toByteArray()).containsExactly(concat(
                bytes(0x0A, 0x01, 0x01),                       // dims (1): packed [1]
                bytes(0x10, 0x07),                             // data_type (2): INT64
                bytes(0x42, 0x01), ascii("a"),                 // name (8)
                bytes(0x4A, 0x08, 1, 0, 0, 0, 0, 0, 0, 0)));   // raw_data (9): 1 as 8 little-endian bytes
        assertThat(OnnxTensor.floats("w", new float[] {-2f}).encode().toByteArray()).containsExactly(concat(
                bytes(0x10, 0x01), bytes(0x42, 0x01), ascii("w"), bytes(0x4A, 0x04, 0x00, 0x00, 0x00, 0xC0)));
    }

    @Test
    void attributesSayTheirType() {
        assertThat(OnnxAttribute.of("alpha", -2f).encode().toByteArray()).containsExactly(concat(
                bytes(0x0A, 0x05), ascii("alpha"), bytes(0x15, 0x00, 0x00, 0x00, 0xC0), bytes(0xA0, 0x01, 0x01)));
        assertThat(OnnxAttribute.of("axes", 1L, 300L).encode().toByteArray()).containsExactly(concat(
                bytes(0x0A, 0x04), ascii("axes"), bytes(0x40, 0x01, 0x40, 0xAC, 0x02), bytes(0xA0, 0x01, 0x07)));
        assertThat(OnnxAttribute.of("axis", 1L).encode().toByteArray()).containsExactly(concat(
                bytes(0x0A, 0x04), ascii("axis"), bytes(0x18, 0x01), bytes(0xA0, 0x01, 0x02)));
    }

    @Test
    void aValueInfoWithASymbolicBatchDimension() {
        byte[] shape = concat(bytes(0x0A, 0x07, 0x12, 0x05), ascii("batch"), bytes(0x0A, 0x02, 0x08, 0x05));
        byte[] tensorType = concat(bytes(0x08, 0x01, 0x12, shape.length), shape);
        byte[] type = concat(bytes(0x0A, tensorType.length), tensorType);
        assertThat(new OnnxValue("input", "batch", 5L).encode().toByteArray())
                .containsExactly(concat(bytes(0x0A, 0x05), ascii("input"), bytes(0x12, type.length), type));
    }

    @Test
    void aNodeListsInputsOutputsNameOpAndAttributes() {
        OnnxNode n = new OnnxNode("Gemm", java.util.List.of("x", "w"), java.util.List.of("y"), "g",
                java.util.List.of(OnnxAttribute.of("transB", 1L)));
        byte[] attr = OnnxAttribute.of("transB", 1L).encode().toByteArray();
        assertThat(n.encode().toByteArray()).containsExactly(concat(
                bytes(0x0A, 0x01), ascii("x"), bytes(0x0A, 0x01), ascii("w"), bytes(0x12, 0x01), ascii("y"),
                bytes(0x1A, 0x01), ascii("g"), bytes(0x22, 0x04), ascii("Gemm"), bytes(0x2A, attr.length), attr));
    }
}
