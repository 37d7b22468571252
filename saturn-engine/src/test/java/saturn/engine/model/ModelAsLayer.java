package saturn.engine.model;

import java.util.List;

import saturn.engine.layer.Layer;
import saturn.engine.tensor.Parameter;
import saturn.engine.tensor.Tensor;

/** Lets the layer gradient checker probe a whole model. */
final class ModelAsLayer implements Layer {

    private final Model model;
    private final Layer first;

    ModelAsLayer(Model model) {
        this.model = model;
        this.first = model.layers().getFirst();
    }

    @Override
    public Tensor forward(Tensor x) {
        return model.forward(x);
    }

    @Override
    public Tensor backward(Tensor dy) {
        Tensor g = dy;
        List<Layer> layers = model.layers();
        for (int i = layers.size() - 1; i >= 0; i--) g = layers.get(i).backward(g);
        return g;
    }

    @Override
    public List<Parameter> parameters() {
        return model.parameters();
    }

    @Override
    public int inputSize() {
        return first.inputSize();
    }

    @Override
    public int outputSize() {
        return model.outputSize();
    }

    @Override
    public String kind() {
        return "Model";
    }
}
