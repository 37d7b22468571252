package saturn.engine.model;

import java.util.ArrayList;
import java.util.List;

import saturn.engine.blas.Gemm;
import saturn.engine.layer.ActivationLayer;
import saturn.engine.layer.Dense;
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
    private final Ops ops;
    private final List<Parameter> parameters;
    private final List<Parameter> trainable;
    private boolean training = true;
    /** Per module: the dense layer right below whose bias gradient this activation's backward pass sums, or null. */
    private final Dense[] biasBelow;
    /** Per dense module: the activation right above whose forward pass its product runs, or null. */
    private final ActivationLayer[] forwardAbove;
    /** Per dense module: the activation right below whose backward pass its input gradient's product runs, or null. */
    private final ActivationLayer[] backwardBelow;
    private boolean fused = true;

    Model(List<Layer> layers, Ops ops) {
        if (layers.isEmpty()) throw new IllegalArgumentException("a model needs at least one layer");
        for (int i = 1; i < layers.size(); i++) {
            if (layers.get(i).inputSize() != layers.get(i - 1).outputSize()) {
                throw new IllegalArgumentException("module " + i + " (" + layers.get(i).kind() + ") takes "
                        + layers.get(i).inputSize() + " features, module " + (i - 1) + " gives "
                        + layers.get(i - 1).outputSize());
            }
        }
        this.layers = List.copyOf(layers);
        this.ops = ops;
        layers.getFirst().needInputGradient(false);
        // an activation right below a dense layer writes its input gradient over the dense layer's
        // (scratch once passed down): one array a layer less through memory in the backward pass
        for (int i = 0; i + 1 < layers.size(); i++) {
            if (layers.get(i) instanceof ActivationLayer a && layers.get(i + 1) instanceof Dense) a.gradientInPlace(true);
        }
        // an activation right above a dense layer with a bias sums the columns of its input
        // gradient (the bias gradient) in its own backward pass, split between the cores with it
        biasBelow = new Dense[layers.size()];
        for (int i = 1; i < layers.size(); i++) {
            if (layers.get(i) instanceof ActivationLayer a && a.sumsColumns() && layers.get(i - 1) instanceof Dense d
                    && d.biasGradient() != null) {
                biasBelow[i] = d;
            }
        }
        // a dense layer runs the forward pass of the activation above it and the backward pass of
        // the activation below it inside its products: each core on the rows it has just computed,
        // with no hand-off between the cores of their own (Gemm.Epilogue)
        forwardAbove = new ActivationLayer[layers.size()];
        backwardBelow = new ActivationLayer[layers.size()];
        for (int i = 0; i < layers.size(); i++) {
            if (!(layers.get(i) instanceof Dense d)) continue;
            if (i + 1 < layers.size() && layers.get(i + 1) instanceof ActivationLayer a && a.fusesForward()
                    && d.bias() != null) {
                forwardAbove[i] = a;
            }
            if (i >= 1 && layers.get(i - 1) instanceof ActivationLayer a && a.fusesBackward()) backwardBelow[i] = a;
        }
        List<Parameter> all = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            for (Parameter p : layers.get(i).parameters()) all.add(p.withPrefix("layers." + i + "."));
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

    /** Forward pass of a batch {@code [batch, inputSize]}; the result is owned by the last module. */
    public Tensor forward(Tensor x) {
        Tensor t = x;
        for (int i = 0; i < layers.size(); i++) {   // indexed: no iterator per step
            ActivationLayer above = fused ? forwardAbove[i] : null;
            if (above != null) {
                t = ((Dense) layers.get(i)).forward(t, above);
                i++;
            } else {
                t = layers.get(i).forward(t);
            }
        }
        return t;
    }

    /**
     * Whether dense layers run the passes of the activations next to them inside their
     * products (on by default): the same values either way; off, every module's pass runs on
     * its own, as the modules' own {@code forward} and {@code backward} do.
     */
    public void fuse(boolean on) {
        fused = on;
    }

    /**
     * Updates parameters inside the backward pass ({@link #backward(Tensor, java.util.function.IntConsumer)}):
     * {@code accept(i)} after module {@code i}'s backward, unless {@link #rowsOf} gives the
     * update as an epilogue of the module's products.
     */
    public interface ModuleUpdate extends java.util.function.IntConsumer {
        /**
         * The update of dense module {@code i} taken a band of output units at a time,
         * {@code rows(r0, r1)} updating rows {@code [r0, r1)} of its weight and bias, run by
         * the products of its backward pass on the core that computed those rows' gradient
         * once nothing reads them any more; or null, to be called with {@code accept(i)}.
         */
        Gemm.Epilogue rowsOf(int i);
    }

    /** Backward pass from {@code dL/doutput}; overwrites every parameter gradient. */
    public void backward(Tensor dOutput) {
        backward(dOutput, null);
    }

    /**
     * As {@link #backward(Tensor)}, calling {@code done.accept(i)} right after module
     * {@code i}'s backward: its parameter gradients are final then and no later (earlier in
     * the stack) module reads its parameters, so a caller may update them there, while they
     * are still in cache. Modules the pass does not reach (below one that returns no input
     * gradient) get no call.
     */
    public void backward(Tensor dOutput, java.util.function.IntConsumer done) {
        ModuleUpdate byRows = fused && done instanceof ModuleUpdate u ? u : null;
        Tensor g = dOutput;
        boolean biasGiven = false;   // whether the dense module next down has its bias gradient summed already
        for (int i = layers.size() - 1; i >= 0 && g != null; i--) {
            Layer layer = layers.get(i);
            if (layer instanceof Dense d) {
                Gemm.Epilogue update = byRows != null && d.computesParameterGradients() ? byRows.rowsOf(i) : null;
                ActivationLayer below = fused && d.needsInputGradient() ? backwardBelow[i] : null;
                Dense next = below == null ? null : biasBelow[i - 1];
                float[] sums = next != null && next.computesParameterGradients() ? next.biasGradient() : null;
                g = d.backward(g, biasGiven, update, below, sums);
                if (done != null && update == null) done.accept(i);
                biasGiven = false;
                if (below != null) {   // the activation's backward pass ran in the products
                    i--;
                    if (done != null) done.accept(i);
                    biasGiven = sums != null;
                }
                continue;
            }
            Dense next = biasBelow[i];
            if (next != null && next.computesParameterGradients()) {
                // the activation sums the bias gradient of the dense layer below on the way
                g = ((ActivationLayer) layer).backward(g, next.biasGradient());
                biasGiven = true;
            } else {
                g = layer.backward(g);
                biasGiven = false;
            }
            if (done != null) done.accept(i);
        }
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
