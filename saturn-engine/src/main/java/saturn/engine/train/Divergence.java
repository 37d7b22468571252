package saturn.engine.train;

import java.util.List;
import saturn.engine.layer.ActivationLayer;
import saturn.engine.layer.Layer;
import saturn.engine.model.Model;
import saturn.engine.tensor.Parameter;

/**
 * A step whose loss or weights went NaN or infinite.
 *
 * @param step           the step at which it was seen
 * @param loss           that step's loss
 * @param where          the first module affected ({@code layers.2 (Linear) output}), or
 *                       the first non-finite parameter ({@code layers.2.weight}) when only
 *                       the weights are
 * @param lastCheckpoint step of the last good checkpoint, which stays intact
 */
public record Divergence(long step, double loss, String where, long lastCheckpoint) {

    public String message() {
        return "training diverged at step " + step + ": loss " + (Double.isFinite(loss) ? Double.toString(loss) : loss)
                + ", first non-finite values in " + where + "; last good checkpoint is step " + lastCheckpoint;
    }

    /**
     * True when every trainable parameter is finite: one pass over the weights with an
     * integer OR-reduction (the JIT vectorizes it): adding 2^23 to the exponent bits sets the
     * sign bit exactly when they are all ones (NaN or infinity).
     */
    static boolean finite(Model model) {
        List<Parameter> ps = model.trainableParameters();
        int acc = 0;
        for (int p = 0; p < ps.size(); p++) {
            float[] d = ps.get(p).data();
            for (int i = 0; i < d.length; i++) acc |= (Float.floatToRawIntBits(d[i]) & 0x7f800000) + 0x00800000;
        }
        return acc >= 0;
    }

    /**
     * Names the first module affected. When the loss is non-finite: the module before the first
     * activation whose input (cached by this step's forward pass, made with the weights before
     * the update) holds NaN/Inf, or the read-out when every hidden layer is finite — the update
     * has by then spread NaN into every weight, so the weights cannot tell. Otherwise the first
     * non-finite parameter.
     */
    static String locate(Model model, double loss) {
        List<Layer> layers = model.layers();
        if (!Double.isFinite(loss)) {
            for (int i = 1; i < layers.size(); i++) {
                if (layers.get(i) instanceof ActivationLayer a && a.preActivation() != null
                        && !finite(a.preActivation().data())) {
                    return model.moduleName(i - 1) + " (" + layers.get(i - 1).kind() + ") output";
                }
            }
            int last = layers.size() - 1;
            return model.moduleName(last) + " (" + layers.get(last).kind() + ") output, the logits";
        }
        for (Parameter p : model.parameters()) {
            if (!finite(p.data())) return p.name();
        }
        return "no parameter (all finite)";
    }

    private static boolean finite(float[] d) {
        for (float v : d) {
            if (!Float.isFinite(v)) return false;
        }
        return true;
    }
}
