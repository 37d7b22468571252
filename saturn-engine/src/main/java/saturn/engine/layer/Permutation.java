package saturn.engine.layer;

import saturn.engine.tensor.Tensor;

/**
 * A fixed reordering of the features, {@code y[:, j] = x[:, order[j]]}: the pixel order of a
 * permuted sequential task, applied inside the model so that evaluation and prediction see the
 * same order as training. No parameters.
 */
public final class Permutation implements Layer {

    private final int[] order;
    private boolean needInputGradient = true;
    private Tensor y, dx;

    public Permutation(int[] order) {
        boolean[] seen = new boolean[order.length];
        for (int j : order) {
            if (j < 0 || j >= order.length || seen[j]) throw new IllegalArgumentException("not a permutation of 0.." + (order.length - 1));
            seen[j] = true;
        }
        this.order = order.clone();
    }

    /** A uniformly random permutation of {@code n} features from {@code seed} (Fisher–Yates on SplitMix64). */
    public static int[] random(int n, long seed) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    @Override
    public Tensor forward(Tensor x) {
        int n = order.length, rows = x.rows();
        y = Tensor.reuse(y, rows, n);
        float[] xd = x.data(), yd = y.data();
        for (int r = 0; r < rows; r++) {
            int o = r * n;
            for (int j = 0; j < n; j++) yd[o + j] = xd[o + order[j]];
        }
        return y;
    }

    @Override
    public Tensor backward(Tensor dy) {
        if (!needInputGradient) return null;
        int n = order.length, rows = dy.rows();
        dx = Tensor.reuse(dx, rows, n);
        float[] g = dy.data(), d = dx.data();
        for (int r = 0; r < rows; r++) {
            int o = r * n;
            for (int j = 0; j < n; j++) d[o + order[j]] = g[o + j];
        }
        return dx;
    }

    @Override
    public void needInputGradient(boolean need) {
        needInputGradient = need;
    }

    /** The order: output feature {@code j} is input feature {@code order()[j]} (a copy). */
    public int[] order() {
        return order.clone();
    }

    @Override
    public int inputSize() {
        return order.length;
    }

    @Override
    public int outputSize() {
        return order.length;
    }

    @Override
    public String kind() {
        return "Permutation";
    }
}
