package saturn.engine.onnx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A graph under construction, ONNX's {@code GraphProto}: nodes in topological order (each
 * appended after the values it reads), initializers, inputs and outputs. Intermediate values
 * get fresh names ({@code prefix_N}); scalar float constants are stored once per value.
 */
public final class OnnxGraph {

    private final String name;
    private final List<OnnxNode> nodes = new ArrayList<>();
    private final List<OnnxTensor> initializers = new ArrayList<>();
    private final List<OnnxValue> inputs = new ArrayList<>();
    private final List<OnnxValue> outputs = new ArrayList<>();
    private final Map<Integer, String> scalars = new HashMap<>();
    private int counter;

    public OnnxGraph(String name) {
        this.name = name;
    }

    /** A name no other value of this graph has: {@code prefix_N}. */
    public String fresh(String prefix) {
        return prefix + "_" + counter++;
    }

    public void input(OnnxValue value) {
        inputs.add(value);
    }

    public void output(OnnxValue value) {
        outputs.add(value);
    }

    /** Adds a float initializer under a fresh name from {@code prefix}; returns its name. */
    public String weights(String prefix, float[] values, long... dims) {
        String n = fresh(prefix);
        initializers.add(OnnxTensor.floats(n, values, dims));
        return n;
    }

    /** Adds an int64 initializer under a fresh name from {@code prefix}; returns its name. */
    public String longs(String prefix, long[] values, long... dims) {
        String n = fresh(prefix);
        initializers.add(OnnxTensor.longs(n, values, dims));
        return n;
    }

    /** A float32 scalar, stored once per bit pattern. */
    public String scalar(float value) {
        return scalars.computeIfAbsent(Float.floatToRawIntBits(value), bits -> {
            String n = "const_" + scalars.size();
            initializers.add(OnnxTensor.floats(n, new float[] {value}));
            return n;
        });
    }

    /** Appends a node with one output under a fresh name; returns that name. */
    public String node(String opType, List<String> inputs, OnnxAttribute... attributes) {
        String out = fresh(opType.toLowerCase(java.util.Locale.ROOT));
        node(opType, inputs, out, attributes);
        return out;
    }

    /** Appends a node writing {@code output}. */
    public void node(String opType, List<String> inputs, String output, OnnxAttribute... attributes) {
        nodes.add(new OnnxNode(opType, inputs, List.of(output), "n" + nodes.size() + "_" + opType, List.of(attributes)));
    }

    /** Appends a node with one output under a fresh name: {@code op(a)}, {@code op(a, b)}, ... */
    public String op(String opType, String... inputs) {
        return node(opType, List.of(inputs));
    }

    public List<OnnxNode> nodes() {
        return List.copyOf(nodes);
    }

    /** The {@code GraphProto}: node (1), name (2), initializer (5), input (11), output (12). */
    public ProtoWriter encode() {
        ProtoWriter w = new ProtoWriter();
        for (OnnxNode n : nodes) w.message(1, n.encode());
        w.string(2, name);
        for (OnnxTensor t : initializers) w.message(5, t.encode());
        for (OnnxValue v : inputs) w.message(11, v.encode());
        for (OnnxValue v : outputs) w.message(12, v.encode());
        return w;
    }
}
