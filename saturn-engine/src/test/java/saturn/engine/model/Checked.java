package saturn.engine.model;

import java.util.SplittableRandom;

import saturn.engine.tensor.Tensor;
import saturn.theory.Activation;

/**
 * A batch for a gradient check with its double-precision reference: inputs {@code N(0, 1)},
 * labels uniform over the model's classes, both from one seed.
 */
record Checked(Tensor x, int[] labels, DoubleReference reference) {

    /**
     * The first batch, from seeds {@code seed, seed + 1, …}, on which no activation input lies
     * within {@code margin} of a kink of φ (any batch for a smooth φ).
     */
    static Checked draw(Model model, Activation phi, int batch, int in, long seed, double margin) {
        for (long s = seed; s < seed + 50; s++) {
            SplittableRandom rng = new SplittableRandom(s * 7919 + batch);
            float[] x = new float[batch * in];
            for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextGaussian();
            int[] labels = new int[batch];
            for (int b = 0; b < batch; b++) labels[b] = rng.nextInt(model.outputSize());
            Tensor t = new Tensor(x, batch, in);
            DoubleReference ref = DoubleReference.of(model, phi, t, labels, ProductionGradientTest.DRAW);
            if (ref.margin() >= margin) return new Checked(t, labels, ref);
        }
        throw new IllegalStateException("no batch keeps the activation inputs " + margin
                + " away from the kinks of " + phi);
    }

    /** Central differences of every element of every parameter; a probe that crossed a kink is an error. */
    double[][] elementwise(double eps) {
        double[][] g = new double[reference.params().size()][];
        reference.clearCrossed();
        for (int p = 0; p < g.length; p++) g[p] = reference.elementwise(p, eps);
        if (reference.crossed()) throw new IllegalStateException("a probe of step " + eps + " crossed a kink");
        return g;
    }

    /** Directional central differences, one per direction; null when a probe crossed a kink. */
    double[] directional(Directions dirs, double eps) {
        double[] n = new double[dirs.size()];
        reference.clearCrossed();
        for (int d = 0; d < n.length; d++) n[d] = reference.directional(dirs.vector(d), eps);
        return reference.crossed() ? null : n;
    }
}
