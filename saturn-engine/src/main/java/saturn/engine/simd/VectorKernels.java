package saturn.engine.simd;

import saturn.engine.parallel.Workers;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import saturn.engine.kernel.ActivationKernel;
import saturn.engine.kernel.ActivationProgram;
import saturn.engine.kernel.Kernels;
import saturn.engine.kernel.ScalarKernels;
import saturn.engine.kernel.SumOrder;

/**
 * {@link Kernels} on the Vector API (preferred species), each loop followed by a scalar
 * tail. Elementwise operations perform the same roundings as {@code ScalarKernels}
 * ({@code axpy} multiplies then adds, no fused multiply-add), so they agree exactly.
 *
 * <p>Reductions accumulate in double, as the reference does: each float vector is widened
 * to two double vectors (exact) and added lane-wise. {@code columnSums} walks the rows of a
 * column block in the reference's order, so its column sums are identical; {@code sumSquares}
 * (and the norms {@code lambMoments} sums on the way) follow {@link SumOrder} as the reference
 * does, so they are identical too; {@code sum} and {@code dot} add in lane-interleaved order
 * and differ from the sequential sum only by double rounding (relative ~1e-16 · n).
 *
 * <p>Load only after the capability check in {@code saturn.engine.Backends}: the static
 * initializer touches the incubator module.
 */
public final class VectorKernels implements Kernels {

