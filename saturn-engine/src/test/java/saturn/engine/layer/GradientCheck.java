package saturn.engine.layer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import saturn.engine.tensor.Parameter;
import saturn.engine.tensor.Tensor;

/**
 * Central finite differences against a layer's analytic gradients. The scalar probed is
 * {@code L = Σ r ⊙ layer(x)} for a fixed random {@code r}, accumulated in double, so
 * {@code dL/dy = r}. Every input element and every trainable parameter element is
 * perturbed by ±ε; the error of a gradient vector is {@code ‖a − n‖ / (‖a‖ + ‖n‖)}
 * (with a small absolute floor for gradients that are legitimately zero).
 */
public final class GradientCheck {

    /** Relative errors per checked gradient: {@code input} and one entry per parameter. */
    public record Result(Map<String, Double> errors) {

        public double worst() {
            return errors.values().stream().mapToDouble(Double::doubleValue).max().orElse(0);
        }

        public boolean passes(double tolerance) {
            return worst() <= tolerance;
        }

        @Override
        public String toString() {
            return errors.toString();
        }
    }

    public static final double EPS = 1e-2;
    public static final double TOLERANCE = 3e-3;
    /** Gradients whose norms sum below this are compared in absolute terms (rounding noise is ~1e-5). */
    public static final double ABSOLUTE_FLOOR = 1e-2;

    private GradientCheck() {
    }

    public static Result check(Layer layer, Tensor x, long seed) {
        return check(layer, x, seed, () -> { });
    }

    /** {@code beforeForward} runs before every forward pass (e.g. to replay a dropout mask). */
    public static Result check(Layer layer, Tensor x, long seed, Runnable beforeForward) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] r = new float[x.rows() * layer.outputSize()];
        for (int i = 0; i < r.length; i++) r[i] = (float) rng.nextGaussian();
        Tensor dy = new Tensor(r, x.rows(), layer.outputSize());

        List<Parameter> params = new ArrayList<>();
        for (Parameter p : layer.parameters()) if (p.trainable()) params.add(p);
        // garbage in every gradient: backward must overwrite, not accumulate (Layer#backward)
        for (Parameter p : params) java.util.Arrays.fill(p.grad(), 1234.5f);
        beforeForward.run();
        layer.forward(x);
        Tensor dxTensor = layer.backward(dy);
        float[] analyticInput = dxTensor.data().clone();
        Map<String, float[]> analyticParams = new LinkedHashMap<>();
        for (Parameter p : params) analyticParams.put(p.name(), p.grad().clone());

        Map<String, Double> errors = new LinkedHashMap<>();
        errors.put("input", error(analyticInput, numeric(layer, x, x.data(), r, beforeForward)));
        for (Parameter p : params) {
            errors.put(p.name(), error(analyticParams.get(p.name()), numeric(layer, x, p.data(), r, beforeForward)));
        }
        return new Result(errors);
    }

    private static float[] numeric(Layer layer, Tensor x, float[] target, float[] r, Runnable beforeForward) {
        float[] out = new float[target.length];
        for (int i = 0; i < target.length; i++) {
            float saved = target[i];
            target[i] = (float) (saved + EPS);
            double up = probe(layer, x, r, beforeForward);
            target[i] = (float) (saved - EPS);
            double down = probe(layer, x, r, beforeForward);
            target[i] = saved;
            out[i] = (float) ((up - down) / (2 * EPS));
        }
        return out;
    }

    private static double probe(Layer layer, Tensor x, float[] r, Runnable beforeForward) {
        beforeForward.run();
        float[] y = layer.forward(x).data();
        double s = 0;
        for (int i = 0; i < r.length; i++) s += (double) r[i] * y[i];
        return s;
    }

    static double error(float[] analytic, float[] numeric) {
        double diff = 0;
        double na = 0;
        double nn = 0;
        for (int i = 0; i < analytic.length; i++) {
            double d = (double) analytic[i] - numeric[i];
            diff += d * d;
            na += (double) analytic[i] * analytic[i];
            nn += (double) numeric[i] * numeric[i];
        }
        return Math.sqrt(diff) / Math.max(Math.sqrt(na) + Math.sqrt(nn), ABSOLUTE_FLOOR);
    }

    /** Fills every trainable parameter with {@code N(mean, std²)} draws. */
    public static void randomize(Layer layer, SplittableRandom rng, double mean, double std) {
        for (Parameter p : layer.parameters()) {
            if (!p.trainable()) continue;
            float[] d = p.data();
            for (int i = 0; i < d.length; i++) d[i] = (float) (mean + std * rng.nextGaussian());
        }
    }

    public static Tensor randomInput(int batch, int features, SplittableRandom rng, double std) {
        float[] d = new float[batch * features];
        for (int i = 0; i < d.length; i++) d[i] = (float) (std * rng.nextGaussian());
        return new Tensor(d, batch, features);
    }
}
