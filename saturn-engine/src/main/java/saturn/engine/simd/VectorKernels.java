package saturn.engine.simd;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import saturn.engine.kernel.ActivationKernel;
import saturn.engine.kernel.ActivationProgram;
import saturn.engine.kernel.Kernels;

/**
 * {@link Kernels} on the Vector API (preferred species), each loop followed by a scalar
 * tail. Elementwise operations perform the same roundings as {@code ScalarKernels}
 * ({@code axpy} multiplies then adds, no fused multiply-add), so they agree exactly.
 *
 * <p>Reductions accumulate in double, as the reference does: each float vector is widened
 * to two double vectors (exact) and added lane-wise. {@code sumRows} walks the rows of a
 * column block in the reference's order, so its column sums are identical; {@code sum} and
 * {@code sumSquares} add in lane-interleaved order and differ from the sequential sum only
 * by double rounding (relative ~1e-16 · n).
 *
 * <p>Load only after the capability check in {@code saturn.engine.Backends}: the static
 * initializer touches the incubator module.
 */
public final class VectorKernels implements Kernels {

    private static final VectorSpecies<Float> F = VectorMath.F;
    private static final VectorSpecies<Double> D = F.vectorShape().withLanes(double.class);
    private static final int L = F.length();

    static {
        InlineDirective.install();
    }

    /** Lanes of the preferred float species on this machine. */
    public static int preferredFloatLanes() {
        return L;
    }

    @Override
    public void addBias(float[] h, int rows, int cols, float[] bias) {
        int bound = F.loopBound(cols);
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            int c = 0;
            for (; c < bound; c += L) {
                FloatVector.fromArray(F, h, o + c).add(FloatVector.fromArray(F, bias, c)).intoArray(h, o + c);
            }
            for (; c < cols; c++) h[o + c] += bias[c];
        }
    }

    @Override
    public void sumRows(float[] g, int rows, int cols, float[] out) {
        int bound = F.loopBound(cols);
        int c = 0;
        for (; c < bound; c += L) {
            DoubleVector lo = DoubleVector.zero(D);
            DoubleVector hi = DoubleVector.zero(D);
            for (int r = 0; r < rows; r++) {
                FloatVector v = FloatVector.fromArray(F, g, r * cols + c);
                lo = lo.add((DoubleVector) v.convertShape(VectorOperators.F2D, D, 0));
                hi = hi.add((DoubleVector) v.convertShape(VectorOperators.F2D, D, 1));
            }
            int half = D.length();
            for (int j = 0; j < half; j++) {
                out[c + j] += (float) lo.lane(j);
                out[c + half + j] += (float) hi.lane(j);
            }
        }
        for (; c < cols; c++) {
            double s = 0;
            for (int r = 0; r < rows; r++) s += g[r * cols + c];
            out[c] += (float) s;
        }
    }

    @Override
    public void mul(float[] a, float[] b, float[] out, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(F, a, i).mul(FloatVector.fromArray(F, b, i)).intoArray(out, i);
        }
        for (; i < n; i++) out[i] = a[i] * b[i];
    }

    @Override
    public void axpy(float alpha, float[] x, float[] y, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(F, x, i).mul(alpha).add(FloatVector.fromArray(F, y, i)).intoArray(y, i);
        }
        for (; i < n; i++) y[i] += alpha * x[i];
    }

    @Override
    public void scale(float alpha, float[] x, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(F, x, i).mul(alpha).intoArray(x, i);
        }
        for (; i < n; i++) x[i] *= alpha;
    }

    @Override
    public double sumSquares(float[] x, int off, int n) {
        DoubleVector acc0 = DoubleVector.zero(D);
        DoubleVector acc1 = DoubleVector.zero(D);
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, off + i);
            DoubleVector lo = (DoubleVector) v.convertShape(VectorOperators.F2D, D, 0);
            DoubleVector hi = (DoubleVector) v.convertShape(VectorOperators.F2D, D, 1);
            acc0 = lo.fma(lo, acc0);
            acc1 = hi.fma(hi, acc1);
        }
        double s = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            double v = x[off + i];
            s += v * v;
        }
        return s;
    }

    @Override
    public double sum(float[] x, int off, int n) {
        DoubleVector acc0 = DoubleVector.zero(D);
        DoubleVector acc1 = DoubleVector.zero(D);
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(F, x, off + i);
            acc0 = acc0.add((DoubleVector) v.convertShape(VectorOperators.F2D, D, 0));
            acc1 = acc1.add((DoubleVector) v.convertShape(VectorOperators.F2D, D, 1));
        }
        double s = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) s += x[off + i];
        return s;
    }

    @Override
    public ActivationKernel activation(ActivationProgram program) {
        return new VectorActivationKernel(program);
    }

    @Override
    public String name() {
        return "vector-" + F.vectorBitSize();
    }
}
