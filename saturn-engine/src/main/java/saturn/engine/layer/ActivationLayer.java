package saturn.engine.layer;

import java.util.List;

import saturn.engine.blas.Gemm;
import saturn.engine.kernel.ActivationKernel;
import saturn.engine.kernel.Kernels;
import saturn.engine.kernel.ScalarKernels;
import saturn.engine.tensor.Parameter;
import saturn.engine.tensor.Tensor;

/**
 * Elementwise activation {@code y = φ(h)}, or with a learnable per-layer scale
 * {@code y = a·φ(h)} (the "a·θ(s)" re-parametrization). The fused kernel computes φ and φ'
 * in one pass; φ' is kept for the backward pass and for the saturation diagnostic. When φ'
 * is a function of φ ({@link ActivationKernel#derivativeFromValue()}: tanh, the sigmoid) and
 * there is no scale, the forward pass computes φ alone and the backward pass recomputes φ'
 * from {@code y}: the same bits, one array a layer less through memory (the layer above has
 * just read {@code y} for its weight gradient, so it is in cache; a stored φ' is not).
 */
public final class ActivationLayer implements Layer {

    private final ActivationKernel kernel;
    private final Kernels kernels;
    private final int size;
    private final double maxAbsDerivative;
    private final String name;
    /** The scale {@code a}, or null when the layer is a plain φ. */
    final float[] scale;
    final float[] scaleGrad;
    /** Whether the backward pass writes dL/dh over the dL/dy it is given (see {@link #gradientInPlace}). */
    private boolean gradientInPlace;
    private float scaleRegularization;
    private float scaleAnchor;

    private Tensor h;
    private Tensor y;
    private float[] phi;
    private float[] dphi;
    /** Whether {@code dphi} holds φ' of the last forward pass (else it is recomputed from {@code y}). */
    private boolean dphiCurrent;
    private Tensor dh;

    /**
     * @param maxAbsDerivative {@code max |φ'|} over the real line (used by the saturation
     *                         diagnostic), NaN when unknown
     * @param name             PyTorch-like module name for summaries, e.g. {@code Tanh}
     */
    public ActivationLayer(ActivationKernel kernel, int size, double maxAbsDerivative, String name) {
        this(kernel, size, maxAbsDerivative, name, Float.NaN);
    }

    /** With a learnable scale initialized to {@code initialScale}; NaN means no scale. Reference loops. */
    public ActivationLayer(ActivationKernel kernel, int size, double maxAbsDerivative, String name,
                           float initialScale) {
        this(kernel, size, maxAbsDerivative, name, initialScale, new ScalarKernels());
    }

    /** As above, with the elementwise kernels for {@code φ'·δ} (SIMD in a model). */
    public ActivationLayer(ActivationKernel kernel, int size, double maxAbsDerivative, String name,
                           float initialScale, Kernels kernels) {
        this.kernels = kernels;
        this.kernel = kernel;
        this.size = size;
        this.maxAbsDerivative = maxAbsDerivative;
        this.name = name;
        this.scale = Float.isNaN(initialScale) ? null : new float[] {initialScale};
        this.scaleGrad = Float.isNaN(initialScale) ? null : new float[1];
    }

    /**
     * Pulls the scale toward its initial value: adds {@code λ(a − a0)} to its gradient, the
     * gradient of {@code (λ/2)(a − a0)²}.
     */
    public ActivationLayer regularizeScale(double lambda) {
        if (scale == null) throw new IllegalStateException("layer " + name + " has no learnable scale");
        if (!(lambda >= 0)) throw new IllegalArgumentException("scale regularization must be >= 0: " + lambda);
        scaleRegularization = (float) lambda;
        scaleAnchor = scale[0];
        return this;
    }

    /** Whether this layer has a learnable scale {@code a}. */
    public boolean hasScale() {
        return scale != null;
    }

    /**
     * Sets the scale {@code a} from outside training (the gain controller); a regularizer, if
     * any, keeps pulling toward the initial value.
     */
    public void setScale(float a) {
        if (scale == null) throw new IllegalStateException("layer " + name + " has no learnable scale");
        if (!(a > 0 && Float.isFinite(a))) throw new IllegalArgumentException("scale must be finite and > 0: " + a);
        scale[0] = a;
    }

    @Override
    public Tensor forward(Tensor h) {
        if (scale == null) {
            prepareForward(h).all(h.rows());
            return y;
        }
        int batch = h.rows();
        int n = batch * size;
        this.h = h;
        y = Tensor.reuse(y, batch, size);
        if (dphi == null || dphi.length != n) dphi = new float[n];
        dphiCurrent = true;
        if (phi == null || phi.length != n) phi = new float[n];
        kernel.forward(h.data(), phi, dphi, n);
        float a = scale[0];
        float[] yd = y.data();
        for (int i = 0; i < n; i++) yd[i] = a * phi[i];
        return y;
    }