    private static final VectorSpecies<Float> F = VectorMath.F;
    private static final VectorSpecies<Double> D = F.vectorShape().withLanes(double.class);
    private static final int L = F.length();
    /** Whether one vector holds SumOrder's 16 partials, so that {@code lambMoments} can sum its norms on the way. */
    private static final boolean NORMS_IN_PASS = L == SumOrder.PARTS;
    /** {@code sumSquares} on machines whose vectors do not hold 8 or 16 floats. */
    private static final ScalarKernels SCALAR = new ScalarKernels();
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
        synchronized (halves) {
            halves.s0 = alpha;
            halves.go(AXPY, n, x, y, null, null, null);
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
        synchronized (norms) {
            return norms.sumSquares(x, off, n);
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
    public void adamRange(float[] w, float[] g, float[] m, float[] v, int from, int n, float b1, float b2, float c1,
                          float c2, float eps, boolean decay, float weightDecay, float rate) {
        float a1 = 1f - b1;
        float a2 = 1f - b2;
        float floor = Kernels.adamSquareFloor(a2);
        int i = from;
        for (int bound = from + F.loopBound(n - from); i < bound; i += L) {
            FloatVector gi = FloatVector.fromArray(F, g, i);
            FloatVector mi = FloatVector.fromArray(F, m, i).mul(b1).add(gi.mul(a1));
            FloatVector gs = gi.blend(0f, gi.abs().lt(floor));   // zeroed before squaring: no subnormal product
            FloatVector vi = FloatVector.fromArray(F, v, i).mul(b2).add(gs.mul(a2).mul(gs));
            mi.intoArray(m, i);
            vi.intoArray(v, i);
            FloatVector u = mi.mul(c1).div(vi.mul(c2).sqrt().add(eps));
            FloatVector wi = FloatVector.fromArray(F, w, i);
            if (decay) u = u.add(wi.mul(weightDecay));
            wi.add(u.mul(rate)).intoArray(w, i);
        }
        ScalarKernels.adamTail(w, g, m, v, i, n, b1, b2, c1, c2, eps, decay, weightDecay, rate);
    }

    private void larsRange(float[] w, float[] g, float[] t, int from, int n, boolean scaled, float local, float weightDecay, float rate,
                     float momentum) {
        int i = from;
        for (int bound = from + F.loopBound(n - from); i < bound; i += L) {
            FloatVector wi = FloatVector.fromArray(F, w, i);
            FloatVector u = FloatVector.fromArray(F, g, i);
            if (scaled) u = u.add(wi.mul(weightDecay)).mul(local);
            FloatVector ti = u.mul(rate).add(FloatVector.fromArray(F, t, i).mul(momentum));
            ti.intoArray(t, i);
            wi.add(ti).intoArray(w, i);
        }
        ScalarKernels.larsTail(w, g, t, i, n, scaled, local, weightDecay, rate, momentum);
    }

    @Override
    public void lambMoments(float[] w, float[] g, float[] m, float[] v, float[] u, int n, float b1, float b2, float c1,
                            float c2, float eps, float weightDecay, double[] partials) {
        synchronized (norms) {
            norms.lambMoments(w, g, m, v, u, n, b1, b2, c1, c2, eps, weightDecay, partials);
        }
    }

    /**
     * {@link #lambMoments} on the blocks of {@code [from, to)} ({@code from} a block start):
     * the moments and the step, and SumOrder's double totals of {@code w} into
     * {@code out[outOff .. +16)} and of {@code u} into {@code out[outOff+16 .. +32)}.
     */
    private static void lambMomentsRange(float[] w, float[] g, float[] m, float[] v, float[] u, int from, int to,
                                         float b1, float b2, float c1, float c2, float eps, float weightDecay,
                                         double[] out, int outOff) {
        float a1 = 1f - b1;
        float a2 = 1f - b2;
        float floor = Kernels.adamSquareFloor(a2);
        int bound = from + F.loopBound(to - from);
        // the scalar tail first: a call made while the accumulators below are live would box them
        ScalarKernels.lambMomentsTail(w, g, m, v, u, bound, to, b1, b2, c1, c2, eps, weightDecay);
        DoubleVector w0 = DoubleVector.zero(D), w1 = w0, u0 = w0, u1 = w0;
        for (int start = from; start < to; start += SumOrder.BLOCK) {
            int end = Math.min(bound, start + SumOrder.BLOCK);
            FloatVector fw = FloatVector.zero(F), fu = fw;         // SumOrder's float partials of w and u
            int i = start;
            for (; i < end; i += L) {
                FloatVector gi = FloatVector.fromArray(F, g, i);
                FloatVector wi = FloatVector.fromArray(F, w, i);
                FloatVector mi = FloatVector.fromArray(F, m, i).mul(b1).add(gi.mul(a1));
                FloatVector gs = gi.blend(0f, gi.abs().lt(floor));
                FloatVector vi = FloatVector.fromArray(F, v, i).mul(b2).add(gs.mul(a2).mul(gs));
                mi.intoArray(m, i);
                vi.intoArray(v, i);
                FloatVector ui = mi.mul(c1).div(vi.mul(c2).sqrt().add(eps));
                if (weightDecay != 0) ui = ui.add(wi.mul(weightDecay));
                ui.intoArray(u, i);
                if (NORMS_IN_PASS) {
                    fw = wi.fma(wi, fw);
                    fu = ui.fma(ui, fu);
                }
            }
            if (!NORMS_IN_PASS) continue;
            if (i < to && i < start + SumOrder.BLOCK) {           // the last block's tail, done above
                var tail = F.indexInRange(i, to);
                FloatVector wi = FloatVector.fromArray(F, w, i, tail);
                FloatVector ui = FloatVector.fromArray(F, u, i, tail);
                fw = wi.fma(wi, fw);
                fu = ui.fma(ui, fu);
            }
            w0 = w0.add(fw.convertShape(VectorOperators.F2D, D, 0));
            w1 = w1.add(fw.convertShape(VectorOperators.F2D, D, 1));
            u0 = u0.add(fu.convertShape(VectorOperators.F2D, D, 0));
            u1 = u1.add(fu.convertShape(VectorOperators.F2D, D, 1));
        }
        if (!NORMS_IN_PASS) {                               // other widths: the norms in two more passes
            SumOrder.runTotals(w, 0, from, to, out, outOff);
            SumOrder.runTotals(u, 0, from, to, out, outOff + SumOrder.PARTS);
            return;
        }
        w0.intoArray(out, outOff);                          // the double totals of partials 0-7 and 8-15, each array
        w1.intoArray(out, outOff + 8);
        u0.intoArray(out, outOff + 16);
        u1.intoArray(out, outOff + 24);
    }

    /**
     * The norms run by run ({@link SumOrder}), the runs cut between the engine's workers when
     * the tensor is large: run {@code r}'s totals go to {@code out[r·K .. (r+1)·K)} (K = 16
     * per summed tensor), and partial {@code j}'s total is the runs' totals added in run order,
     * whoever computed them. One reusable object: a split norm allocates nothing once its
     * buffer has grown to the largest tensor's runs.
     */
    private final class NormRuns implements Workers.Task {
        private static final int SQUARES = 0, LAMB = 1;
        double[] out = new double[0];
        int kind, off, n, width;
        float[] w, g, m, v, u;
        float b1, b2, c1, c2, eps, weightDecay;

        @Override
        public void run(int part, int from, int to) {
            for (int r = from; r < to; r++) {
                int start = r * SumOrder.RUN, end = Math.min(n, start + SumOrder.RUN);
                if (kind == SQUARES) sumSquaresRange(w, off, start, end, out, r * width);
                else lambMomentsRange(w, g, m, v, u, start, end, b1, b2, c1, c2, eps, weightDecay, out, r * width);
            }
        }

        /** Every run, on the workers when {@code n} is large enough; then each partial's runs added in order into {@code into}. */
        private void go(int kind, int n, int width, double[] into) {
            this.kind = kind;
            this.n = n;
            this.width = width;
            int runs = SumOrder.runs(n);
            if (out.length < runs * width) out = new double[runs * width];
            if (n >= SPLIT_MIN) Workers.pool().run(runs, this);
            else run(0, 0, runs);
            for (int j = 0; j < width; j++) {
                double t = 0;
                for (int r = 0; r < runs; r++) t += out[r * width + j];
                into[j] = t;
            }
            w = g = m = v = u = null;
        }

        private final double[] totals = new double[2 * SumOrder.PARTS];

        double sumSquares(float[] x, int off, int n) {
            this.w = x;
            this.off = off;
            go(SQUARES, n, SumOrder.PARTS, totals);
            return SumOrder.combine(totals, 0);
        }

        void lambMoments(float[] w, float[] g, float[] m, float[] v, float[] u, int n, float b1, float b2, float c1,
                         float c2, float eps, float weightDecay, double[] partials) {
            this.w = w; this.g = g; this.m = m; this.v = v; this.u = u; this.off = 0;
            this.b1 = b1; this.b2 = b2; this.c1 = c1; this.c2 = c2; this.eps = eps; this.weightDecay = weightDecay;
            go(LAMB, n, 2 * SumOrder.PARTS, partials);
        }
    }

    private final NormRuns norms = new NormRuns();

    private void addScaledRange(float[] w, float[] u, int from, int n, float ratio, float rate) {
        // upwards, as every other kernel: walked from the end down (to reuse what the moments pass
        // left in cache) it was as fast on one core but took 1.7x LAMB's time on two (7.2 ms
        // against 4.1-4.3 ms a step at 100 x 256)
        int bound = from + F.loopBound(n - from);
        int i = from;
        for (; i < bound; i += L) {
            FloatVector.fromArray(F, w, i).add(FloatVector.fromArray(F, u, i).mul(ratio).mul(rate)).intoArray(w, i);
        }
        for (; i < n; i++) w[i] = w[i] + (u[i] * ratio) * rate;
    }

    private void rmspropRange(float[] w, float[] g, float[] nu, float[] mu, float[] t, int from, int n, float rho, float eps,
                        float momentum, float rate) {
        float a = 1f - rho;
        int i = from;
        for (int bound = from + F.loopBound(n - from); i < bound; i += L) {
            FloatVector gi = FloatVector.fromArray(F, g, i);
            FloatVector vi = FloatVector.fromArray(F, nu, i).mul(rho).add(gi.mul(a).mul(gi));
            vi.intoArray(nu, i);
            FloatVector var = vi;
            if (mu != null) {
                FloatVector mi = FloatVector.fromArray(F, mu, i).mul(rho).add(gi.mul(a));
                mi.intoArray(mu, i);
                var = vi.sub(mi.mul(mi));
            }
            // max follows Math.max (NaN stays NaN), as the reference's clamp of a negative variance
            FloatVector u = gi.div(var.max(0f).sqrt().add(eps));
            if (t != null) {
                u = u.add(FloatVector.fromArray(F, t, i).mul(momentum));
                u.intoArray(t, i);
            }
            FloatVector.fromArray(F, w, i).add(u.mul(rate)).intoArray(w, i);
        }
        ScalarKernels.rmspropTail(w, g, nu, mu, t, i, n, rho, eps, momentum, rate);
    }

    private void adagradRange(float[] w, float[] g, float[] s, int from, int n, float eps, float rate) {
        int i = from;
        for (int bound = from + F.loopBound(n - from); i < bound; i += L) {
            FloatVector gi = FloatVector.fromArray(F, g, i);
            FloatVector si = FloatVector.fromArray(F, s, i).add(gi.mul(gi));
            si.intoArray(s, i);
            FloatVector u = gi.div(si.sqrt().add(eps));
            FloatVector.fromArray(F, w, i).add(u.mul(rate)).intoArray(w, i);
        }
        ScalarKernels.adagradTail(w, g, s, i, n, eps, rate);
    }

    private void signRange(float[] w, float[] g, float[] t, int from, int n, float beta, float rate) {
        int i = from;
        for (int bound = from + F.loopBound(n - from); i < bound; i += L) {
            FloatVector d = FloatVector.fromArray(F, g, i);
            if (t != null) {
                d = d.add(FloatVector.fromArray(F, t, i).mul(beta));
                d.intoArray(t, i);
            }
            FloatVector.fromArray(F, w, i).add(VectorMath.signum(d).mul(rate)).intoArray(w, i);
        }
        ScalarKernels.signTail(w, g, t, i, n, beta, rate);
    }

    private void rpropRange(float[] w, float[] g, float[] prev, float[] step, int from, int n, float etaPlus,
                            float etaMinus, float stepMin, float stepMax) {
        int i = from;
        for (int bound = from + F.loopBound(n - from); i < bound; i += L) {
            // branch-free: the scalar reference's two branches as masks (a random sign pattern
            // mispredicts half the branches: ~19 ns a weight before this kernel)
            FloatVector gi = FloatVector.fromArray(F, g, i);
            FloatVector d = FloatVector.fromArray(F, step, i);
            FloatVector s = gi.mul(FloatVector.fromArray(F, prev, i));
            var grow = s.compare(VectorOperators.GT, 0f);
            var shrink = s.compare(VectorOperators.LT, 0f);
            d = d.blend(d.mul(etaPlus).min(stepMax), grow).blend(d.mul(etaMinus).max(stepMin), shrink);
            gi = gi.blend(0f, shrink);
            d.intoArray(step, i);
            gi.intoArray(prev, i);
            FloatVector.fromArray(F, w, i).add(d.mul(VectorMath.signum(gi)).mul(-1f)).intoArray(w, i);
        }
        ScalarKernels.rpropTail(w, g, prev, step, i, n, etaPlus, etaMinus, stepMin, stepMax);
    }

    private void lionRange(float[] w, float[] g, float[] m, int from, int n, float b1, float b2, boolean decay, float weightDecay,
                     float rate) {
        float a1 = 1f - b1;
        float a2 = 1f - b2;
        int i = from;
        for (int bound = from + F.loopBound(n - from); i < bound; i += L) {
            FloatVector gi = FloatVector.fromArray(F, g, i);
            FloatVector mi = FloatVector.fromArray(F, m, i);
            FloatVector u = VectorMath.signum(mi.mul(b1).add(gi.mul(a1)));
            mi.mul(b2).add(gi.mul(a2)).intoArray(m, i);
            FloatVector wi = FloatVector.fromArray(F, w, i);
            if (decay) u = u.add(wi.mul(weightDecay));
            wi.add(u.mul(rate)).intoArray(w, i);
        }
        ScalarKernels.lionTail(w, g, m, i, n, b1, b2, decay, weightDecay, rate);
    }

    private void smorms3Range(float[] w, float[] g, float[] mem, float[] g1, float[] g2, int from, int n, float lr, float eps) {
        FloatVector one = FloatVector.broadcast(F, 1f);
        int i = from;
        for (int bound = from + F.loopBound(n - from); i < bound; i += L) {
            FloatVector gi = FloatVector.fromArray(F, g, i);
            FloatVector me = FloatVector.fromArray(F, mem, i);
            FloatVector r = one.div(me.add(1f));
            FloatVector q = one.sub(r);
            FloatVector a = q.mul(FloatVector.fromArray(F, g1, i)).add(r.mul(gi));
            FloatVector b = q.mul(FloatVector.fromArray(F, g2, i)).add(r.mul(gi).mul(gi));
            a.intoArray(g1, i);
            b.intoArray(g2, i);
            FloatVector x = a.mul(a).div(b.add(eps));
            // min follows Math.min (NaN wins), as the reference's min(lr, x)
            FloatVector u = gi.mul(x.min(lr)).div(b.sqrt().add(eps));
            FloatVector.fromArray(F, w, i).sub(u).intoArray(w, i);
            me.mul(one.sub(x)).add(1f).intoArray(mem, i);
        }
        ScalarKernels.smorms3Tail(w, g, mem, g1, g2, i, n, lr, eps);
    }

    private void momentumRange(float[] w, float[] g, float[] t, int from, int n, float beta, boolean nesterov, float rate) {
        int i = from;
        for (int bound = from + F.loopBound(n - from); i < bound; i += L) {
            FloatVector gi = FloatVector.fromArray(F, g, i);
            FloatVector ti = gi.add(FloatVector.fromArray(F, t, i).mul(beta));
            ti.intoArray(t, i);
            FloatVector u = nesterov ? gi.add(ti.mul(beta)) : ti;
            FloatVector.fromArray(F, w, i).add(u.mul(rate)).intoArray(w, i);
        }
        for (; i < n; i++) {
            float gi = g[i];
            float ti = gi + beta * t[i];
            t[i] = ti;
            float u = nesterov ? gi + beta * ti : ti;
            w[i] = w[i] + u * rate;
        }
    }

    // ---- the elementwise update kernels cut between the workers -------------------------------

    /** Elementwise kernels of at least this many elements are cut between the engine's workers. */
    static final int SPLIT_MIN = 1 << 14;
    /** Elements per chunk of a cut elementwise kernel (a multiple of every vector length). */
    static final int CHUNK = 1 << 12;

    private static final int ADAM = 0, MUL_FTZ = 1, LARS = 2, ADD_SCALED = 3, RMSPROP = 4, ADAGRAD = 5, SIGN = 6,
            LION = 7, SMORMS3 = 8, MOMENTUM = 9, RPROP = 10, AXPY = 11;

    /**
     * The arguments of one kernel call cut into chunks of {@link #CHUNK} elements, the workers
     * taking contiguous runs of chunks: one reusable object for every kernel, so a cut call
     * allocates nothing. Elementwise kernels give the same bits however they are cut.
     */
    private final class Halves implements Workers.Task {
        int kind, n;
        float[] a, b, c, d, e;
        float s0, s1, s2, s3, s4, s5, s6;
        boolean f0, f1;

        @Override
        public void run(int part, int from, int to) {
            range(from * CHUNK, (int) Math.min(n, (long) to * CHUNK));
        }

        private void range(int from, int to) {
            switch (kind) {
                case ADAM -> adamRange(a, b, c, d, from, to, s0, s1, s2, s3, s4, f0, s5, s6);
                case MUL_FTZ -> mulFlushToZeroRange(a, b, c, from, to);
                case LARS -> larsRange(a, b, c, from, to, f0, s0, s1, s2, s3);
                case ADD_SCALED -> addScaledRange(a, b, from, to, s0, s1);
                case RMSPROP -> rmspropRange(a, b, c, d, e, from, to, s0, s1, s2, s3);
                case ADAGRAD -> adagradRange(a, b, c, from, to, s0, s1);
                case SIGN -> signRange(a, b, c, from, to, s0, s1);
                case LION -> lionRange(a, b, c, from, to, s0, s1, f0, s2, s3);
                case SMORMS3 -> smorms3Range(a, b, c, d, e, from, to, s0, s1);
                case MOMENTUM -> momentumRange(a, b, c, from, to, s0, f0, s1);
                case RPROP -> rpropRange(a, b, c, d, from, to, s0, s1, s2, s3);
                case AXPY -> axpyRange(s0, a, b, from, to);
                default -> throw new IllegalStateException("kernel " + kind);
            }
        }

        /** Runs kernel {@code kind} on {@code [0, n)}: cut between the workers when large enough, else whole here. */
        void go(int kind, int n, float[] a, float[] b, float[] c, float[] d, float[] e) {
            this.kind = kind;
            this.n = n;
            this.a = a;
            this.b = b;
            this.c = c;
            this.d = d;
            this.e = e;
            if (n >= SPLIT_MIN) Workers.pool().run((n + CHUNK - 1) / CHUNK, this);
            else range(0, n);
            this.a = this.b = this.c = this.d = this.e = null;
        }
    }

    private final Halves halves = new Halves();

    @Override
    public void adam(float[] w, float[] g, float[] m, float[] v, int n, float b1, float b2, float c1, float c2,
                     float eps, boolean decay, float weightDecay, float rate) {
        synchronized (halves) {
            Halves h = halves;
            h.s0 = b1; h.s1 = b2; h.s2 = c1; h.s3 = c2; h.s4 = eps; h.f0 = decay; h.s5 = weightDecay; h.s6 = rate;
            h.go(ADAM, n, w, g, m, v, null);
        }
    }

    @Override
    public void rprop(float[] w, float[] g, float[] prev, float[] step, int n, float etaPlus, float etaMinus,
                      float stepMin, float stepMax) {
        synchronized (halves) {
            Halves h = halves;
            h.s0 = etaPlus; h.s1 = etaMinus; h.s2 = stepMin; h.s3 = stepMax;
            h.go(RPROP, n, w, g, prev, step, null);
        }
    }

    @Override
    public void mulFlushToZero(float[] a, float[] b, float[] out, int n) {
        synchronized (halves) {
            halves.go(MUL_FTZ, n, a, b, out, null, null);
        }
    }

    @Override
    public void lars(float[] w, float[] g, float[] t, int n, boolean scaled, float local, float weightDecay, float rate,
                     float momentum) {
        synchronized (halves) {
            Halves h = halves;
            h.f0 = scaled; h.s0 = local; h.s1 = weightDecay; h.s2 = rate; h.s3 = momentum;
            h.go(LARS, n, w, g, t, null, null);
        }
    }

    @Override
    public void addScaled(float[] w, float[] u, int n, float ratio, float rate) {
        synchronized (halves) {
            Halves h = halves;
            h.s0 = ratio; h.s1 = rate;
            h.go(ADD_SCALED, n, w, u, null, null, null);
        }
    }

    @Override
    public void rmsprop(float[] w, float[] g, float[] nu, float[] mu, float[] t, int n, float rho, float eps,
                        float momentum, float rate) {
        synchronized (halves) {
            Halves h = halves;
            h.s0 = rho; h.s1 = eps; h.s2 = momentum; h.s3 = rate;
            h.go(RMSPROP, n, w, g, nu, mu, t);
        }
    }

    @Override
    public void adagrad(float[] w, float[] g, float[] s, int n, float eps, float rate) {
        synchronized (halves) {
            Halves h = halves;
            h.s0 = eps; h.s1 = rate;
            h.go(ADAGRAD, n, w, g, s, null, null);
        }
    }

    @Override
    public void sign(float[] w, float[] g, float[] t, int n, float beta, float rate) {
        synchronized (halves) {
            Halves h = halves;
            h.s0 = beta; h.s1 = rate;
            h.go(SIGN, n, w, g, t, null, null);
        }
    }

    @Override
    public void lion(float[] w, float[] g, float[] m, int n, float b1, float b2, boolean decay, float weightDecay,
                     float rate) {
        synchronized (halves) {
            Halves h = halves;
            h.s0 = b1; h.s1 = b2; h.f0 = decay; h.s2 = weightDecay; h.s3 = rate;
            h.go(LION, n, w, g, m, null, null);
        }
    }

    @Override
    public void smorms3(float[] w, float[] g, float[] mem, float[] g1, float[] g2, int n, float lr, float eps) {
        synchronized (halves) {
            Halves h = halves;
            h.s0 = lr; h.s1 = eps;
            h.go(SMORMS3, n, w, g, mem, g1, g2);
        }
    }

    @Override
    public void momentum(float[] w, float[] g, float[] t, int n, float beta, boolean nesterov, float rate) {
        synchronized (halves) {
            Halves h = halves;
            h.s0 = beta; h.f0 = nesterov; h.s1 = rate;
            h.go(MOMENTUM, n, w, g, t, null, null);
        }
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
