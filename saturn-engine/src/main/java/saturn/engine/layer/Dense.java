package saturn.engine.layer;

import java.util.ArrayList;
import java.util.List;

import saturn.engine.blas.Gemm;
import saturn.engine.tensor.Ops;
import saturn.engine.tensor.Parameter;
import saturn.engine.tensor.Tensor;

/** Fully connected layer {@code h = x Wᵀ + b}, with {@code W [out, in]} (PyTorch's Linear). */
public final class Dense implements WeightLayer {

    private final Ops ops;
    private final int in;
    private final int out;
    final float[] weight;
    final float[] weightGrad;
    final float[] bias;
    final float[] biasGrad;

    private boolean needInputGradient = true;
    private boolean parameterGradients = true;
    private Tensor x;
    private Tensor h;
    private Tensor dx;
    private Tensor dy;

    public Dense(int in, int out, boolean bias, Ops ops) {
        if (in <= 0 || out <= 0) throw new IllegalArgumentException("sizes must be positive: " + in + " -> " + out);
        this.ops = ops;
        this.in = in;
        this.out = out;
        this.weight = new float[out * in];
        this.weightGrad = new float[out * in];
        this.bias = bias ? new float[out] : null;
        this.biasGrad = bias ? new float[out] : null;
    }

    @Override
    public Tensor forward(Tensor x) {
        product(x, null);
        return h;
    }

    /**
     * {@link #forward}, with {@code above}'s forward pass run by the product as its epilogue
     * (see {@link ActivationLayer#forwardAfter}); returns {@code above}'s output. Only with a
     * bias, and when {@code above} {@link ActivationLayer#fusesForward() fuses its forward pass}.
     */
    public Tensor forward(Tensor x, ActivationLayer above) {
        if (bias == null) throw new IllegalStateException("an activation's forward pass runs fused with a biased product only");
        product(x, above);
        return above.output();
    }

    /** {@code h = x Wᵀ + b}, running {@code above}'s forward pass on h's rows as they are done (when not null). */
    private void product(Tensor x, ActivationLayer above) {
        int batch = x.rows();
        this.x = x;
        h = Tensor.reuse(h, batch, out);
        // a plain split: the forward pass reads W long before the update writes it (its rows are out of
        // the other core's cache by then), and at 128 x 128 splitting by C's rows ran ~5 ms a step
        // faster at depth 1000 than by W's rows. The bias goes in as C's initial rows (beta = 1): no
        // pass of its own, and none of the zeroing a beta = 0 call makes inside OpenBLAS
        if (above != null) {
            ops.gemm().sgemmBias(false, true, batch, out, in, 1f, x.data(), 0, in, weight, 0, in, bias, h.data(), 0,
                    out, above.forwardAfter(h));
        } else if (bias != null) {
            ops.gemm().sgemmBias(false, true, batch, out, in, 1f, x.data(), 0, in, weight, 0, in, bias, h.data(), 0, out);
        } else {
            ops.gemm().sgemm(false, true, batch, out, in, 1f, x.data(), 0, in, weight, 0, in, 0f, h.data(), 0, out);
        }
    }

    @Override
    public Tensor backward(Tensor dy) {
        return backward(dy, false);
    }

    /**
     * {@link #backward(Tensor, boolean)} with work fused into its products as their
     * {@link Gemm.Epilogue epilogues} ({@link Gemm#sgemmInnerBands}): {@code update} (may be
     * null) runs on bands of weight rows once their gradient is final and no product reads
     * them any more (this layer's optimizer
     * step: it must update rows {@code [r0, r1)} of the weight and of the bias), and
     * {@code below}'s backward pass (may be null; the activation this layer's input came from)
     * runs on bands of the input gradient, summing the columns of its result into
     * {@code belowSums} (may be null). Returns {@code below}'s {@code dL/dh} when it is given,
     * else the input gradient.
     */
    public Tensor backward(Tensor dy, boolean biasGradientGiven, Gemm.Epilogue update, ActivationLayer below,
                           float[] belowSums) {
        if (below != null && !needInputGradient) throw new IllegalStateException("no input gradient to run " + below.kind() + " on");
        int batch = dy.rows();
        this.dy = dy;
        float[] dw = null;
        if (parameterGradients) {
            dw = weightGrad;
            if (bias != null && !biasGradientGiven) ops.kernels().columnSums(dy.data(), batch, out, biasGrad);
        }
        float[] dxData = null;
        Gemm.Epilogue afterInput = null;
        if (needInputGradient) {
            dx = Tensor.reuse(dx, batch, in);
            dxData = dx.data();
            if (below != null) afterInput = below.backwardAfter(dx, belowSums);
        }
        // dx = dy W ([batch, out] x [out, in]) cut along W's rows: each band of W's rows, once its share
        // of dx is computed, is read by no other band, so the same worker computes those rows of
        // dW = dyᵀ x ([out, batch] x [batch, in]) and runs the update on them while they are in its
        // cache; below's backward pass then runs on the summed rows of dx. beta = 0 overwrites: no
        // zeroing pass
        Gemm gemm = ops.gemm();
        if (dxData != null) {
            Gemm.Epilogue rows = null;
            if (dw != null) {
                weightRows.set(batch, dy.data(), x.data(), update);
                rows = weightRows;
            }
            try {
                gemm.sgemmInnerBands(batch, in, out, 1f, dy.data(), 0, out, weight, 0, in, dxData, 0, in, rows, afterInput);
            } finally {
                weightRows.clear();
            }
        } else if (dw != null) {
            if (update != null) gemm.sgemm(true, false, out, in, batch, 1f, dy.data(), 0, out, x.data(), 0, in, 0f, dw, 0, in, update);
            else gemm.sgemm(true, false, out, in, batch, 1f, dy.data(), 0, out, x.data(), 0, in, 0f, dw, 0, in);
        }
        if (below != null) return below.finishBackward();
        return needInputGradient ? dx : null;
    }

