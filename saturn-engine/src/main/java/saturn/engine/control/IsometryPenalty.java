package saturn.engine.control;

import java.util.function.BiConsumer;
import saturn.engine.blas.Gemm;
import saturn.engine.optim.GradientTransformation;
import saturn.engine.optim.OptState;

/**
 * An orthogonality penalty on selected weight matrices, added to their gradients before the
 * optimizer (in the style of ISONet, Qi et al. 2020, "Deep Isometric Learning for Visual
 * Recognition"): for {@code W} of {@code m × n} with {@code k = min(m, n)},
 * {@code (λ/4)‖G − cI‖²_F} with {@code G = WWᵀ} (m ≤ n) or {@code WᵀW}, whose gradient is
 * {@code λ(G − cI)W} or {@code λW(G − cI)}. {@code c = ‖W₀‖²_F / k} is the mean squared singular
 * value the matrix started with (1 for orthogonal weights of gain 1), so the penalty keeps each
 * matrix near the isometry its initialization chose instead of pulling every layer to gain 1.
 * The {@code c} of each matrix is state (slot {@code iso_c}), kept by checkpoints. Two GEMMs of
 * {@code k²·max(m, n)} multiply-adds per matrix and step.
 */
public final class IsometryPenalty implements GradientTransformation {

    private final float lambda;
    private final boolean[] selected;
    private final int[][] shapes;
    private final Gemm gemm;
    private final float[][] c;
    private final float[] gram;

    /**
     * @param selected per parameter array, whether it is penalized
     * @param shapes   per parameter array, its {@code [rows, columns]} (only read where selected)
     */
    public IsometryPenalty(double lambda, boolean[] selected, int[][] shapes, Gemm gemm) {
        if (!(lambda > 0 && Double.isFinite(lambda))) throw new IllegalArgumentException("isometry weight must be > 0: " + lambda);
        this.lambda = (float) lambda;
        this.selected = selected.clone();
        this.shapes = shapes.clone();
        this.gemm = gemm;
        this.c = new float[selected.length][1];
        int largest = 0;
        for (int p = 0; p < selected.length; p++) {
            if (!selected[p]) continue;
            if (shapes[p].length != 2) throw new IllegalArgumentException("isometry penalty on a parameter of " + shapes[p].length + " dimensions");
            int k = Math.min(shapes[p][0], shapes[p][1]);
            largest = Math.max(largest, k * k);
        }
        this.gram = new float[largest];
    }

    /** The penalty's target mean squared singular value {@code c} of parameter {@code p}. */
    public float target(int p) {
        return c[p][0];
    }

    /**
     * {@code ‖G − cI‖_F / (c√k)} of parameter {@code p} as it stands: how far the matrix is from
     * its target isometry, relative to it (0 at an isometry; about 1 for a Gaussian matrix of the
     * same variance whose sides are equal). One GEMM.
     */
    public double relativeDeviation(int p, float[] w) {
        if (!selected[p]) throw new IllegalArgumentException("parameter " + p + " is not penalized");
        int m = shapes[p][0], n = shapes[p][1], k = Math.min(m, n);
        gram(w, m, n);
        double target = c[p][0], sum = 0;
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                double d = gram[i * k + j] - (i == j ? target : 0);
                sum += d * d;
            }
        }
        return Math.sqrt(sum) / (target * Math.sqrt(k));
    }

    /** {@code G = WWᵀ} (m ≤ n) or {@code WᵀW} into {@link #gram}. */
    private void gram(float[] w, int m, int n) {
        if (m <= n) gemm.sgemm(false, true, m, m, n, 1f, w, 0, n, w, 0, n, 0f, gram, 0, m);
        else gemm.sgemm(true, false, n, n, m, 1f, w, 0, n, w, 0, n, 0f, gram, 0, n);
    }

    @Override
    public OptState init(float[][] params) {
        if (params.length != selected.length) {
            throw new IllegalArgumentException(selected.length + " selections for " + params.length + " parameters");
        }
        for (int p = 0; p < params.length; p++) {
            if (!selected[p]) continue;
            double s = 0;
            for (float v : params[p]) s += (double) v * v;
            c[p][0] = (float) (s / Math.min(shapes[p][0], shapes[p][1]));
        }
        return new State(c);
    }

    @Override
    public void update(float[][] updates, OptState state, float[][] params) {
        for (int p = 0; p < updates.length; p++) {
            if (!selected[p]) continue;
            int m = shapes[p][0], n = shapes[p][1];
            float[] w = params[p];
            float target = c[p][0];
            gram(w, m, n);
            if (m <= n) {
                for (int i = 0; i < m; i++) gram[i * m + i] -= target;
                gemm.sgemm(false, false, m, n, m, lambda, gram, 0, m, w, 0, n, 1f, updates[p], 0, n);
            } else {
                for (int i = 0; i < n; i++) gram[i * n + i] -= target;
                gemm.sgemm(false, false, m, n, n, lambda, w, 0, n, gram, 0, n, 1f, updates[p], 0, n);
            }
        }
    }

    private static final class State extends OptState {
        private final float[][] c;

        State(float[][] c) {
            this.c = c;
        }

        @Override
        protected void slots(BiConsumer<String, float[][]> slot) {
            slot.accept("iso_c", c);
        }
    }
}
