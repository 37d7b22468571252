package saturn.engine.run;

import java.util.List;
import saturn.engine.layer.Highway;
import saturn.engine.layer.Layer;
import saturn.engine.layer.Recurrent;
import saturn.engine.layer.Residual;
import saturn.engine.layer.WeightLayer;
import saturn.engine.model.Model;
import saturn.engine.tensor.Parameter;

/**
 * Which hidden layer each trainable parameter of a model belongs to: a weight module (dense,
 * RBF), a residual block or a highway layer opens hidden layer l, and it and the modules after
 * it up to the next one (activation scales, normalization gains) are layer l's; layer k of a
 * recurrent stack owns the stack's {@code _lk} tensors; the read-out (the last module) belongs
 * to none (-1).
 */
final class LayerParameters {

    private LayerParameters() {
    }

    /**
     * The hidden layer of each trainable parameter, in {@link Model#trainableParameters()} order.
     *
     * @throws IllegalArgumentException when the model does not have {@code depth} hidden layers so counted
     */
    static int[] of(Model model, int depth) {
        List<Layer> layers = model.layers();
        int[] owner = new int[model.trainableParameters().size()];
        int p = 0, hidden = -1;
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            boolean last = i == layers.size() - 1;
            if (!last && (l instanceof WeightLayer || l instanceof Residual || l instanceof Highway)) hidden++;
            for (Parameter q : l.parameters()) {
                if (!q.trainable()) continue;
                owner[p++] = last ? -1 : l instanceof Recurrent ? recurrentLayer(q.name()) : hidden;
            }
            if (l instanceof Recurrent r) hidden = r.depth() - 1;
        }
        if (hidden + 1 != depth) {
            throw new IllegalArgumentException("--lr-layers: found " + (hidden + 1) + " hidden layers in the model, expected " + depth);
        }
        return owner;
    }

    /** {@code weight_ih_l2} → 2. */
    private static int recurrentLayer(String name) {
        int at = name.lastIndexOf("_l");
        return Integer.parseInt(name.substring(at + 2).replaceAll("[^0-9].*", ""));
    }
}
