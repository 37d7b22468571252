package saturn.engine.train;

import java.util.List;
import saturn.engine.layer.Layer;
import saturn.engine.model.Model;
import saturn.engine.tensor.Parameter;
import saturn.engine.tensor.Tensor;

/**
 * A step whose loss or weights went NaN or infinite.
 *
 * @param step           the step at which it was seen
 * @param loss           that step's loss
 * @param where          the first module affected: its first non-finite parameter
 *                       ({@code layers.2.weight}), else the first module whose output on the
 *                       step's batch is non-finite ({@code layers.3 (Tanh) output})
 * @param lastCheckpoint step of the last good checkpoint, which stays intact
 */
public record Divergence(long step, double loss, String where, long lastCheckpoint) {

    public String message() {
        return "training diverged at step " + step + ": loss " + (Double.isFinite(loss) ? Double.toString(loss) : loss)
                + ", first non-finite values in " + where + "; last good checkpoint is step " + lastCheckpoint;
    }

    /** True when every trainable parameter is finite (one pass over the weights). */
    static boolean finite(Model model) {
        List<Parameter> ps = model.trainableParameters();
        for (int p = 0; p < ps.size(); p++) {
            float[] d = ps.get(p).data();
            float acc = 0;
            for (int i = 0; i < d.length; i++) acc += d[i] * 0f;   // NaN*0 = NaN, Inf*0 = NaN, finite*0 = 0
            if (acc != 0f) return false;
        }
        return true;
    }

    /** Names the first module affected, re-running the forward pass on {@code x} if the weights are finite. */
    static String locate(Model model, Tensor x) {
        for (Parameter p : model.parameters()) {
            for (float v : p.data()) {
                if (!Float.isFinite(v)) return p.name();
            }
        }
        boolean training = model.training();
        model.setTraining(false);
        try {
            Tensor t = x;
            List<Layer> layers = model.layers();
            for (int i = 0; i < layers.size(); i++) {
                t = layers.get(i).forward(t);
                for (float v : t.data()) {
                    if (!Float.isFinite(v)) return "layers." + i + " (" + layers.get(i).kind() + ") output";
                }
            }
        } finally {
            model.setTraining(training);
        }
        return "the loss only (weights and logits are finite)";
    }
}
