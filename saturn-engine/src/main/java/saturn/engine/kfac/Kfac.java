package saturn.engine.kfac;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import saturn.engine.blas.Gemm;
import saturn.engine.layer.Dense;
import saturn.engine.layer.Layer;
import saturn.engine.loss.FisherSampling;
import saturn.engine.loss.Loss;
import saturn.engine.model.CurvatureObserver;
import saturn.engine.model.Model;
import saturn.engine.optim.GradientTransformation;
import saturn.engine.optim.OptState;
import saturn.engine.optim.Schedule;
import saturn.engine.tensor.Parameter;
import saturn.engine.tensor.Tensor;

/**
 * K-FAC for the dense layers of a model (Martens &amp; Grosse 2015), the simple variant: EMA
 * factors, factored Tikhonov damping, heavy-ball momentum, inverses refreshed periodically.
 *
 * <p>Per {@link Dense} layer of the stack, with input rows {@code a} and pre-activation
 * gradients {@code g}:
 * <ul>
 *   <li>{@code A = E[ā āᵀ]} with {@code ā = [a, 1]}: the bias is folded in as a homogeneous
 *       coordinate (paper §3), so {@code [∇W | ∇b]} is preconditioned as one matrix;</li>
 *   <li>{@code G = E[g gᵀ]} over per-example gradients {@code g = B·dL/dh} of a backward pass
 *       with targets <em>sampled</em> from the model's predictive distribution
 *       ({@link FisherSampling}): the true Fisher, not the empirical one;</li>
 *   <li>both as exponential moving averages with weight {@code min(1 − 1/k, decay)} for the
 *       k-th statistics (paper §5: the first batch sets the factors instead of 5% of them),
 *       kept as their lower triangles (row-major; a symmetric rank-B update computes only
 *       those, and everything downstream reads only those: the strict upper triangles of
 *       {@code A} and {@code G} are not maintained);</li>
 *   <li>statistics on every {@code statsEvery}-th step (1: every step, as in the paper;
 *       larger values trade freshness of the factors for the cost of the extra backward pass);</li>
 *   <li>factored Tikhonov damping (paper §6.3): {@code (A + π√γ I)}, {@code (G + √γ/π I)}, with
 *       {@code π = √((tr A / dim A) / (tr G / dim G))}; inverses by Cholesky every
 *       {@code inverseEvery} updates (the first update included);</li>
 *   <li>{@code Δ = (G + √γ/π I)⁻¹ [∇W | ∇b] (A + π√γ I)⁻¹};</li>
 *   <li>KL clipping (Ba, Grosse &amp; Martens 2017, as in common K-FAC code): all blocks' Δ are
 *       scaled by {@code ν = min(1, √(κ / (η² Σ⟨Δ, ∇⟩)))}, which bounds the step's predicted KL
 *       divergence {@code η² ΔᵀFΔ ≈ η² ⟨Δ, ∇⟩} by κ (κ = 0: off). Without it, once units
 *       saturate, G shrinks, the step approaches {@code ∇/γ} and feeds the saturation (seen on
 *       a 6-layer tanh net at the defaults);</li>
 *   <li>{@code v ← μ v + ν Δ}, {@code w ← w − η v}.</li>
 * </ul>
 * The paper's adaptive γ and its rescaling by the quadratic model are left out.
 * In a training step ({@link #beginStep}: inside the backward pass, on the model's own
 * gradients) a block whose batch is smaller than the layer takes
 * {@code Δ = (G⁻¹dyᵀ)([x 1]A⁻¹)} from that batch — three GEMMs of B·n² instead of two of
 * n³ — and the step goes into the parameters directly.
 * Every other trained parameter (layer-norm gains, learnable activation scales, weight-norm
 * and scaled-WS layers, RBF centres and widths, dense layers inside residual branches) goes
 * to {@code fallback} (Adam in the CLI). All factors, inverses, momenta and the fallback's
 * state live in the {@link KfacState}, so checkpoints hold them.
 */
final class Kfac implements GradientTransformation, CurvatureObserver {

    /** One dense layer: indices of its weight and bias among the trainable parameters (bias −1 when absent). */
    private record Block(Dense layer, int weight, int bias, int in, int out, int da) {
    }

