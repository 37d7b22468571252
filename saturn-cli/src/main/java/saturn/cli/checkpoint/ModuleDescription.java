package saturn.cli.checkpoint;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import saturn.engine.layer.ActivationLayer;
import saturn.engine.layer.BatchNorm;
import saturn.engine.layer.Dense;
import saturn.engine.layer.Dropout;
import saturn.engine.layer.Highway;
import saturn.engine.layer.Layer;
import saturn.engine.layer.LayerNorm;
import saturn.engine.layer.Permutation;
import saturn.engine.layer.Rbf;
import saturn.engine.layer.Recurrent;
import saturn.engine.layer.Residual;
import saturn.engine.layer.ScaledWSDense;
import saturn.engine.layer.Stepwise;
import saturn.engine.layer.WeightNormDense;
import saturn.engine.model.Model;
import saturn.theory.Activation;

/**
 * The {@code saturn.model} entry of a weights file: the modules in order, each with its
 * {@code kind}, its checkpoint prefix ({@code name}: its tensors are {@code name.weight}, ...),
 * its widths and what else computing it needs — the activation as a formula in {@code x}
 * with the transform's constants in it, the gate formula and the time steps of a recurrent
 * stack, the branch of a residual block.
 */
final class ModuleDescription {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ModuleDescription() {
    }

    /**
     * @param phi  the activation the network computes (after any transform)
     * @param gate the gate activation of recurrent cells, or null
     */
    static ObjectNode of(Model model, Activation phi, Activation gate) {
        ObjectNode root = JSON.objectNode();
        root.put("input", model.inputSize());
        root.put("output", model.outputSize());
        ArrayNode modules = root.putArray("modules");
        for (int i = 0; i < model.layers().size(); i++) {
            modules.add(module(model.layers().get(i), model.moduleName(i), phi, gate));
        }
        return root;
    }

    private static ObjectNode module(Layer layer, String name, Activation phi, Activation gate) {
        ObjectNode o = JSON.objectNode();
        o.put("kind", kind(layer));
        o.put("name", name);
        o.put("in", layer.inputSize());
        o.put("out", layer.outputSize());
        switch (layer) {
            case Dense d -> o.put("bias", d.bias() != null);
            case WeightNormDense d -> o.put("bias", d.bias() != null);
            case ScaledWSDense d -> o.put("bias", d.bias() != null);
            case ActivationLayer a -> {
                o.put("formula", phi.formula());
                o.put("learnable_scale", !Float.isNaN(a.scaleValue()));
            }
            case LayerNorm n -> o.put("eps", n.eps());
            case BatchNorm n -> o.put("eps", n.eps());
            case Dropout d -> o.put("rate", d.rate());
            case Highway h -> o.put("formula", phi.formula());
            case Rbf r -> o.put("formula", "exp(-|x - centers|^2/(2*exp(log_width)^2))");
            case Permutation p -> {
                ArrayNode order = o.putArray("order");
                for (int j : p.order()) order.add(j);
            }
            case Residual r -> {
                o.put("skip_weight", r.skipWeight());
                ArrayNode branch = o.putArray("branch");
                List<Layer> layers = r.branch();
                for (int j = 0; j < layers.size(); j++) branch.add(module(layers.get(j), name + ".branch." + j, phi, gate));
            }
            case Recurrent r -> {
                o.put("step_in", r.stepInputSize());
                o.put("hidden", r.hidden());
                o.put("layers", r.depth());
                o.put("steps", r.steps());
                o.put("all_steps", r.allSteps());
                o.put("bias", true);
                o.put("formula", phi.formula());
                if (r.cell() != Recurrent.Cell.RNN && gate != null) o.put("gate_formula", gate.formula());
            }
            case Stepwise s -> {
                o.put("steps", s.inputSize() / s.dense().inputSize());
                o.set("module", module(s.dense(), name, phi, gate));
            }
            default -> {
            }
        }
        return o;
    }

    private static String kind(Layer layer) {
        return switch (layer) {
            case Dense d -> "dense";
            case WeightNormDense d -> "weightnorm-dense";
            case ScaledWSDense d -> "ws-dense";
            case ActivationLayer a -> "activation";
            case LayerNorm n -> "layernorm";
            case BatchNorm n -> "batchnorm";
            case Dropout d -> "dropout";
            case Highway h -> "highway";
            case Rbf r -> "rbf";
            case Permutation p -> "permutation";
            case Residual r -> r.isReZero() ? "rezero" : "residual";
            case Recurrent r -> r.cell().name().toLowerCase(Locale.ROOT);
            case Stepwise s -> "stepwise";
            default -> layer.kind().toLowerCase(Locale.ROOT);
        };
    }
}
