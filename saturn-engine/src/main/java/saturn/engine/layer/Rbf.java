package saturn.engine.layer;

import java.util.List;

import saturn.engine.blas.Gemm;
import saturn.engine.tensor.Ops;
import saturn.engine.tensor.Parameter;
import saturn.engine.tensor.Tensor;

/**
 * Gaussian RBF units {@code y_bj = exp(−‖x_b − c_j‖² / (2 s_j²))} with trainable centres
 * {@code c [out, in]} and log-widths {@code log s [out]}. Distances go through GEMM:
 * {@code ‖x−c‖² = ‖x‖² − 2 x·c + ‖c‖²} (clamped at 0 against rounding).
 */
public final class Rbf implements WeightLayer {

    private final Ops ops;
    private final int in;
    private final int out;
    final float[] centers;
    final float[] centersGrad;
    final float[] logWidth;
    final float[] logWidthGrad;

    private boolean needInputGradient = true;
    private final float[] centerNorms;   // ‖c_j‖²
    private final float[] invTwoVar;     // 1 / (2 s_j²)
    private final float[] colSums;       // Σ_b g_bj
    private float[] rowNorms;            // ‖x_b‖², then reused for Σ_j g_bj
    private Tensor x;
    private Tensor sq;                   // ‖x_b − c_j‖²
    private Tensor y;
    private Tensor g;                    // dL/d‖x_b − c_j‖²
    private Tensor dx;

    public Rbf(int in, int out, Ops ops) {
        if (in <= 0 || out <= 0) throw new IllegalArgumentException("sizes must be positive: " + in + " -> " + out);
        this.ops = ops;
        this.in = in;
        this.out = out;
        this.centers = new float[out * in];
        this.centersGrad = new float[out * in];
        this.logWidth = new float[out];
        this.logWidthGrad = new float[out];
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
        if (rowNorms == null || rowNorms.length != batch) rowNorms = new float[batch];
        float[] xd = x.data();
        for (int b = 0; b < batch; b++) rowNorms[b] = (float) ops.kernels().sumSquares(xd, b * in, in);
        for (int j = 0; j < out; j++) {
            centerNorms[j] = (float) ops.kernels().sumSquares(centers, j * in, in);
            invTwoVar[j] = (float) (0.5 * Math.exp(-2.0 * logWidth[j]));
        }
        float[] s = sq.data();
        // s = −2 x cᵀ, then add the norms
        ops.gemm().sgemm(false, true, batch, out, in, -2f, xd, 0, in, centers, 0, in, 0f, s, 0, out);
        float[] yd = y.data();
        for (int b = 0; b < batch; b++) {
            int o = b * out;
            float xx = rowNorms[b];
            for (int j = 0; j < out; j++) {
                float d2 = Math.max(0f, s[o + j] + xx + centerNorms[j]);
                s[o + j] = d2;
                yd[o + j] = (float) Math.exp(-d2 * invTwoVar[j]);
            }
        }
        return y;
    }

    @Override
    public Tensor backward(Tensor dy) {
        int batch = dy.rows();
        g = Tensor.reuse(g, batch, out);
        float[] gd = g.data();
        float[] dyd = dy.data();
        float[] yd = y.data();
        float[] s = sq.data();
        java.util.Arrays.fill(colSums, 0f);
        java.util.Arrays.fill(logWidthGrad, 0f);   // small: overwritten by accumulating from 0
        for (int b = 0; b < batch; b++) {
            int o = b * out;
            double rowSum = 0;
            for (int j = 0; j < out; j++) {
                float dyy = dyd[o + j] * yd[o + j];
                // dy/dlog s = y · d² / s² = y · d² · 2·invTwoVar
                logWidthGrad[j] += 2f * dyy * s[o + j] * invTwoVar[j];
                float gj = -dyy * invTwoVar[j];
                gd[o + j] = gj;
                rowSum += gj;
                colSums[j] += gj;
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
    public List<Parameter> parameters() {
        return List.of(Parameter.trainable("centers", centers, centersGrad, out, in),
                Parameter.trainable("log_width", logWidth, logWidthGrad, out));
    }

    /** Squared distances {@code ‖x_b − c_j‖²} of the last forward pass, {@code [batch, out]}. */
    public Tensor squaredDistances() {
        return sq;
    }

    /** The unit outputs of the last forward pass. */
    public Tensor output() {
        return y;
    }

    /** {@code dL/d‖x_b − c_j‖²} of the last backward pass. */
    public Tensor squaredDistanceGradient() {
        return g;
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