    private final Model model;
    private final Schedule learningRate;
    private final float momentum;
    private final double damping;
    private final float decay;
    private final int inverseEvery;
    private final int statsEvery;
    private final double klClip;
    private final long seed;
    private final GradientTransformation fallback;
    private final Gemm gemm;
    private final saturn.engine.kernel.Kernels kernels;
    private final List<Block> blocks = new ArrayList<>();
    private final int[] fallbackIndex;
    private final float[][] fallbackUpdates;
    private final float[][] fallbackParams;
    private final float[] tmp2;
    private final float[] tmp3;
    private final float[] columns;
    /** G⁻¹∇b, the bias column of a block's preconditioned gradient. */
    private final float[] column;
    private final Cholesky cholesky;
    /** LAPACK of the start-up backend, or null (the Java loops). */
    private final saturn.engine.blas.CholeskyKernels lapack;
    /** Each part's buffers for a refresh cut between the workers (part 0: {@link #cholesky}), made as needed. */
    private Cholesky[] partCholesky = new Cholesky[0];
    /** The state being refreshed, and the refresh's task over blocks (built once: no allocation per refresh). */
    private KfacState refreshing;
    private final saturn.engine.parallel.Workers.Task refreshBlocks;
    private Tensor sampled;
    /** The model's gradient arrays, by trainable-parameter index: what the fused step accepts. */
    private final float[][] modelGrads;
    /** Per trainable parameter, the block it belongs to, or −1 (fallback). */
    private final int[] blockOf;
    private final InBackward inBackward;
    /** {@code G⁻¹dyᵀ} and {@code A⁻¹[x 1]ᵀ} of {@link #preconditionFromBatch}, sized for the largest batch seen. */
    private float[] batchP;
    private float[] batchQ;

    Kfac(Model model, Schedule learningRate, double momentum, double damping, double decay, int inverseEvery,
         int statsEvery, double klClip, long seed, GradientTransformation fallback) {
        if (!(damping > 0)) throw new IllegalArgumentException("K-FAC damping must be positive: " + damping);
        if (!(decay >= 0 && decay < 1)) throw new IllegalArgumentException("K-FAC decay must be in [0, 1): " + decay);
        if (inverseEvery < 1) throw new IllegalArgumentException("K-FAC inverse interval must be >= 1: " + inverseEvery);
        if (!(klClip >= 0)) throw new IllegalArgumentException("K-FAC KL clip must be >= 0: " + klClip);
        if (statsEvery < 1) throw new IllegalArgumentException("K-FAC statistics interval must be >= 1: " + statsEvery);
        this.model = model;
        this.learningRate = learningRate;
        this.momentum = (float) momentum;
        this.damping = damping;
        this.decay = (float) decay;
        this.inverseEvery = inverseEvery;
        this.statsEvery = statsEvery;
        this.klClip = klClip;
        this.seed = seed;
        this.fallback = fallback;
        this.gemm = model.ops().gemm();
        this.kernels = model.ops().kernels();
        List<Parameter> trainable = model.trainableParameters();
        Map<float[], Integer> index = new IdentityHashMap<>();
        for (int i = 0; i < trainable.size(); i++) index.put(trainable.get(i).data(), i);
        modelGrads = new float[trainable.size()][];
        for (int i = 0; i < trainable.size(); i++) modelGrads[i] = trainable.get(i).grad();
        boolean[] covered = new boolean[trainable.size()];
        int maxDim = 1, maxBlock = 1, maxIn = 1;
        for (Layer l : model.layers()) {
            if (!(l instanceof Dense d)) continue;
            int w = index.get(d.weight());
            int b = d.bias() == null ? -1 : index.get(d.bias());
            int da = d.inputSize() + (b >= 0 ? 1 : 0);
            blocks.add(new Block(d, w, b, d.inputSize(), d.outputSize(), da));
            covered[w] = true;
            if (b >= 0) covered[b] = true;
            maxDim = Math.max(maxDim, Math.max(da, d.outputSize()));
            maxBlock = Math.max(maxBlock, d.outputSize() * da);
            maxIn = Math.max(maxIn, d.inputSize());
        }
        blockOf = new int[trainable.size()];
        java.util.Arrays.fill(blockOf, -1);
        for (int i = 0; i < blocks.size(); i++) {
            blockOf[blocks.get(i).weight] = i;
            if (blocks.get(i).bias >= 0) blockOf[blocks.get(i).bias] = i;
        }
        int nf = 0;
        for (boolean c : covered) if (!c) nf++;
        fallbackIndex = new int[nf];
        for (int i = 0, k = 0; i < covered.length; i++) if (!covered[i]) fallbackIndex[k++] = i;
        fallbackUpdates = new float[nf][];
        fallbackParams = new float[nf][];
        tmp2 = new float[maxBlock];   // out × da: the preconditioned gradient, half way and whole
        tmp3 = new float[maxBlock];
        columns = new float[maxIn];
        column = new float[maxDim];
        // LAPACK from the start-up backend even when the model's GEMM is wrapped (the bench records its calls)
        lapack = saturn.engine.Backends.choleskyKernels().orElse(null);
        cholesky = new Cholesky(maxDim, gemm, lapack);
        inBackward = new InBackward();
        refreshBlocks = (part, from, to) -> invertBlocks(from, to, part == 0 ? cholesky : partCholesky[part]);
    }