    /**
     * Lets the backward pass write {@code dL/dh} over the {@code dL/dy} it is given, and return
     * that tensor, when whoever produced {@code dL/dy} has no further use for it (a model sets
     * this for an activation right below a {@link Dense}, whose input gradient is scratch). The
     * gradient is then the one array a fresh {@code dh} would have been, still in cache from
     * the product that wrote it, instead of a second array a layer that the pass writes into
     * from memory: ~3 ms of a 145 ms step at depth 1000 × width 128. Elementwise, so the same
     * values either way.
     */
    public void gradientInPlace(boolean on) {
        gradientInPlace = on;
    }

    /** Whether {@link #gradientInPlace(boolean)} is on. */
    public boolean gradientInPlace() {
        return gradientInPlace;
    }

    @Override
    public Tensor backward(Tensor dy) {
        int batch = dy.rows();
        int n = batch * size;
        dh = gradientInPlace ? dy : Tensor.reuse(dh, batch, size);
        float[] g = dy.data();
        float[] out = dh.data();
        if (scale == null && !dphiCurrent) {
            kernel.backwardFromValue(y.data(), g, out, n);   // the same as below, φ' recomputed from y
        } else if (scale == null) {
            kernels.mulFlushToZero(g, dphi, out, n);   // dh = δ ⊙ φ'(h), subnormals flushed (see Kernels)
        } else {
            float a = scale[0];
            double da = 0;
            for (int i = 0; i < n; i++) {
                da += (double) g[i] * phi[i];
                float d = a * g[i] * dphi[i];
                out[i] = Math.abs(d) < Float.MIN_NORMAL ? 0f : d;
            }
            scaleGrad[0] = (float) (da + scaleRegularization * (a - scaleAnchor));
        }
        return dh;
    }

    /**
     * Whether {@link #backward(Tensor, float[])} can give the column sums of {@code dL/dh} on
     * the way (no scale, and φ' a function of φ): a model then takes the bias gradient of the
     * dense layer below from this pass instead of a pass of its own, split between the cores
     * with the rest of it.
     */
    public boolean sumsColumns() {
        return scale == null && kernel.derivativeFromValue();
    }

    /**
     * {@link #backward(Tensor)}, and {@code columnSums[c] = Σ_r dL/dh[r, c]} in the order of
     * {@link ActivationKernel#columnSumsInChunks}. Only when {@link #sumsColumns()}.
     */
    public Tensor backward(Tensor dy, float[] columnSums) {
        if (!sumsColumns()) throw new IllegalStateException(name + " cannot sum columns in its backward pass");
        int batch = dy.rows();
        dh = gradientInPlace ? dy : Tensor.reuse(dh, batch, size);
        kernel.backwardFromValue(y.data(), dy.data(), dh.data(), batch, size, columnSums);
        return dh;
    }

    /**
     * Whether the product that computes this layer's input can run its forward pass band by
     * band ({@link #forwardAfter}): no scale, and a kernel that {@link ActivationKernel#runsRanges runs ranges}.
     */
    public boolean fusesForward() {
        return scale == null && kernel.runsRanges();
    }

    /**
     * Prepares {@link #forward} of {@code h}, which a product is about to compute, and returns
     * it as that product's {@link Gemm.Epilogue} on h's rows: the same values, each band computed
     * by the core that wrote it, while it is in that core's cache, and with no hand-off of its
     * own. The output is {@link #output()} once the product returns. Only when {@link #fusesForward()}.
     */
    public Gemm.Epilogue forwardAfter(Tensor h) {
        if (!fusesForward()) throw new IllegalStateException(name + " cannot run as a product's epilogue");
        return prepareForward(h);
    }

    /**
     * Sets up the forward pass of {@code h} without a scale: the output, and φ' stored unless
     * the backward pass recomputes it from φ; returns the pass, to run whole or band by band.
     */
    private ForwardRows prepareForward(Tensor h) {
        int n = h.rows() * size;
        this.h = h;
        y = Tensor.reuse(y, h.rows(), size);
        float[] d = null;
        if (!kernel.derivativeFromValue()) {
            if (dphi == null || dphi.length != n) dphi = new float[n];
            d = dphi;
        }
        dphiCurrent = d != null;
        forwardRows.set(h.data(), y.data(), d);
        return forwardRows;
    }

    /**
     * Whether the product that computes this layer's input gradient can run its backward pass
     * band by band ({@link #backwardAfter}): when it {@link #sumsColumns() sums columns} and its
     * kernel runs ranges.
     */
    public boolean fusesBackward() {
        return sumsColumns() && kernel.runsRanges();
    }

