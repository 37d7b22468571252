package saturn.engine.run;

import java.util.List;
import saturn.engine.control.ControlSpec;
import saturn.engine.control.ControlledRates;
import saturn.engine.control.GainController;
import saturn.engine.control.GainHandle;
import saturn.engine.control.IsometryPenalty;
import saturn.engine.layer.ActivationLayer;
import saturn.engine.layer.Dense;
import saturn.engine.layer.Layer;
import saturn.engine.layer.LayerNorm;
import saturn.engine.layer.Recurrent;
import saturn.engine.model.Model;
import saturn.engine.optim.GradientTransformation;
import saturn.engine.optim.Optimizers;
import saturn.engine.tensor.Parameter;

/**
 * The gain controller of a run ({@code --control}) wired to its model: the handle of each hidden
 * layer's gain, the learning-rate factors and the isometry penalty that go into the optimizer
 * ({@link #wrap}), and the {@link GainController} that the trainer calls after each diagnosed step.
 */
public final class RunControl {

    private final ControlledRates rates;
    private final IsometryPenalty iso;
    private final GainController controller;

    private RunControl(ControlledRates rates, IsometryPenalty iso, GainController controller) {
        this.rates = rates;
        this.iso = iso;
        this.controller = controller;
    }

    /** The controller of {@code plan} for {@code model}; one that does nothing without {@code --control}. */
    public static RunControl of(RunPlan plan, Model model) {
        ControlSpec spec = plan.spec().control();
        if (!spec.enabled()) return new RunControl(null, null, null);
        int depth = plan.spec().depth();
        int[] owner = LayerParameters.of(model, depth);
        List<Parameter> ps = model.trainableParameters();
        float[][] params = new float[ps.size()][];
        int[][] shapes = new int[ps.size()][];
        for (int p = 0; p < ps.size(); p++) {
            params[p] = ps.get(p).data();
            shapes[p] = ps.get(p).shape();
        }
        GainHandle[] handles = new GainHandle[depth];
        if (spec.gain()) handles = handles(model, depth);
        ControlledRates rates = spec.lr() ? new ControlledRates(ps.size()) : null;
        IsometryPenalty iso = null;
        boolean[] selected = null;
        if (spec.isometry()) {
            selected = isometrySelection(model, ps.size());
            iso = new IsometryPenalty(spec.iso(), selected, shapes, model.ops().gemm());
        }
        boolean layerNorm = model.layers().stream().anyMatch(l -> l instanceof LayerNorm);
        return new RunControl(rates, iso, new GainController(spec, handles, owner, params, shapes, rates, iso, selected,
                layerNorm));
    }

    /** The optimizer with the penalty before it and the controlled factors after it. */
    public GradientTransformation wrap(GradientTransformation optimizer) {
        GradientTransformation opt = optimizer;
        if (iso != null) opt = Optimizers.chain(iso, opt);
        if (rates != null) opt = Optimizers.chain(opt, rates);
        return opt;
    }

    /** What the trainer calls after each diagnosed step; null without {@code --control}. */
    public GainController controller() {
        return controller;
    }

    /**
     * Per hidden layer l, the handle of its measured gain {@code χ_l = (δ_l/δ_{l+1})²}: the
     * learnable scale of the activation that ends layer l ({@code δ_l = a_l φ'(h_l) ⊙ W_{l+1}ᵀ
     * δ_{l+1}}), or with LayerNorm before each activation, the γ of layer l + 1's norm: the
     * gradient reaching layer l passes back through that norm, {@code δ_l ∝ γ_{l+1}/σ_{l+1}},
     * while layer l's own γ cancels in the ratio (it moves layer l's and l + 1's signal alike).
     */
    private static GainHandle[] handles(Model model, int depth) {
        GainHandle[] out = new GainHandle[depth];
        List<Layer> layers = model.layers();
        int hidden = -1;
        LayerNorm norm = null;
        for (int i = 0; i < layers.size() - 1; i++) {
            Layer l = layers.get(i);
            if (l instanceof saturn.engine.layer.WeightLayer) {
                hidden++;
                norm = null;
            } else if (l instanceof LayerNorm n) {
                norm = n;
            } else if (l instanceof ActivationLayer a && hidden >= 0 && hidden < depth) {
                if (norm != null) {
                    if (hidden > 0) out[hidden - 1] = GainHandle.layerNorm(norm);
                } else if (a.hasScale()) {
                    out[hidden] = GainHandle.scale(a);
                }
            }
        }
        return out;
    }

    /**
     * The matrices the isometry penalty covers: the weights of the hidden dense layers and the
     * recurrent ({@code weight_hh}) matrices of recurrent layers; not the read-out, not RBF centres.
     */
    private static boolean[] isometrySelection(Model model, int count) {
        boolean[] selected = new boolean[count];
        List<Layer> layers = model.layers();
        int p = 0;
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            boolean last = i == layers.size() - 1;
            for (Parameter q : l.parameters()) {
                if (!q.trainable()) continue;
                boolean matrix = q.shape().length == 2;
                selected[p] = !last && matrix && (l instanceof Dense && q.name().equals("weight")
                        || l instanceof Recurrent && q.name().startsWith("weight_hh"));
                p++;
            }
        }
        if (p != count) throw new IllegalStateException(p + " trainable parameters counted, the model has " + count);
        return selected;
    }
}