    /** Number of dense layers preconditioned by K-FAC. */
    int blockCount() {
        return blocks.size();
    }

    @Override
    public KfacState init(float[][] params) {
        List<Parameter> trainable = model.trainableParameters();
        if (params.length != trainable.size()) {
            throw new IllegalArgumentException("K-FAC was built for " + trainable.size() + " parameters, got " + params.length);
        }
        for (int i = 0; i < params.length; i++) {
            if (params[i] != trainable.get(i).data()) {
                throw new IllegalArgumentException("K-FAC: parameter " + i + " is not the model's " + trainable.get(i).name());
            }
        }
        for (int k = 0; k < fallbackIndex.length; k++) fallbackParams[k] = params[fallbackIndex[k]];
        OptState fb = fallback.init(fallbackParams);
        int n = blocks.size();
        float[][] a = new float[n][], g = new float[n][], aInv = new float[n][], gInv = new float[n][], v = new float[n][];
        for (int k = 0; k < n; k++) {
            Block b = blocks.get(k);
            a[k] = new float[b.da * b.da];
            g[k] = new float[b.out * b.out];
            aInv[k] = new float[b.da * b.da];
            gInv[k] = new float[b.out * b.out];
            v[k] = new float[b.out * b.da];
        }
        return new KfacState(a, g, aInv, gInv, v, fb);
    }

    @Override
    public boolean observesCurvature() {
        return true;
    }

    /**
     * Updates A from the forward pass and G from a backward pass on sampled targets, on the
     * steps whose update count is a multiple of {@code statsEvery}.
     */
    @Override
    public void afterForward(Tensor output, Loss loss, OptState state) {
        if (!(loss instanceof FisherSampling fisher)) {
            throw new IllegalArgumentException("K-FAC needs a loss that can sample targets (softmax cross-entropy, MSE)");
        }
        KfacState s = (KfacState) state;
        if (s.count() % statsEvery != 0) return;
        long k = s.statistics().increment();
        float keep = Math.min(decay, 1f - 1f / k);
        float take = 1f - keep;
        float[][] a = s.a();
        float[][] g = s.g();
        for (int i = 0; i < blocks.size(); i++) {
            Block b = blocks.get(i);
            Tensor x = b.layer.lastInput();
            int batch = x.rows();
            // A ← keep·A + take·[x 1]ᵀ[x 1]/B, lower triangle: the rank-B update blends the x block in place (β = keep)
            gemm.syrkLower(b.in, batch, take / batch, x.data(), 0, b.in, keep, a[i], 0, b.da);
            if (b.bias >= 0) {
                float[] ai = a[i];
                int last = b.in * b.da;
                kernels.columnSums(x.data(), batch, b.in, columns);
                for (int c = 0; c < b.in; c++) ai[last + c] = keep * ai[last + c] + take * (columns[c] / batch);
                ai[last + b.in] = keep * ai[last + b.in] + take;
            }
        }
        sampled = Tensor.reuse(sampled, output.rows(), output.cols());
        fisher.sampleGradient(output, seed * 0x9E3779B97F4A7C15L + k, sampled);
        // only dL/dh of each block is needed: the real backward pass that follows overwrites every gradient
        for (int i = 0; i < blocks.size(); i++) blocks.get(i).layer.computeParameterGradients(false);
        try {
            model.backward(sampled);
        } finally {
            for (int i = 0; i < blocks.size(); i++) blocks.get(i).layer.computeParameterGradients(true);
        }
        for (int i = 0; i < blocks.size(); i++) {
            Block b = blocks.get(i);
            Tensor dy = b.layer.lastOutputGradient();
            int batch = dy.rows();
            // G ← keep·G + take·Σ_b (B dy_b)(B dy_b)ᵀ / B = keep·G + take·B·dyᵀdy, lower triangle, blended likewise
            gemm.syrkLower(b.out, batch, take * batch, dy.data(), 0, b.out, keep, g[i], 0, b.out);
        }
    }

