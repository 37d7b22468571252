package saturn.engine.model;

import java.util.List;
import java.util.function.IntConsumer;

import saturn.engine.layer.Layer;
import saturn.engine.tensor.Tensor;

/**
 * The reference plan: each module's own {@code forward} and {@code backward}, one after the
 * other, nothing fused. What {@link Fusion} must equal bit for bit.
 */
final class LayerByLayer implements Plan {

    private final List<Layer> layers;

    LayerByLayer(List<Layer> layers) {
        this.layers = layers;
    }

    @Override
    public Tensor forward(Tensor x) {
        Tensor t = x;
        for (int i = 0; i < layers.size(); i++) t = layers.get(i).forward(t);   // indexed: no iterator per step
        return t;
    }

    @Override
    public void backward(Tensor dOutput, IntConsumer done) {
        Tensor g = dOutput;
        for (int i = layers.size() - 1; i >= 0 && g != null; i--) {
            g = layers.get(i).backward(g);
            if (done != null) done.accept(i);
        }
    }
}
