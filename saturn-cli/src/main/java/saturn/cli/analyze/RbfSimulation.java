package saturn.cli.analyze;

import java.util.SplittableRandom;
import saturn.engine.layer.Rbf;
import saturn.engine.tensor.Ops;
import saturn.engine.tensor.Tensor;

/**
 * One seeded RBF layer of the engine ({@link Rbf}, reference kernels) measured on inputs
 * {@code x ~ N(0, v I)}: the mean output, the variance of a unit's output across inputs
 * (mean over units), and the backward gain, the variance per input coordinate of the
 * gradient the layer's backward pass returns for a standard normal gradient at its outputs.
 */
record RbfSimulation(long seed, int samples, double mean, double variance, double backwardGain) {

    static RbfSimulation of(int n, int w, double v, double vc, double s2, int samples, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Rbf layer = new Rbf(n, w, Ops.reference());
        float[] c = layer.weight();
        for (int i = 0; i < c.length; i++) c[i] = (float) (Math.sqrt(vc) * rng.nextGaussian());
        java.util.Arrays.fill(layer.logWidth(), (float) (0.5 * Math.log(s2)));
        float[] x = new float[samples * n];
        for (int i = 0; i < x.length; i++) x[i] = (float) (Math.sqrt(v) * rng.nextGaussian());
        float[] y = layer.forward(new Tensor(x, samples, n)).data();
        double total = 0;
        double variance = 0;
        for (int j = 0; j < w; j++) {
            double s1 = 0, ss = 0;
            for (int b = 0; b < samples; b++) {
                double t = y[b * w + j];
                s1 += t;
                ss += t * t;
            }
            total += s1;
            variance += Math.max(0, (ss - s1 * s1 / samples) / (samples - 1));
        }
        float[] dy = new float[samples * w];
        double dySq = 0;
        for (int i = 0; i < dy.length; i++) {
            dy[i] = (float) rng.nextGaussian();
            dySq += (double) dy[i] * dy[i];
        }
        float[] dx = layer.backward(new Tensor(dy, samples, w)).data();
        double dxSq = 0;
        for (float d : dx) dxSq += (double) d * d;
        double gain = (dxSq / ((double) samples * n)) / (dySq / ((double) samples * w));
        return new RbfSimulation(seed, samples, total / ((double) samples * w), variance / w, gain);
    }
}