    @Override
    public void update(float[][] updates, OptState state, float[][] params) {
        begin(state, false);
        for (int i = 0; i < blocks.size(); i++) {
            Block b = blocks.get(i);
            precondition(i, updates[b.weight], b.bias >= 0 ? updates[b.bias] : null, null, null);
        }
        finish(updates, params);
    }

    /**
     * The training step's path, inside the backward pass: each dense layer's step is computed
     * as soon as its gradients are final, while they, the layer's input and its {@code dL/dh}
     * are still in cache, and goes straight into the parameters (no copy of the gradients, no
     * separate {@code params += updates} pass; the KL clip, known only once every block is
     * done, takes back what it must at {@link ParameterStep#finish}). Where the batch is
     * smaller than the layer, {@code Δ} is computed from that batch instead of from ∇W
     * ({@link #lowRank}). Equal to {@link #update} up to float rounding (a different
     * association of the same products). The gradients given to {@code apply} must be the
     * model's own arrays, fresh from its backward pass ({@link saturn.engine.model.TrainingStep}
     * passes them): only those are known to equal {@code dyᵀ[x 1]} of each layer's last
     * backward; others are refused with an exception.
     */
    @Override
    public ParameterStep beginStep(OptState state) {
        begin(state, true);
        return inBackward;
    }

    /** {@link #beginStep} for all parameters at once; false, touching nothing, for gradients that are not the model's own. */
    @Override
    public boolean step(float[][] params, float[][] grads, OptState state, saturn.engine.kernel.Kernels kernels) {
        if (grads.length != modelGrads.length) return false;
        for (int i = 0; i < grads.length; i++) if (grads[i] != modelGrads[i]) return false;
        ParameterStep s = beginStep(state);
        for (int p = 0; p < params.length; p++) s.apply(p, params[p], grads[p], kernels);
        s.finish(kernels);
        return true;
    }

    // one step's settings, from begin to finish
    private KfacState stepState;
    private double stepLr;
    private float stepF;
    private boolean prescaled;
    private float alpha;
    /** Fused and without momentum: each block's −ηΔ goes into its parameters at once (ν = 1 assumed, corrected at the end). */
    private boolean early;
    private boolean fusedStep;
    private double dot;

    /** Refreshes the inverses when due and sets up a step. */
    private void begin(OptState state, boolean fused) {
        KfacState s = (KfacState) state;
        long t = s.count();
        if (t % inverseEvery == 0) refreshInverses(s);
        stepState = s;
        stepLr = learningRate.at(t);
        stepF = (float) -stepLr;
        // without momentum the last GEMM applies −η itself (α = f), and only when the KL clip
        // bites (ν < 1) does the step need scaling afterwards
        prescaled = momentum == 0 && stepF != 0;
        alpha = prescaled ? stepF : 1f;
        fusedStep = fused;
        early = fused && prescaled;
        dot = 0;
    }