    /**
     * Prepares {@link #backward(Tensor, float[])} of {@code dy}, which a product is about to
     * compute (null {@code columnSums}: no sums wanted), and returns it as that product's
     * epilogue on dy's rows, bands of whole row chunks of the column sums
     * ({@link ActivationKernel#columnSumsInChunks}). {@link #finishBackward()} after the
     * product adds the chunks: the same bits as {@code backward(dy, columnSums)}. Only when
     * {@link #fusesBackward()}.
     */
    public Gemm.Epilogue backwardAfter(Tensor dy, float[] columnSums) {
        if (!fusesBackward()) throw new IllegalStateException(name + " cannot run as a product's epilogue");
        int batch = dy.rows();
        dh = gradientInPlace ? dy : Tensor.reuse(dh, batch, size);
        backwardRows.set(y.data(), dy.data(), dh.data(), batch, columnSums);
        return backwardRows;
    }

    /** Completes a backward pass run by {@link #backwardAfter}; returns {@code dL/dh}. */
    public Tensor finishBackward() {
        backwardRows.finish();
        return dh;
    }

    /** This layer's forward pass as a product's epilogue (see {@link #forwardAfter}). */
    private final class ForwardRows implements Gemm.Epilogue {
        private float[] in, out, d;

        void set(float[] in, float[] out, float[] d) {
            this.in = in;
            this.out = out;
            this.d = d;
        }

        @Override
        public void rows(int r0, int r1) {
            kernel.forwardRange(in, out, d, r0 * size, r1 * size);
        }

        @Override
        public void all(int m) {
            kernel.forward(in, out, d, m * size);
        }
    }

    /** This layer's backward pass, with the column sums, as a product's epilogue (see {@link #backwardAfter}). */
    private final class BackwardRows implements Gemm.Epilogue {
        private float[] y, g, out, sums;
        private int batch;
        /** Each row chunk's column totals ({@link ActivationKernel#columnSumsInChunks}), {@code size} apart. */
        private double[] totals = new double[0];
        /** Whether {@link #all} wrote the sums itself. */
        private boolean whole;

        void set(float[] y, float[] g, float[] out, int batch, float[] sums) {
            this.y = y;
            this.g = g;
            this.out = out;
            this.batch = batch;
            this.sums = sums;
            whole = false;
            int need = ActivationKernel.sumChunks(batch) * size;
            if (totals.length < need) totals = new double[need];
        }

        /** Rows {@code [r0, r1)}, whole chunks of the column sums: each chunk's totals in its own slot. */
        @Override
        public void rows(int r0, int r1) {
            if (r0 % ActivationKernel.SUM_ROWS != 0 || r1 != batch && r1 % ActivationKernel.SUM_ROWS != 0) {
                throw new IllegalStateException("rows [" + r0 + ", " + r1 + ") of " + batch
                        + " are not whole chunks of " + ActivationKernel.SUM_ROWS + " rows");
            }
            for (int k0 = r0; k0 < r1; k0 += ActivationKernel.SUM_ROWS) {
                int k1 = Math.min(r1, k0 + ActivationKernel.SUM_ROWS);
                kernel.backwardFromValueRows(y, g, out, k0, k1, size, totals, k0 / ActivationKernel.SUM_ROWS * size);
            }
        }

        @Override
        public void all(int m) {
            if (sums != null) kernel.backwardFromValue(y, g, out, batch, size, sums);
            else kernel.backwardFromValue(y, g, out, batch * size);
            whole = true;
        }

        void finish() {
            if (!whole && sums != null) {
                int chunks = ActivationKernel.sumChunks(batch);
                for (int c = 0; c < size; c++) {
                    double total = 0;
                    for (int k = 0; k < chunks; k++) total += totals[k * size + c];
                    sums[c] = (float) total;
                }
            }
            y = g = out = sums = null;
        }
    }

    private final ForwardRows forwardRows = new ForwardRows();
    private final BackwardRows backwardRows = new BackwardRows();

    @Override
    public List<Parameter> parameters() {
        return scale == null ? List.of() : List.of(Parameter.trainable("scale", scale, scaleGrad, 1));
    }

    /** The pre-activation {@code h} of the last forward pass. */
    public Tensor preActivation() {
        return h;
    }

    /** The output {@code y} of the last forward pass. */
    public Tensor output() {
        return y;
    }

    /**
     * φ'(h) of the last forward pass, {@code batch·size} values (null before any): recomputed
     * from {@code y} on the first call after a forward pass that did not store it.
     */
    public float[] derivative() {
        if (!dphiCurrent && y != null) {
            int n = y.size();
            if (dphi == null || dphi.length != n) dphi = new float[n];
            kernel.derivativeFromValue(y.data(), dphi, n);
            dphiCurrent = true;
        }
        return dphi;
    }

    /** {@code dL/dh} of the last backward pass. */
    public Tensor preActivationGradient() {
        return dh;
    }

    public double maxAbsDerivative() {
        return maxAbsDerivative;
    }

    /** The learnable scale {@code a}, or NaN when the layer has none. */
    public float scaleValue() {
        return scale == null ? Float.NaN : scale[0];
    }

    public String formula() {
        return kernel.formula();
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
        return name;
    }
}
