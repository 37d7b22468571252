package saturn.engine.train;

import java.util.List;
import saturn.engine.model.LayerStats;

/**
 * A line of {@code diagnostics.jsonl}: the per-hidden-layer statistics of one step
 * (docs/architecture.md §5) with the measured backward gain {@code chi_emp = (delta_rms_l /
 * delta_rms_{l+1})²} (null for the last hidden layer), and the step's vanishing factor
 * {@code delta_rms_1 / delta_rms_L}. An RBF layer adds {@code rbf_arg_mean}, {@code rbf_arg_std}
 * (the Gaussian's argument {@code d/(2s²m)}), {@code rbf_near_zero} and {@code rbf_near_one}
 * (shares of outputs below 1e-3 and above 0.999). With a gain controller, {@code control} holds
 * what it did after the step and why ({@link StepControl}).
 *
 * @param control a JSON object, or null without a controller
 */
public record DiagnosticsLine(long step, List<LayerStats> layers, String control) {

    public DiagnosticsLine {
        layers = List.copyOf(layers);
    }

    public DiagnosticsLine(long step, List<LayerStats> layers) {
        this(step, layers, null);
    }

    /**
     * {@code delta_rms} of the first hidden layer over that of the last; for a recurrent
     * network, the first layer's vanishing factor over time ({@code ‖∂L/∂h_1‖ / ‖∂L/∂h_T‖});
     * for a network with shortcut blocks, the residual stream's gradient at the first block's
     * output over that at the last block's ({@code stream_rms}: a ReZero branch starts with no
     * gradient at all, and a highway layer's scales with its gate, while the stream carries
     * the backward signal past them); NaN without hidden layers.
     */
    public double vanishingFactor() {
        if (layers.isEmpty()) return Double.NaN;
        for (LayerStats s : layers) {
            if (s.gradNormsOverTime() != null) return s.vanishingOverTime();
        }
        LayerStats firstBlock = null, lastBlock = null;
        for (LayerStats s : layers) {
            if (!Double.isNaN(s.streamRms())) {
                if (firstBlock == null) firstBlock = s;
                lastBlock = s;
            }
        }
        if (firstBlock != null && firstBlock != lastBlock) return firstBlock.streamRms() / lastBlock.streamRms();
        return layers.getFirst().deltaRms() / layers.getLast().deltaRms();
    }

    /** {@code (delta_rms_l / delta_rms_{l+1})²} for hidden layer {@code l}; NaN for the last. */
    public double chiEmp(int l) {
        if (l + 1 >= layers.size()) return Double.NaN;
        double r = layers.get(l).deltaRms() / layers.get(l + 1).deltaRms();
        return r * r;
    }

    public String toJson() {
        StringBuilder arr = new StringBuilder("[");
        for (int l = 0; l < layers.size(); l++) {
            LayerStats s = layers.get(l);
            if (l > 0) arr.append(',');
            JsonLine j = new JsonLine().put("layer", l).put("name", s.name()).put("pre_mean", s.preMean())
                    .put("pre_std", s.preStd()).put("post_mean", s.postMean()).put("post_std", s.postStd())
                    .put("saturation", s.saturation()).put("delta_rms", s.deltaRms()).put("grad_norm", s.gradNorm())
                    .put("update_ratio", s.updateRatio()).put("chi_emp", chiEmp(l));
            if (!Double.isNaN(s.streamRms())) j.put("stream_rms", s.streamRms());
            if (s.rbf() != null) {
                j.put("rbf_arg_mean", s.rbf().argumentMean()).put("rbf_arg_std", s.rbf().argumentStd())
                        .put("rbf_near_zero", s.rbf().nearZero()).put("rbf_near_one", s.rbf().nearOne());
            }
            if (s.gradNormsOverTime() != null) {
                StringBuilder t = new StringBuilder("[");
                double[] norms = s.gradNormsOverTime();
                for (int i = 0; i < norms.length; i++) {
                    if (i > 0) t.append(',');
                    t.append(Double.isFinite(norms[i]) ? Double.toString(norms[i]) : "null");
                }
                j.put("vanishing_over_time", s.vanishingOverTime()).putRaw("grad_norms_over_time", t.append(']').toString());
            }
            arr.append(j);
        }
        arr.append(']');
        JsonLine line = new JsonLine().put("step", step).put("vanishing_factor", vanishingFactor())
                .putRaw("layers", arr.toString());
        if (control != null) line.putRaw("control", control);
        return line.toString();
    }
}