    /**
     * Block {@code i}: {@code α·Δ = α G⁻¹ [∇W | ∇b] A⁻¹} written over its gradients {@code uw},
     * {@code ub} (null without bias), {@code ⟨αΔ, ∇⟩} added to {@link #dot}; with {@link #early},
     * also added to the parameters {@code pw}, {@code pb}.
     */
    private void precondition(int i, float[] uw, float[] ub, float[] pw, float[] pb) {
        Block b = blocks.get(i);
        float[] aInv = stepState.aInv()[i];
        float[] gInv = stepState.gInv()[i];
        if (fusedStep && lowRank(b, b.layer.lastInput().rows())) {
            preconditionFromBatch(b, alpha, aInv, gInv);
        } else {
            // tmp2 = G⁻¹ [∇W | ∇b] (out × da): ∇W read in place, ∇b's column by a matrix-vector product
            gemm.sgemm(false, false, b.out, b.in, b.out, 1f, gInv, 0, b.out, uw, 0, b.in, 0f, tmp2, 0, b.da);
            if (ub != null) {
                gemm.sgemm(false, false, b.out, 1, b.out, 1f, gInv, 0, b.out, ub, 0, 1, 0f, column, 0, 1);
                for (int o = 0; o < b.out; o++) tmp2[o * b.da + b.in] = column[o];
            }
            // tmp3 = α tmp2 A⁻¹
            gemm.sgemm(false, false, b.out, b.da, b.da, alpha, tmp2, 0, b.da, aInv, 0, b.da, 0f, tmp3, 0, b.da);
        }
        // row by row, while the row is in cache: ⟨αΔ, ∇⟩, then αΔ over ∇ (and into the parameters);
        // chunks of rows cut between the workers, each chunk's dot in its own slot, added in order
        RowPass r = rowPass;
        r.b = b;
        r.uw = uw;
        r.ub = ub;
        r.pw = pw;
        r.pb = pb;
        int chunks = (b.out + ROW_CHUNK - 1) / ROW_CHUNK;
        if (r.dots.length < chunks) r.dots = new double[chunks];
        if ((long) b.out * b.in >= ROW_SPLIT_MIN) saturn.engine.parallel.Workers.pool().run(chunks, r);
        else r.run(0, 0, chunks);
        double d = 0;
        for (int k = 0; k < chunks; k++) d += r.dots[k];
        dot += d;
        r.uw = r.ub = r.pw = r.pb = null;
    }

    /** Blocks of at least this many weights take their row pass on the workers. */
    private static final int ROW_SPLIT_MIN = 1 << 14;
    /** Rows per chunk of the row pass: each chunk's ⟨αΔ, ∇⟩ is summed on its own. */
    private static final int ROW_CHUNK = 32;

    /** {@link #precondition}'s pass over the rows of αΔ, chunk by chunk; each chunk's ⟨αΔ, ∇⟩ in {@link #dots}. */
    private final class RowPass implements saturn.engine.parallel.Workers.Task {
        Block b;
        float[] uw, ub, pw, pb;
        double[] dots = new double[0];

        @Override
        public void run(int part, int from, int to) {
            for (int k = from; k < to; k++) {
                int o0 = k * ROW_CHUNK, o1 = Math.min(b.out, o0 + ROW_CHUNK);
                double d = 0;
                for (int o = o0; o < o1; o++) {
                    int row = o * b.da;
                    d += kernels.dotThenMove(tmp3, row, uw, o * b.in, early ? pw : null, o * b.in, b.in);
                    if (ub != null) {
                        d += (double) tmp3[row + b.in] * ub[o];
                        ub[o] = tmp3[row + b.in];
                        if (early) pb[o] += ub[o];
                    }
                }
                dots[k] = d;
            }
        }
    }

    private final RowPass rowPass = new RowPass();

