package saturn.engine.simd;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import saturn.engine.kernel.ActivationKernel;
import saturn.engine.kernel.ActivationProgram;
import saturn.engine.kernel.Kernels;
import saturn.engine.kernel.SumOrder;

/**
 * {@link Kernels} on the Vector API (preferred species), each loop followed by a scalar
 * tail. Elementwise operations perform the same roundings as {@code ScalarKernels}
 * ({@code axpy} multiplies then adds, no fused multiply-add), so they agree exactly.
 *
 * <p>Reductions accumulate in double, as the reference does: each float vector is widened
 * to two double vectors (exact) and added lane-wise. {@code columnSums} walks the rows of a
 * column block in the reference's order, so its column sums are identical; {@code sumSquares}
 * follows {@link SumOrder} as the reference does, so it is identical too; {@code sum} and
 * {@code dot} add in lane-interleaved order and differ from the sequential sum only by double
 * rounding (relative ~1e-16 · n). The optimizers' fused steps are {@link VectorUpdateKernels}.
 *
 * <p>Load only after the capability check in {@code saturn.engine.Backends}: the static
 * initializer touches the incubator module.
 */
public final class VectorKernels implements Kernels {

    private static final VectorSpecies<Float> F = VectorMath.F;
    private static final VectorSpecies<Double> D = F.vectorShape().withLanes(double.class);
    private static final int L = F.length();
    /** Lanes taken from the high double half when narrowing column sums back to floats. */
    private static final jdk.incubator.vector.VectorMask<Float> HIGH_HALF =
            jdk.incubator.vector.VectorMask.fromLong(F, -1L << (L / 2));

    static {
        InlineDirective.install();
    }

    /** Lanes of the preferred float species on this machine. */
    public static int preferredFloatLanes() {
        return L;
    }

    @Override
    public void columnSums(float[] g, int rows, int cols, float[] out) {
        int bound = F.loopBound(cols);
        int chunk = ActivationKernel.SUM_ROWS;
        int c = 0;
        for (; c < bound; c += L) {
            DoubleVector totalLo = DoubleVector.zero(D);
            DoubleVector totalHi = DoubleVector.zero(D);
            for (int r0 = 0; r0 < rows; r0 += chunk) {
                DoubleVector lo = DoubleVector.zero(D);
                DoubleVector hi = DoubleVector.zero(D);
                for (int r = r0, r1 = Math.min(rows, r0 + chunk); r < r1; r++) {
                    FloatVector v = FloatVector.fromArray(F, g, r * cols + c);
                    lo = lo.add((DoubleVector) v.convertShape(VectorOperators.F2D, D, 0));
                    hi = hi.add((DoubleVector) v.convertShape(VectorOperators.F2D, D, 1));
                }
                totalLo = totalLo.add(lo);
                totalHi = totalHi.add(hi);
            }
            ((FloatVector) totalLo.convertShape(VectorOperators.D2F, F, 0))
                    .blend((FloatVector) totalHi.convertShape(VectorOperators.D2F, F, -1), HIGH_HALF)
                    .intoArray(out, c);
        }
        ActivationKernel.columnSumsInChunks(g, rows, cols, out, c);   // the columns past the last whole vector
    }