    /**
     * The weight gradient's rows {@code [r0, r1)} ({@code dW[r0:r1] = dy[:, r0:r1]ᵀ x}), then
     * the update on them when there is one: the work on a band of weight rows once the input
     * gradient's product has read them.
     */
    private final class WeightRows implements Gemm.Epilogue {
        private int batch;
        private float[] dy, x;
        private Gemm.Epilogue update;

        void set(int batch, float[] dy, float[] x, Gemm.Epilogue update) {
            this.batch = batch;
            this.dy = dy;
            this.x = x;
            this.update = update;
        }

        void clear() {
            dy = x = null;
            update = null;
        }

        @Override
        public void rows(int r0, int r1) {
            ops.gemm().sgemm(true, false, r1 - r0, in, batch, 1f, dy, r0, out, x, 0, in, 0f, weightGrad, r0 * in, in);
            if (update != null) update.rows(r0, r1);
        }

        @Override
        public void all(int m) {
            ops.gemm().sgemm(true, false, out, in, batch, 1f, dy, 0, out, x, 0, in, 0f, weightGrad, 0, in);
            if (update != null) update.all(out);
        }
    }

    private final WeightRows weightRows = new WeightRows();

    /** Whether {@link #backward} computes the input gradient (not for a model's first layer). */
    public boolean needsInputGradient() {
        return needInputGradient;
    }

    /**
     * {@link #backward(Tensor)}; with {@code biasGradientGiven}, the bias gradient is already in
     * place (the activation above summed {@code dy}'s columns in its own backward pass, see
     * {@link ActivationLayer#backward(Tensor, float[])}) and is not summed again.
     */
    public Tensor backward(Tensor dy, boolean biasGradientGiven) {
        return backward(dy, biasGradientGiven, null, null, null);
    }

    /**
     * Whether {@link #backward} computes {@code dW} and {@code db} (default) or only passes the
     * gradient on, leaving them as they were: K-FAC's backward pass on sampled targets needs
     * only each layer's {@code dL/dh}, and skipping {@code dW} saves a GEMM per layer there.
     */
    public void computeParameterGradients(boolean on) {
        parameterGradients = on;
    }

    /** Whether {@link #backward} computes {@code dW} and {@code db} (see {@link #computeParameterGradients}). */
    public boolean computesParameterGradients() {
        return parameterGradients;
    }

    /** The bias gradient array, or null without a bias. */
    public float[] biasGradient() {
        return biasGrad;
    }

    /** The input of the last {@link #forward} (K-FAC reads its second moment). */
    public Tensor lastInput() {
        return x;
    }

    /** The {@code dL/dh} of the last {@link #backward}, not copied: valid until the next backward. */
    public Tensor lastOutputGradient() {
        return dy;
    }

    @Override
    public void needInputGradient(boolean need) {
        needInputGradient = need;
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> list = new ArrayList<>(2);
        list.add(Parameter.trainable("weight", weight, weightGrad, out, in));
        if (bias != null) list.add(Parameter.trainable("bias", bias, biasGrad, out));
        return list;
    }

    @Override
    public float[] weight() {
        return weight;
    }

    @Override
    public float[] weightGrad() {
        return weightGrad;
    }

    @Override
    public float[] bias() {
        return bias;
    }

    @Override
    public int inputSize() {
        return in;
    }

    @Override
    public int outputSize() {
        return out;
    }

    @Override
    public String kind() {
        return "Linear";
    }
}