    /**
     * The KL clip over all blocks, momentum, the fallback's step; in a fused step the
     * parameters take the result, otherwise {@code g} holds it. Ends the step.
     */
    private void finish(float[][] g, float[][] params) {
        float[][] mom = stepState.momentum();
        double lr = stepLr;
        float f = stepF;
        // KL clipping (Ba et al. 2017): scale Δ by ν = min(1, √(κ / (η² ⟨Δ, ∇⟩)))
        double vg = lr * lr * (dot / alpha);
        float nu = klClip > 0 && vg > klClip ? (float) Math.sqrt(klClip / vg) : 1f;
        for (int i = 0; i < blocks.size(); i++) {
            Block b = blocks.get(i);
            float[] uw = g[b.weight];
            float[] ub = b.bias >= 0 ? g[b.bias] : null;
            if (momentum == 0) {
                // no velocity to keep (the slot stays 0): w ← w − η ν Δ, g already holds −ηΔ (or Δ when η = 0)
                float scale = prescaled ? nu : f * nu;
                if (early) {
                    // −ηΔ is in the parameters: take back (1 − ν) of it
                    if (nu != 1f) {
                        kernels.axpy(nu - 1f, uw, params[b.weight], b.out * b.in);
                        if (ub != null) kernels.axpy(nu - 1f, ub, params[b.bias], b.out);
                    }
                } else if (fusedStep) {
                    kernels.axpy(scale, uw, params[b.weight], b.out * b.in);
                    if (ub != null) kernels.axpy(scale, ub, params[b.bias], b.out);
                } else if (scale != 1f) {
                    kernels.scale(scale, uw, b.out * b.in);
                    if (ub != null) for (int o = 0; o < b.out; o++) ub[o] = scale * ub[o];
                }
                continue;
            }
            float[] v = mom[i];
            float[] pw = params[b.weight];
            float[] pb = ub != null ? params[b.bias] : null;
            for (int o = 0; o < b.out; o++) {
                int row = o * b.da;
                for (int c = 0; c < b.in; c++) {
                    float vi = momentum * v[row + c] + nu * uw[o * b.in + c];
                    v[row + c] = vi;
                    if (fusedStep) pw[o * b.in + c] += f * vi;
                    else uw[o * b.in + c] = f * vi;
                }
                if (ub != null) {
                    float vi = momentum * v[row + b.in] + nu * ub[o];
                    v[row + b.in] = vi;
                    if (fusedStep) pb[o] += f * vi;
                    else ub[o] = f * vi;
                }
            }
        }
        if (fallbackIndex.length > 0) {
            for (int k = 0; k < fallbackIndex.length; k++) {
                fallbackUpdates[k] = g[fallbackIndex[k]];
                fallbackParams[k] = params[fallbackIndex[k]];
            }
            fallback.update(fallbackUpdates, stepState.fallback(), fallbackParams);
            if (fusedStep) {
                for (int k = 0; k < fallbackIndex.length; k++) {
                    kernels.axpy(1f, fallbackUpdates[k], fallbackParams[k], fallbackParams[k].length);
                }
            }
        }
        stepState.increment();
        stepState = null;
    }

    /**
     * The fused step's per-parameter hook: collects each parameter's arrays and preconditions
     * a block as soon as both its weight and bias have arrived (a module hands over all of its
     * parameters at once); the rest at {@link #finish(saturn.engine.kernel.Kernels)}.
     */
    private final class InBackward implements ParameterStep {
        final float[][] grads = new float[modelGrads.length][];
        final float[][] params = new float[modelGrads.length][];

        @Override
        public void apply(int p, float[] param, float[] grad, saturn.engine.kernel.Kernels kernels) {
            if (grad != modelGrads[p]) {
                throw new IllegalArgumentException("K-FAC's fused step needs the model's own gradient arrays (parameter " + p + ")");
            }
            grads[p] = grad;
            params[p] = param;
            int i = blockOf[p];
            if (i < 0) return;
            Block b = blocks.get(i);
            if (grads[b.weight] == null || (b.bias >= 0 && grads[b.bias] == null)) return;
            precondition(i, grads[b.weight], b.bias >= 0 ? grads[b.bias] : null, params[b.weight],
                    b.bias >= 0 ? params[b.bias] : null);
        }

        @Override
        public void finish(saturn.engine.kernel.Kernels kernels) {
            for (int p = 0; p < grads.length; p++) {
                if (grads[p] == null) throw new IllegalStateException("K-FAC's fused step ended before parameter " + p);
            }
            Kfac.this.finish(grads, params);
            java.util.Arrays.fill(grads, null);
            java.util.Arrays.fill(params, null);
        }
    }

    /**
     * Whether {@link #preconditionFromBatch} is cheaper for this block and batch than the two
     * n³ GEMMs on ∇W: its three GEMMs of B·n² cost {@code 2B(out² + in·da + out·da)} flops
     * against {@code 2·out·da·(out + da)}, and are asked to save a fifth, since GEMMs with an
     * inner extent of B run less efficiently (at B = 128 and width 256 they save 25%).
     */
    static boolean lowRank(int batch, int in, int out, int da) {
        double fromBatch = (double) batch * ((double) out * out + (double) in * da + (double) out * da);
        double fromGradient = (double) out * da * (out + da);
        return fromBatch < 0.8 * fromGradient;
    }