    @Override
    public void mul(float[] a, float[] b, float[] out, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(F, a, i).mul(FloatVector.fromArray(F, b, i)).intoArray(out, i);
        }
        for (; i < n; i++) out[i] = a[i] * b[i];
    }

    private void mulFlushToZeroRange(float[] a, float[] b, float[] out, int from, int n) {
        int i = from;
        for (int bound = from + F.loopBound(n - from); i < bound; i += L) {
            FloatVector p = FloatVector.fromArray(F, a, i).mul(FloatVector.fromArray(F, b, i));
            p.blend(0f, p.abs().lt(Float.MIN_NORMAL)).intoArray(out, i);
        }
        for (; i < n; i++) {
            float p = a[i] * b[i];
            out[i] = Math.abs(p) < Float.MIN_NORMAL ? 0f : p;
        }
    }

    @Override
    public void axpy(float alpha, float[] x, float[] y, int n) {
        synchronized (chunks) {
            chunks.s0 = alpha;
            chunks.go(AXPY, n, x, y, null, null, null);
        }
    }

    private void axpyRange(float alpha, float[] x, float[] y, int from, int n) {
        int i = from;
        for (int bound = from + F.loopBound(n - from); i < bound; i += L) {
            FloatVector.fromArray(F, x, i).mul(alpha).add(FloatVector.fromArray(F, y, i)).intoArray(y, i);
        }
        for (; i < n; i++) y[i] += alpha * x[i];
    }

    @Override
    public void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector.fromArray(F, x, xOff + i).mul(alpha).add(FloatVector.fromArray(F, y, yOff + i))
                    .intoArray(y, yOff + i);
        }
        for (; i < n; i++) y[yOff + i] += alpha * x[xOff + i];
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
        synchronized (squares) {
            return squares.sumSquares(x, off, n);
        }
    }

    /**
     * {@link SumOrder}'s 16 double totals of the blocks of {@code x[off+from .. off+to)} into
     * {@code out[outOff .. outOff+16)} ({@code from} a block start).
     */
    private static void sumSquaresRange(float[] x, int off, int from, int to, double[] out, int outOff) {
        if (L == SumOrder.PARTS) sumSquares16Range(x, off, from, to, out, outOff);
        else if (2 * L == SumOrder.PARTS) sumSquares8Range(x, off, from, to, out, outOff);
        else SumOrder.runTotals(x, off, from, to, out, outOff);   // other widths: the same order, scalar
    }

    /** 16 float lanes: one vector holds the 16 float partials of {@link SumOrder}, flushed to two double vectors per block. */
    private static void sumSquares16Range(float[] x, int off, int from, int to, double[] out, int outOff) {
        DoubleVector d0 = DoubleVector.zero(D);
        DoubleVector d1 = DoubleVector.zero(D);
        for (int start = from; start < to; start += SumOrder.BLOCK) {
            int end = Math.min(to, start + SumOrder.BLOCK);
            FloatVector f = FloatVector.zero(F);
            int i = start;
            for (; i + L <= end; i += L) {
                FloatVector v = FloatVector.fromArray(F, x, off + i);
                f = v.fma(v, f);
            }
            if (i < end) {                                 // the tail, zero-padded: 0·0 + f = f
                FloatVector v = FloatVector.fromArray(F, x, off + i, F.indexInRange(i, end));
                f = v.fma(v, f);
            }
            d0 = d0.add(f.convertShape(VectorOperators.F2D, D, 0));
            d1 = d1.add(f.convertShape(VectorOperators.F2D, D, 1));
        }
        d0.intoArray(out, outOff);
        d1.intoArray(out, outOff + 8);
    }

    /** 8 float lanes: two vectors per 16 partials, four double accumulators of 4 partials each. */
    private static void sumSquares8Range(float[] x, int off, int from, int to, double[] out, int outOff) {
        DoubleVector d0 = DoubleVector.zero(D), d1 = d0, d2 = d0, d3 = d0;
        for (int start = from; start < to; start += SumOrder.BLOCK) {
            int end = Math.min(to, start + SumOrder.BLOCK);
            FloatVector f = FloatVector.zero(F), h = f;
            int i = start;
            for (; i + 2 * L <= end; i += 2 * L) {
                FloatVector v = FloatVector.fromArray(F, x, off + i);
                FloatVector w = FloatVector.fromArray(F, x, off + i + L);
                f = v.fma(v, f);
                h = w.fma(w, h);
            }
            if (i < end) {
                FloatVector v = FloatVector.fromArray(F, x, off + i, F.indexInRange(i, end));
                FloatVector w = FloatVector.fromArray(F, x, off + i + L, F.indexInRange(i + L, end));
                f = v.fma(v, f);
                h = w.fma(w, h);
            }
            d0 = d0.add(f.convertShape(VectorOperators.F2D, D, 0));
            d1 = d1.add(f.convertShape(VectorOperators.F2D, D, 1));
            d2 = d2.add(h.convertShape(VectorOperators.F2D, D, 0));
            d3 = d3.add(h.convertShape(VectorOperators.F2D, D, 1));
        }
        d0.intoArray(out, outOff);
        d1.intoArray(out, outOff + 4);
        d2.intoArray(out, outOff + 8);
        d3.intoArray(out, outOff + 12);
    }

    @Override
    public double dot(float[] a, int aOff, float[] b, int bOff, int n) {
        DoubleVector acc0 = DoubleVector.zero(D);
        DoubleVector acc1 = DoubleVector.zero(D);
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector va = FloatVector.fromArray(F, a, aOff + i);
            FloatVector vb = FloatVector.fromArray(F, b, bOff + i);
            DoubleVector aLo = (DoubleVector) va.convertShape(VectorOperators.F2D, D, 0);
            DoubleVector aHi = (DoubleVector) va.convertShape(VectorOperators.F2D, D, 1);
            DoubleVector bLo = (DoubleVector) vb.convertShape(VectorOperators.F2D, D, 0);
            DoubleVector bHi = (DoubleVector) vb.convertShape(VectorOperators.F2D, D, 1);
            acc0 = aLo.fma(bLo, acc0);
            acc1 = aHi.fma(bHi, acc1);
        }
        double s = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) s += (double) a[aOff + i] * b[bOff + i];
        return s;
    }

    @Override
    public double dotThenMove(float[] x, int xOff, float[] g, int gOff, float[] p, int pOff, int n) {
        // dot's arithmetic in dot's order, with the stores added (two loops: no test inside)
        DoubleVector acc0 = DoubleVector.zero(D);
        DoubleVector acc1 = DoubleVector.zero(D);
        int i = 0;
        int bound = F.loopBound(n);
        if (p == null) {
            for (; i < bound; i += L) {
                FloatVector va = FloatVector.fromArray(F, x, xOff + i);
                FloatVector vb = FloatVector.fromArray(F, g, gOff + i);
                acc0 = ((DoubleVector) va.convertShape(VectorOperators.F2D, D, 0))
                        .fma((DoubleVector) vb.convertShape(VectorOperators.F2D, D, 0), acc0);
                acc1 = ((DoubleVector) va.convertShape(VectorOperators.F2D, D, 1))
                        .fma((DoubleVector) vb.convertShape(VectorOperators.F2D, D, 1), acc1);
                va.intoArray(g, gOff + i);
            }
        } else {
            for (; i < bound; i += L) {
                FloatVector va = FloatVector.fromArray(F, x, xOff + i);
                FloatVector vb = FloatVector.fromArray(F, g, gOff + i);
                acc0 = ((DoubleVector) va.convertShape(VectorOperators.F2D, D, 0))
                        .fma((DoubleVector) vb.convertShape(VectorOperators.F2D, D, 0), acc0);
                acc1 = ((DoubleVector) va.convertShape(VectorOperators.F2D, D, 1))
                        .fma((DoubleVector) vb.convertShape(VectorOperators.F2D, D, 1), acc1);
                va.intoArray(g, gOff + i);
                va.add(FloatVector.fromArray(F, p, pOff + i)).intoArray(p, pOff + i);
            }
        }
        double s = acc0.add(acc1).reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            float xi = x[xOff + i];
            s += (double) xi * g[gOff + i];
            g[gOff + i] = xi;
            if (p != null) p[pOff + i] += 1f * xi;
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
    public void mulFlushToZero(float[] a, float[] b, float[] out, int n) {
        synchronized (chunks) {
            chunks.go(MUL_FTZ, n, a, b, out, null, null);
        }
    }

    // ---- the kernels cut between the workers --------------------------------------------------

    private static final int MUL_FTZ = 0, AXPY = 1;

    /** The arguments of one elementwise kernel, cut into chunks. */
    private final class Elementwise extends Chunks {
        @Override
        void range(int from, int to) {
            switch (kind) {
                case MUL_FTZ -> mulFlushToZeroRange(a, b, c, from, to);
                case AXPY -> axpyRange(s0, a, b, from, to);
                default -> throw new IllegalStateException("kernel " + kind);
            }
        }
    }

    private final Elementwise chunks = new Elementwise();

    /** {@code sumSquares} run by run. */
    private static final class SquareRuns extends NormRuns {
        private final double[] totals = new double[SumOrder.PARTS];
        float[] x;
        int off;

        @Override
        void runTotals(int start, int end, double[] out, int outOff) {
            sumSquaresRange(x, off, start, end, out, outOff);
        }

        @Override
        void release() {
            x = null;
        }

        double sumSquares(float[] x, int off, int n) {
            this.x = x;
            this.off = off;
            go(n, SumOrder.PARTS, totals);
            return SumOrder.combine(totals, 0);
        }
    }

    private final SquareRuns squares = new SquareRuns();

    @Override
    public ActivationKernel activation(ActivationProgram program) {
        return new VectorActivationKernel(program);
    }

    @Override
    public String name() {
        return "vector-" + F.vectorBitSize();
    }
}
