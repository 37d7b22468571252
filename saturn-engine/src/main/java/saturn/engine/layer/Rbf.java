package saturn.engine.layer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import saturn.engine.tensor.Ops;
import saturn.engine.tensor.Parameter;
import saturn.engine.tensor.Tensor;

/**
 * Gaussian RBF units {@code y_bj = exp(−‖x_b − c_j‖² / (2 s_j² m_b))} with trainable centres
 * {@code c [out, in]} and log-widths {@code log s [out]}; {@code m_b} is the reference scale of
 * the layer's {@link RbfNorm} (1 without one). Distances go through GEMM:
 * {@code ‖x−c‖² = ‖x‖² − 2 x·c + ‖c‖²} (clamped at 0 against rounding).
 */
public final class Rbf implements WeightLayer {

    /** Added to every reference scale, so that it stays positive when all distances are 0. */
    public static final float EPS = 1e-8f;
    /** Weight of a batch in the running input statistics once the first batches have been averaged. */
    static final float MOMENTUM = 0.01f;

    private final Ops ops;
    private final int in;
    private final int out;
    private final RbfNorm norm;
    final float[] centers;
    final float[] centersGrad;
    final float[] logWidth;
    final float[] logWidthGrad;
    /** {@link RbfNorm#RUNNING}: input mean μ, input variances v, batches seen. */
    final float[] inputMean;
    final float[] inputVar;
    final float[] tracked;

    private boolean needInputGradient = true;
    private boolean training = true;
    private final float[] centerNorms;   // ‖c_j‖²
    private final float[] invTwoVar;     // 1 / (2 s_j²)
    private final float[] colSums;       // Σ_b g_bj
    private float[] rowNorms;            // ‖x_b‖², then reused for Σ_j g_bj
    private float[] scale;               // 1 / m_b
    private float[] offset;              // NEAREST: min_k d_bk, else 0
    private int[] nearest;               // NEAREST: its unit
    private Tensor x;
    private Tensor sq;                   // ‖x_b − c_j‖²
    private Tensor y;
    private Tensor g;                    // dL/d‖x_b − c_j‖²
    private Tensor argGrad;              // dL/d(argument) = −dy·y
    private Tensor dx;

    public Rbf(int in, int out, Ops ops) {
        this(in, out, RbfNorm.NONE, ops);
    }

    public Rbf(int in, int out, RbfNorm norm, Ops ops) {
        if (in <= 0 || out <= 0) throw new IllegalArgumentException("sizes must be positive: " + in + " -> " + out);
        this.ops = ops;
        this.in = in;
        this.out = out;
        this.norm = norm;
        this.centers = new float[out * in];
        this.centersGrad = new float[out * in];
        this.logWidth = new float[out];
        this.logWidthGrad = new float[out];
        boolean running = norm == RbfNorm.RUNNING;
        this.inputMean = running ? new float[in] : null;
        this.inputVar = running ? new float[in] : null;
        this.tracked = running ? new float[1] : null;
        if (running) Arrays.fill(inputVar, 1f);
        this.centerNorms = new float[out];
        this.invTwoVar = new float[out];
        this.colSums = new float[out];
    }

    @Override
    public Tensor forward(Tensor x) {
        int batch = x.rows();
        this.x = x;
        sq = Tensor.reuse(sq, batch, out);
        y = Tensor.reuse(y, batch, out);
        if (rowNorms == null || rowNorms.length != batch) {
            rowNorms = new float[batch];
            scale = new float[batch];
            offset = new float[batch];
            nearest = new int[batch];
        }
        float[] xd = x.data();
        if (norm == RbfNorm.RUNNING && training && tracked[0] == 0) track(xd, batch);
        for (int b = 0; b < batch; b++) rowNorms[b] = (float) ops.kernels().sumSquares(xd, b * in, in);
        for (int j = 0; j < out; j++) {
            centerNorms[j] = (float) ops.kernels().sumSquares(centers, j * in, in);
            invTwoVar[j] = (float) (0.5 * Math.exp(-2.0 * logWidth[j]));
        }
        float[] s = sq.data();
        // s = −2 x cᵀ, then add the norms
        ops.gemm().sgemm(false, true, batch, out, in, -2f, xd, 0, in, centers, 0, in, 0f, s, 0, out);
        for (int b = 0; b < batch; b++) {
            int o = b * out;
            float xx = rowNorms[b];
            for (int j = 0; j < out; j++) s[o + j] = Math.max(0f, s[o + j] + xx + centerNorms[j]);
        }
        switch (norm) {
            case NONE -> Arrays.fill(scale, 0, batch, 1f);
            case EXAMPLE -> {
                for (int b = 0; b < batch; b++) {
                    double sum = 0;
                    for (int j = 0; j < out; j++) sum += s[b * out + j];
                    scale[b] = (float) (1.0 / (sum / out + EPS));
                }
            }
            case RUNNING -> Arrays.fill(scale, 0, batch, (float) (1.0 / expectedDistance()));
            case NEAREST -> {
                for (int b = 0; b < batch; b++) {
                    int o = b * out, best = 0;
                    double sum = 0;
                    for (int j = 0; j < out; j++) {
                        sum += s[o + j];
                        if (s[o + j] < s[o + best]) best = j;
                    }
                    nearest[b] = best;
                    offset[b] = s[o + best];
                    scale[b] = (float) (1.0 / (sum / out - offset[b] + EPS));
                }
            }
        }
        if (norm != RbfNorm.NEAREST) Arrays.fill(offset, 0, batch, 0f);
        float[] yd = y.data();
        for (int b = 0; b < batch; b++) {
            int o = b * out;
            float k = scale[b];
            float d0 = offset[b];
            for (int j = 0; j < out; j++) yd[o + j] = (float) Math.exp(-(s[o + j] - d0) * k * invTwoVar[j]);
        }
        if (norm == RbfNorm.RUNNING && training) track(xd, batch);
        return y;
    }