    private static boolean lowRank(Block b, int batch) {
        return lowRank(batch, b.in, b.out, b.da);
    }

    /**
     * {@code tmp3 = α Δ} from the layer's last batch, using {@code ∇W = dyᵀx}, {@code ∇b = dyᵀ1}:
     * {@code Δ = G⁻¹ dyᵀ [x 1] A⁻¹ = Pᵀ Qᵀᵀ} with {@code Pᵀ = G⁻¹dyᵀ} (out × B) and
     * {@code Qᵀ = A⁻¹[x 1]ᵀ} (da × B; A⁻¹ is symmetric), three GEMMs of B·n² instead of two of n³.
     */
    private void preconditionFromBatch(Block b, float alpha, float[] aInv, float[] gInv) {
        Tensor x = b.layer.lastInput();
        Tensor dy = b.layer.lastOutputGradient();
        int batch = x.rows();
        int need = Math.max(b.out, b.da) * batch;
        if (batchP == null || batchP.length < need) {   // once per batch size
            batchP = new float[need];
            batchQ = new float[need];
        }
        gemm.sgemm(false, true, b.out, batch, b.out, 1f, gInv, 0, b.out, dy.data(), 0, b.out, 0f, batchP, 0, batch);
        float beta = 0f;
        if (b.bias >= 0) {
            // the column of ones: Qᵀ starts as A⁻¹'s last column repeated over the batch
            for (int r = 0; r < b.da; r++) java.util.Arrays.fill(batchQ, r * batch, r * batch + batch, aInv[r * b.da + b.in]);
            beta = 1f;
        }
        gemm.sgemm(false, true, b.da, batch, b.in, 1f, aInv, 0, b.da, x.data(), 0, b.in, beta, batchQ, 0, batch);
        gemm.sgemm(false, true, b.out, b.da, batch, alpha, batchP, 0, batch, batchQ, 0, batch, 0f, tmp3, 0, b.da);
    }

    /**
     * Factored Tikhonov damping and Cholesky inverses of every block's factors, the blocks cut
     * between the engine's workers, each inverting its blocks single-threaded with buffers of
     * its own: every block's inverse is computed alone, so the result does not depend on the
     * cut.
     */
    private void refreshInverses(KfacState state) {
        refreshing = state;
        saturn.engine.parallel.Workers pool = saturn.engine.parallel.Workers.pool();
        int parts = Math.min(pool.size(), blocks.size());
        if (partCholesky.length < parts) {
            Cholesky[] grown = java.util.Arrays.copyOf(partCholesky, parts);
            for (int p = Math.max(1, partCholesky.length); p < parts; p++) grown[p] = new Cholesky(cholesky);
            partCholesky = grown;
        }
        pool.run(blocks.size(), parts, refreshBlocks);
        refreshing = null;
    }

    /** Inverts the factors of blocks {@code [from, to)} of {@link #refreshing}. */
    private void invertBlocks(int from, int to, Cholesky with) {
        float[][] a = refreshing.a();
        float[][] g = refreshing.g();
        float[][] aInv = refreshing.aInv();
        float[][] gInv = refreshing.gInv();
        double sqrtGamma = Math.sqrt(damping);
        for (int i = from; i < to; i++) {
            Block b = blocks.get(i);
            double pi = pi(a[i], b.da, g[i], b.out);
            with.invert(a[i], b.da, pi * sqrtGamma, aInv[i]);
            with.invert(g[i], b.out, sqrtGamma / pi, gInv[i]);
        }
    }

    /** {@code π = √((tr A/dim A)/(tr G/dim G))}, 1 when either trace is 0 or not finite. */
    static double pi(float[] a, int da, float[] g, int dg) {
        double ta = 0, tg = 0;
        for (int i = 0; i < da; i++) ta += a[i * da + i];
        for (int i = 0; i < dg; i++) tg += g[i * dg + i];
        double pi = Math.sqrt((ta / da) / (tg / dg));
        return pi > 0 && Double.isFinite(pi) ? pi : 1.0;
    }
}
