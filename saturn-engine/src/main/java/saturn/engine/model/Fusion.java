package saturn.engine.model;

import java.util.List;
import java.util.function.IntConsumer;

import saturn.engine.blas.Gemm;
import saturn.engine.layer.ActivationLayer;
import saturn.engine.layer.Dense;
import saturn.engine.layer.Layer;
import saturn.engine.tensor.Tensor;

/**
 * The fused plan: recognises the runs of dense layers and the activations between them and
 * runs the activations' passes, the bias gradients and the optimizer's update inside the
 * dense layers' products, as their {@link Gemm.Epilogue epilogues}, each worker on the rows it
 * has just computed while they are in its cache. The only place that knows which layers fuse
 * with which; any other module runs its own {@code forward} and {@code backward}, as in
 * {@link LayerByLayer}, which this plan equals bit for bit (the same kernels on the same
 * values, in the same order). What it recognises:
 * <ul>
 *   <li>forward, a dense layer with a bias followed by an activation that
 *       {@link ActivationLayer#fusesForward() fuses its forward pass}: the activation runs on
 *       each band of the product's rows;</li>
 *   <li>backward, an activation that {@link ActivationLayer#fusesBackward() fuses its
 *       backward pass} below a dense layer: it runs on each band of the dense layer's input
 *       gradient, and sums the columns of its result into the bias gradient of the dense layer
 *       below it (an activation that {@link ActivationLayer#sumsColumns() sums columns} does so
 *       on its own pass too);</li>
 *   <li>an update given as band epilogues ({@link ModuleUpdate#rowsOf}) runs on the bands of
 *       the dense layer's weight gradient;</li>
 *   <li>an activation right below a dense layer writes its input gradient over the dense
 *       layer's (scratch once passed down): one array a layer less through memory.</li>
 * </ul>
 */
final class Fusion implements Plan {

    private final List<Layer> layers;
    /** Per module: the dense layer right below whose bias gradient this activation's backward pass sums, or null. */
    private final Dense[] biasBelow;
    /** Per dense module: the activation right above whose forward pass its product runs, or null. */
    private final ActivationLayer[] forwardAbove;
    /** Per dense module: the activation right below whose backward pass its input gradient's product runs, or null. */
    private final ActivationLayer[] backwardBelow;

    Fusion(List<Layer> layers) {
        this.layers = layers;
        int n = layers.size();
        biasBelow = new Dense[n];
        forwardAbove = new ActivationLayer[n];
        backwardBelow = new ActivationLayer[n];
        for (int i = 0; i < n; i++) {
            Layer l = layers.get(i);
            Layer above = i + 1 < n ? layers.get(i + 1) : null;
            Layer below = i >= 1 ? layers.get(i - 1) : null;
            if (l instanceof ActivationLayer a) {
                a.gradientInPlace(above instanceof Dense);
                if (a.sumsColumns() && below instanceof Dense d && d.biasGradient() != null) biasBelow[i] = d;
            } else if (l instanceof Dense d) {
                if (above instanceof ActivationLayer a && a.fusesForward() && d.bias() != null) forwardAbove[i] = a;
                if (below instanceof ActivationLayer a && a.fusesBackward()) backwardBelow[i] = a;
            }
        }
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor t = x;
        for (int i = 0; i < layers.size(); i++) {   // indexed: no iterator per step
            ActivationLayer above = forwardAbove[i];
            if (above != null) {
                t = ((Dense) layers.get(i)).forward(t, above);
                i++;
            } else {
                t = layers.get(i).forward(t);
            }
        }
        return t;
    }

    @Override
    public void backward(Tensor dOutput, IntConsumer done) {
        ModuleUpdate byRows = done instanceof ModuleUpdate u ? u : null;
        Tensor g = dOutput;
        boolean biasGiven = false;   // whether the dense module next down has its bias gradient summed already
        for (int i = layers.size() - 1; i >= 0 && g != null; i--) {
            Layer layer = layers.get(i);
            if (layer instanceof Dense d) {
                Gemm.Epilogue update = byRows != null && d.computesParameterGradients() ? byRows.rowsOf(i) : null;
                ActivationLayer below = d.needsInputGradient() ? backwardBelow[i] : null;
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
}
