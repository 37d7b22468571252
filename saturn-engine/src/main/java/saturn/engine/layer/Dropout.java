package saturn.engine.layer;

import java.util.List;

import saturn.engine.tensor.Tensor;

/**
 * Inverted dropout: in training mode each unit is kept with probability {@code 1−p} and
 * scaled by {@code 1/(1−p)}; in evaluation mode the layer is the identity. The mask of the
 * k-th training forward pass is a pure function of (seed, k, index), so runs are
 * reproducible and {@link #setDraw(long)} can replay a mask.
 */
public final class Dropout implements Layer {

    private final int size;
    private final float p;
    private final long seed;
    private long draw;
    private boolean training = true;
    private boolean lastWasTraining;
    private float[] mask;
    private Tensor y;
    private Tensor dx;

    public Dropout(int size, float p, long seed) {
        if (!(p >= 0f && p < 1f)) throw new IllegalArgumentException("dropout rate must be in [0, 1): " + p);
        this.size = size;
        this.p = p;
        this.seed = seed;
    }

    @Override
    public Tensor forward(Tensor x) {
        lastWasTraining = training && p > 0f;
        if (!lastWasTraining) return x;
        int batch = x.rows();
        int n = batch * size;
        y = Tensor.reuse(y, batch, size);
        if (mask == null || mask.length != n) mask = new float[n];
        float keepScale = 1f / (1f - p);
        long base = mix(seed ^ mix(draw++));
        float[] xd = x.data();
        float[] yd = y.data();
        for (int i = 0; i < n; i++) {
            double u = (mix(base + i * 0x9E3779B97F4A7C15L) >>> 11) * 0x1.0p-53;
            mask[i] = u < p ? 0f : keepScale;
            yd[i] = xd[i] * mask[i];
        }
        return y;
    }

    @Override
    public Tensor backward(Tensor dy) {
        if (!lastWasTraining) return dy;
        int n = dy.size();
        dx = Tensor.reuse(dx, dy.rows(), size);
        float[] g = dy.data();
        float[] out = dx.data();
        for (int i = 0; i < n; i++) out[i] = g[i] * mask[i];
        return dx;
    }

    /** SplitMix64 finalizer: a well-mixed 64-bit hash. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** Index of the next training forward pass (its mask). */
    public long draw() {
        return draw;
    }

    public void setDraw(long draw) {
        this.draw = draw;
    }

    public float rate() {
        return p;
    }

    @Override
    public void setTraining(boolean training) {
        this.training = training;
    }

    @Override
    public List<saturn.engine.tensor.Parameter> parameters() {
        return List.of();
    }

    @Override
    public int inputSize() {
        return size;
    }

    @Override
    public int outputSize() {
        return size;
    }

    @Override
    public String kind() {
        return "Dropout";
    }
}