    /**
     * {@code m = mean_j ‖μ − c_j‖² + Σ_i v_i + ε}: the expected squared distance of an input
     * with mean μ and variances v to the layer's centres, averaged over units ({@link RbfNorm#RUNNING}
     * only: the tracked statistics, frozen at inference).
     */
    public double expectedDistance() {
        double total = 0;
        for (int i = 0; i < in; i++) total += inputVar[i];
        double centred = 0;
        for (int j = 0; j < out; j++) {
            int o = j * in;
            for (int i = 0; i < in; i++) {
                double d = centers[o + i] - inputMean[i];
                centred += d * d;
            }
        }
        return centred / out + total + EPS;
    }

    /** Folds this batch's input mean and variances into the running ones (the first batch sets them). */
    private void track(float[] xd, int batch) {
        double w = Math.max(MOMENTUM, 1.0 / (tracked[0] + 1));
        for (int i = 0; i < in; i++) {
            double s1 = 0;
            for (int b = 0; b < batch; b++) s1 += xd[b * in + i];
            double mean = s1 / batch;
            double s2 = 0;
            for (int b = 0; b < batch; b++) {
                double d = xd[b * in + i] - mean;
                s2 += d * d;
            }
            inputMean[i] = (float) ((1 - w) * inputMean[i] + w * mean);
            inputVar[i] = (float) ((1 - w) * inputVar[i] + w * s2 / batch);
        }
        tracked[0] += 1;
    }

