package saturn.engine.model;

import java.util.ArrayList;
import java.util.List;

import saturn.engine.layer.Layer;
import saturn.engine.tensor.Ops;
import saturn.engine.tensor.Parameter;
import saturn.engine.tensor.Tensor;

/**
 * A stack of modules, numbered from 0 like PyTorch's {@code nn.Sequential} (activations
 * included), so parameters are named {@code layers.{i}.weight} etc. Built from a
 * {@link ModelSpec} ({@link #fromSpec}) or with a {@link ModelBuilder}.
 */
public final class Model {

    private final List<Layer> layers;
    private final List<String> names;
    private final Ops ops;
    private final List<Parameter> parameters;
    private final List<Parameter> trainable;
    private boolean training = true;
    private Plan plan;

    Model(List<Layer> layers, Ops ops) {
        this(layers, java.util.Collections.nCopies(layers.size(), null), ops);
    }

    /**
     * {@code names.get(i)} is module i's checkpoint prefix ({@code rnn}, {@code fc}, as the
     * attribute names of a PyTorch module), or null for {@code layers.i}.
     */
    Model(List<Layer> layers, List<String> names, Ops ops) {
        if (layers.isEmpty()) throw new IllegalArgumentException("a model needs at least one layer");
        for (int i = 1; i < layers.size(); i++) {
            if (layers.get(i).inputSize() != layers.get(i - 1).outputSize()) {
                throw new IllegalArgumentException("module " + i + " (" + layers.get(i).kind() + ") takes "
                        + layers.get(i).inputSize() + " features, module " + (i - 1) + " gives "
                        + layers.get(i - 1).outputSize());
            }
        }
        if (names.size() != layers.size()) throw new IllegalArgumentException(names.size() + " names for " + layers.size() + " modules");
        this.layers = List.copyOf(layers);
        List<String> named = new ArrayList<>(layers.size());
        for (int i = 0; i < layers.size(); i++) named.add(names.get(i) == null ? "layers." + i : names.get(i));
        if (new java.util.HashSet<>(named).size() != named.size()) throw new IllegalArgumentException("module names repeat: " + named);
        this.names = List.copyOf(named);
        this.ops = ops;
        for (Layer l : layers) {   // the input needs no gradient, nor does a fixed reordering of it
            l.needInputGradient(false);
            if (!(l instanceof saturn.engine.layer.Permutation)) break;
        }
        plan = new Fusion(this.layers);
        List<Parameter> all = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            for (Parameter p : layers.get(i).parameters()) all.add(p.withPrefix(this.names.get(i) + "."));
        }
        this.parameters = List.copyOf(all);
        this.trainable = all.stream().filter(Parameter::trainable).toList();
    }

    /** A builder on the start-up backends ({@link Ops#selected()}: OpenBLAS, SIMD kernels). */
    public static ModelBuilder builder(int inputSize) {
        return builder(inputSize, Ops.selected());
    }

    /** The MLP of a spec on the start-up backends ({@link Ops#selected()}). */
    public static Model fromSpec(ModelSpec spec) {
        return fromSpec(spec, Ops.selected());
    }

    public static ModelBuilder builder(int inputSize, Ops ops) {
        return new ModelBuilder(inputSize, ops);
    }

    public static Model fromSpec(ModelSpec spec, Ops ops) {
        return ModelBuilder.fromSpec(spec, ops);
    }

    /**
     * Forward pass of a batch {@code [batch, inputSize]}: one row of outputs (logits for a
     * classifier) per row of input. The result is owned by the last module and overwritten by
     * the next call; copy it to keep it. For predictions call {@code setTraining(false)}
     * first (dropout off, batch norm on its running statistics).
     */
    public Tensor forward(Tensor x) {
        return plan.forward(x);
    }

    /**
     * Whether the modules run with the recognised runs fused ({@link Fusion}, the default) or
     * each on its own ({@link LayerByLayer}, the reference): the same bits either way.
     */
    public void fuse(boolean on) {
        plan = on ? new Fusion(layers) : new LayerByLayer(layers);
    }

    /** Backward pass from {@code dL/doutput}; overwrites every parameter gradient. */
    public void backward(Tensor dOutput) {
        plan.backward(dOutput, null);
    }

    /**
     * As {@link #backward(Tensor)}, calling {@code done.accept(i)} right after module
     * {@code i}'s backward: its parameter gradients are final then and no later (earlier in
     * the stack) module reads its parameters, so a caller may update them there, while they
     * are still in cache; a {@link ModuleUpdate} may give the update as an epilogue of the
     * module's weight-gradient product instead. Modules the pass does not reach (below one
     * that returns no input gradient) get no call.
     */
    public void backward(Tensor dOutput, java.util.function.IntConsumer done) {
        plan.backward(dOutput, done);
    }

    public void setTraining(boolean training) {
        this.training = training;
        for (Layer l : layers) l.setTraining(training);
    }

    public boolean training() {
        return training;
    }

    /** Every parameter and buffer with its checkpoint name, in module order. */
    public List<Parameter> parameters() {
        return parameters;
    }

    /** The parameters that have gradients (what optimizers update). */
    public List<Parameter> trainableParameters() {
        return trainable;
    }

    public long parameterCount() {
        long n = 0;
        for (Parameter p : trainable) n += p.size();
        return n;
    }

    public List<Layer> layers() {
        return layers;
    }

    /** Module {@code i}'s checkpoint prefix: {@code layers.i}, or the name it was added under. */
    public String moduleName(int i) {
        return names.get(i);
    }

    public Ops ops() {
        return ops;
    }

    public int inputSize() {
        return layers.getFirst().inputSize();
    }

    public int outputSize() {
        return layers.getLast().outputSize();
    }

    /** One line per module: index, kind, sizes, parameter names and shapes. */
    public String summary() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            sb.append(i).append(' ').append(l.kind()).append(' ').append(l.inputSize()).append("->")
                    .append(l.outputSize());
            for (Parameter p : l.parameters()) sb.append(' ').append(p);
            sb.append('\n');
        }
        return sb.toString();
    }
}
