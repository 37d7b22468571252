package saturn.engine.calibration;

import java.util.ArrayList;
import java.util.List;

import saturn.engine.layer.ActivationLayer;
import saturn.engine.layer.Dense;
import saturn.engine.layer.Dropout;
import saturn.engine.layer.Layer;
import saturn.engine.model.Model;
import saturn.engine.tensor.Tensor;

/**
 * Layer-sequential unit variance (Mishkin &amp; Matas 2016), after an orthonormal init: for
 * each hidden dense layer in order, forward one batch to it and rescale
 * {@code W ← W / √Var(h)} until {@code |Var(h) − 1| < tolerance}, at most
 * {@code maxIterations} times per layer. The read-out is left as initialized. Only plain
 * chains of dense layers and activations are calibrated: a normalized, residual or RBF
 * layer is refused.
 */
public final class Lsuv {

    /** Per hidden layer: rescalings applied and the pre-activation variance reached. */
    public record Result(List<Integer> iterations, List<Double> variances) {
    }

    private Lsuv() {
    }

    public static Result calibrate(Model model, Tensor batch, double tolerance, int maxIterations) {
        List<Layer> layers = model.layers();
        List<Integer> iterations = new ArrayList<>();
        List<Double> variances = new ArrayList<>();
        Tensor t = batch;
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            boolean hidden = l instanceof Dense && i + 1 < layers.size() && layers.get(i + 1) instanceof ActivationLayer;
            if (!hidden && !(l instanceof Dense || l instanceof ActivationLayer || l instanceof Dropout)) {
                throw new IllegalArgumentException("lsuv calibrates plain dense layers only, not "
                        + l.getClass().getSimpleName());
            }
            if (!hidden) {
                t = l.forward(t);
                continue;
            }
            Dense d = (Dense) l;
            Tensor h = d.forward(t);
            double var = variance(h.data());
            int k = 0;
            while (Math.abs(var - 1) >= tolerance && k < maxIterations && var > 0) {
                float s = (float) (1 / Math.sqrt(var));
                float[] w = d.weight();
                for (int j = 0; j < w.length; j++) w[j] *= s;
                h = d.forward(t);
                var = variance(h.data());
                k++;
            }
            iterations.add(k);
            variances.add(var);
            t = h;
        }
        return new Result(List.copyOf(iterations), List.copyOf(variances));
    }

    /** Variance of all entries, accumulated in double. */
    static double variance(float[] h) {
        double s1 = 0, s2 = 0;
        for (float v : h) {
            s1 += v;
            s2 += (double) v * v;
        }
        double mean = s1 / h.length;
        return s2 / h.length - mean * mean;
    }
}