    @Override
    public Tensor backward(Tensor dy) {
        int batch = dy.rows();
        g = Tensor.reuse(g, batch, out);
        argGrad = Tensor.reuse(argGrad, batch, out);
        float[] gd = g.data();
        float[] ad = argGrad.data();
        float[] dyd = dy.data();
        float[] yd = y.data();
        float[] s = sq.data();
        Arrays.fill(colSums, 0f);
        Arrays.fill(logWidthGrad, 0f);   // small: overwritten by accumulating from 0
        double scaleGrad = 0;            // RUNNING: Σ_bj dL/dr_bj · r_bj
        for (int b = 0; b < batch; b++) {
            int o = b * out;
            float k = scale[b];
            float d0 = offset[b];
            double rowDot = 0;           // EXAMPLE, NEAREST: Σ_j dL/dr_bj · r_bj
            double rowGrad = 0;          // NEAREST: Σ_j dL/dr_bj
            for (int j = 0; j < out; j++) {
                float dyy = dyd[o + j] * yd[o + j];
                ad[o + j] = -dyy;
                float r = (s[o + j] - d0) * k;
                // dy/dlog s = y · r / s² = y · r · 2·invTwoVar
                logWidthGrad[j] += 2f * dyy * r * invTwoVar[j];
                float dr = -dyy * invTwoVar[j];
                gd[o + j] = dr;
                rowDot += (double) dr * r;
                rowGrad += dr;
            }
            if (norm == RbfNorm.EXAMPLE || norm == RbfNorm.NEAREST) {
                // r_bj = d_bj / m_b with m_b = mean_k d_bk + ε: dL/dd_bk = (dL/dr_bk − mean_j dL/dr_bj r_bj) / m_b
                float shift = (float) (rowDot / out);
                for (int j = 0; j < out; j++) gd[o + j] = (gd[o + j] - shift) * k;
                // NEAREST, r_bj = (d_bj − d_bn) / (mean_k d_bk − d_bn + ε) with n the nearest unit:
                // d_bn also enters every numerator and the scale, dL/dd_bn += (Σ_j dL/dr_bj r_bj − Σ_j dL/dr_bj) / m_b
                if (norm == RbfNorm.NEAREST) gd[o + nearest[b]] += (float) ((rowDot - rowGrad) * k);
            } else if (norm == RbfNorm.RUNNING) {
                for (int j = 0; j < out; j++) gd[o + j] *= k;
                scaleGrad += rowDot;
            }
            double rowSum = 0;
            for (int j = 0; j < out; j++) {
                rowSum += gd[o + j];
                colSums[j] += gd[o + j];
            }
            rowNorms[b] = (float) rowSum;
        }
        // dC_j = Σ_b g_bj · (−2)(x_b − c_j) = −2 (gᵀ x)_j + 2 c_j Σ_b g_bj  (beta = 0 overwrites)
        ops.gemm().sgemm(true, false, out, in, batch, -2f, gd, 0, out, x.data(), 0, in, 0f,
                centersGrad, 0, in);
        for (int j = 0; j < out; j++) {
            float f = 2f * colSums[j];
            int o = j * in;
            for (int i = 0; i < in; i++) centersGrad[o + i] += f * centers[o + i];
        }
        if (norm == RbfNorm.RUNNING) {
            // m = mean_j ‖μ − c_j‖² + Σv + ε: dL/dm = −Σ dL/dr · r / m, dm/dc_j = 2 (c_j − μ) / out
            float f = (float) (-scaleGrad * scale[0] * 2 / out);
            for (int j = 0; j < out; j++) {
                int o = j * in;
                for (int i = 0; i < in; i++) centersGrad[o + i] += f * (centers[o + i] - inputMean[i]);
            }
        }
        if (!needInputGradient) return null;
        // dx_b = Σ_j g_bj · 2(x_b − c_j) = −2 (g C)_b + 2 x_b Σ_j g_bj
        dx = Tensor.reuse(dx, batch, in);
        float[] dxd = dx.data();
        float[] xd = x.data();
        ops.gemm().sgemm(false, false, batch, in, out, -2f, gd, 0, out, centers, 0, in, 0f, dxd, 0, in);
        for (int b = 0; b < batch; b++) {
            float f = 2f * rowNorms[b];
            int o = b * in;
            for (int i = 0; i < in; i++) dxd[o + i] += f * xd[o + i];
        }
        return dx;
    }

    @Override
    public void needInputGradient(boolean need) {
        needInputGradient = need;
    }

    @Override
    public void setTraining(boolean training) {
        this.training = training;
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> p = new ArrayList<>(List.of(Parameter.trainable("centers", centers, centersGrad, out, in),
                Parameter.trainable("log_width", logWidth, logWidthGrad, out)));
        if (norm == RbfNorm.RUNNING) {
            p.add(Parameter.buffer("input_mean", inputMean, in));
            p.add(Parameter.buffer("input_var", inputVar, in));
            p.add(Parameter.buffer("tracked", tracked, 1));
        }
        return List.copyOf(p);
    }

    /** The normalization of the distances. */
    public RbfNorm norm() {
        return norm;
    }

    /** Squared distances {@code ‖x_b − c_j‖²} of the last forward pass, {@code [batch, out]}. */
    public Tensor squaredDistances() {
        return sq;
    }

    /** {@code 1/m_b}, the factor of example b's squared distances in the last forward pass. */
    public float distanceScale(int b) {
        return scale[b];
    }

    /** The mean over the examples of the last forward pass of their reference scale {@code m_b} (1 without a normalization). */
    public double meanReferenceScale() {
        double total = 0;
        int batch = sq.rows();
        for (int b = 0; b < batch; b++) total += 1.0 / scale[b];
        return total / batch;
    }

    /**
     * The Gaussian's argument {@code d_bj / (2 s_j² m_b) ≥ 0} of the last forward pass, unit j of
     * example b ({@code y = exp(−argument)}).
     */
    public double argument(int b, int j) {
        return ((double) sq.data()[b * out + j] - offset[b]) * scale[b] * invTwoVar[j];
    }

    /** The unit outputs of the last forward pass. */
    public Tensor output() {
        return y;
    }

    /** {@code dL/d‖x_b − c_j‖²} of the last backward pass. */
    public Tensor squaredDistanceGradient() {
        return g;
    }

    /** {@code dL/d(argument)} of the last backward pass, null before the first. */
    public Tensor argumentGradient() {
        return argGrad;
    }

    public float[] logWidth() {
        return logWidth;
    }

    @Override
    public float[] weight() {
        return centers;
    }

    @Override
    public float[] weightGrad() {
        return centersGrad;
    }

    @Override
    public float[] bias() {
        return null;
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
        return "RBF";
    }
}
