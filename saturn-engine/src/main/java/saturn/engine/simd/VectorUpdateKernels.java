package saturn.engine.simd;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import saturn.engine.kernel.SumOrder;
import saturn.engine.optim.Prodigy;
import saturn.engine.optim.ScalarUpdateKernels;
import saturn.engine.optim.ScaleByAdam;
import saturn.engine.optim.UpdateKernels;

/**
 * {@link UpdateKernels} on the Vector API (preferred species): one vector form of each fused
 * step, followed by the scalar reference ({@link ScalarUpdateKernels}) on the tail. Each
 * performs the reference's roundings in its order (no fused multiply-add), so they agree
 * exactly; {@code lambMoments} sums its norms in {@link SumOrder}'s order, as the reference
 * does. Tensors of at least {@link Chunks#SPLIT_MIN} elements are cut between the engine's
 * workers in fixed chunks ({@link Chunks}, {@link NormRuns}): the same bits on any number.
 *
 * <p>Loaded by name ({@code UpdateKernels.of}) only with the vector kernels, after the
 * capability check in {@code saturn.engine.Backends}: the static initializer touches the
 * incubator module.
 */
public final class VectorUpdateKernels implements UpdateKernels {

    private static final VectorSpecies<Float> F = VectorMath.F;
    private static final VectorSpecies<Double> D = F.vectorShape().withLanes(double.class);
    private static final int L = F.length();
    /** Whether one vector holds SumOrder's 16 partials, so that {@code lambMoments} can sum its norms on the way. */
    private static final boolean NORMS_IN_PASS = L == SumOrder.PARTS;

    static {
        InlineDirective.install();
    }

    @Override
    public void adamRange(float[] w, float[] g, float[] m, float[] v, int from, int n, float b1, float b2, float c1,
                          float c2, float eps, boolean decay, float weightDecay, float rate) {
        float a1 = 1f - b1;
        float a2 = 1f - b2;
        float floor = ScaleByAdam.squareFloor(b2);
        int i = from;
        for (int bound = from + F.loopBound(n - from); i < bound; i += L) {
            FloatVector u = adamStep(FloatVector.fromArray(F, g, i), m, v, i, b1, a1, b2, a2, c1, c2, eps, floor);
            FloatVector wi = FloatVector.fromArray(F, w, i);
            if (decay) u = u.add(wi.mul(weightDecay));
            wi.add(u.mul(rate)).intoArray(w, i);
        }
        ScalarUpdateKernels.adamTail(w, g, m, v, i, n, b1, b2, c1, c2, eps, decay, weightDecay, rate);
    }

    /**
     * {@link ScaleByAdam#step} on the lanes at {@code i}: the moments updated in place, the step
     * returned ({@code a1 = 1 − b1}, {@code a2 = 1 − b2}). Shared by Adam's and LAMB's loops;
     * inlined into both by the compiler directive ({@link InlineDirective}), so no vector is boxed.
     */
    private static FloatVector adamStep(FloatVector g, float[] m, float[] v, int i, float b1, float a1, float b2,
                                        float a2, float c1, float c2, float eps, float floor) {
        FloatVector mi = FloatVector.fromArray(F, m, i).mul(b1).add(g.mul(a1));
        FloatVector gs = g.blend(0f, g.abs().lt(floor));   // zeroed before squaring: no subnormal product
        FloatVector vi = FloatVector.fromArray(F, v, i).mul(b2).add(gs.mul(a2).mul(gs));
        mi.intoArray(m, i);
        vi.intoArray(v, i);
        return mi.mul(c1).div(vi.mul(c2).sqrt().add(eps));
    }

    private void larsRange(float[] w, float[] g, float[] t, int from, int n, boolean scaled, float local,
                           float weightDecay, float rate, float momentum) {
        int i = from;
        for (int bound = from + F.loopBound(n - from); i < bound; i += L) {
            FloatVector wi = FloatVector.fromArray(F, w, i);
            FloatVector u = FloatVector.fromArray(F, g, i);
            if (scaled) u = u.add(wi.mul(weightDecay)).mul(local);
            FloatVector ti = u.mul(rate).add(FloatVector.fromArray(F, t, i).mul(momentum));
            ti.intoArray(t, i);
            wi.add(ti).intoArray(w, i);
        }
        ScalarUpdateKernels.larsTail(w, g, t, i, n, scaled, local, weightDecay, rate, momentum);
    }

    @Override
    public void lambMoments(float[] w, float[] g, float[] m, float[] v, float[] u, int n, float b1, float b2, float c1,
                            float c2, float eps, float weightDecay, double[] partials) {
        synchronized (norms) {
            norms.moments(w, g, m, v, u, n, b1, b2, c1, c2, eps, weightDecay, partials);
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
        float floor = ScaleByAdam.squareFloor(b2);
        int bound = from + F.loopBound(to - from);
        // the scalar tail first: a call made while the accumulators below are live would box them
        ScalarUpdateKernels.lambMomentsTail(w, g, m, v, u, bound, to, b1, b2, c1, c2, eps, weightDecay);
        DoubleVector w0 = DoubleVector.zero(D), w1 = w0, u0 = w0, u1 = w0;
        for (int start = from; start < to; start += SumOrder.BLOCK) {
            int end = Math.min(bound, start + SumOrder.BLOCK);
            FloatVector fw = FloatVector.zero(F), fu = fw;         // SumOrder's float partials of w and u
            int i = start;
            for (; i < end; i += L) {
                FloatVector wi = FloatVector.fromArray(F, w, i);
                FloatVector ui = adamStep(FloatVector.fromArray(F, g, i), m, v, i, b1, a1, b2, a2, c1, c2, eps, floor);
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

    /** LAMB's moments pass run by run: each run's moments and step, and its norms' totals. */
    private final class LambRuns extends NormRuns {
        float[] w, g, m, v, u;
        float b1, b2, c1, c2, eps, weightDecay;

        @Override
        void runTotals(int start, int end, double[] out, int outOff) {
            lambMomentsRange(w, g, m, v, u, start, end, b1, b2, c1, c2, eps, weightDecay, out, outOff);
        }

        @Override
        void release() {
            w = g = m = v = u = null;
        }

        void moments(float[] w, float[] g, float[] m, float[] v, float[] u, int n, float b1, float b2, float c1,
                     float c2, float eps, float weightDecay, double[] partials) {
            this.w = w; this.g = g; this.m = m; this.v = v; this.u = u;
            this.b1 = b1; this.b2 = b2; this.c1 = c1; this.c2 = c2; this.eps = eps; this.weightDecay = weightDecay;
            go(n, 2 * SumOrder.PARTS, partials);
        }
    }

    private final LambRuns norms = new LambRuns();

    private void addScaledRange(float[] w, float[] u, int from, int n, float ratio, float rate) {
        // upwards, as every other kernel: walked from the end down (to reuse what the moments pass
        // left in cache) it was as fast on one core but took 1.7x LAMB's time on two (7.2 ms
        // against 4.1-4.3 ms a step at 100 x 256)
        int bound = from + F.loopBound(n - from);
        int i = from;
        for (; i < bound; i += L) {
            FloatVector.fromArray(F, w, i).add(FloatVector.fromArray(F, u, i).mul(ratio).mul(rate)).intoArray(w, i);
        }
        ScalarUpdateKernels.addScaledTail(w, u, i, n, ratio, rate);
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
        ScalarUpdateKernels.rmspropTail(w, g, nu, mu, t, i, n, rho, eps, momentum, rate);
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
        ScalarUpdateKernels.adagradTail(w, g, s, i, n, eps, rate);
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
        ScalarUpdateKernels.signTail(w, g, t, i, n, beta, rate);
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
        ScalarUpdateKernels.rpropTail(w, g, prev, step, i, n, etaPlus, etaMinus, stepMin, stepMax);
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
        ScalarUpdateKernels.lionTail(w, g, m, i, n, b1, b2, decay, weightDecay, rate);
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
        ScalarUpdateKernels.smorms3Tail(w, g, mem, g1, g2, i, n, lr, eps);
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
        ScalarUpdateKernels.momentumTail(w, g, t, i, n, beta, nesterov, rate);
    }

    private void scheduleFreeRange0(float[] w, float[] g, float[] z, float[] v, float[] y, int from, int n, float b1,
                                    float b2, float gamma, float c, float eps, float decay) {
        float a2 = 1f - b2;
        float floor = ScaleByAdam.squareFloor(b2);
        int i = from;
        for (int bound = from + F.loopBound(n - from); i < bound; i += L) {
            FloatVector gi = FloatVector.fromArray(F, g, i);
            FloatVector yi = FloatVector.fromArray(F, w, i);
            FloatVector zi = FloatVector.fromArray(F, z, i);
            if (decay != 0) zi = zi.sub(yi.mul(decay));
            FloatVector gs = gi.blend(0f, gi.abs().lt(floor));   // zeroed before squaring: no subnormal product
            FloatVector vi = FloatVector.fromArray(F, v, i).mul(b2).add(gs.mul(a2).mul(gs));
            zi = zi.sub(gi.div(vi.sqrt().add(eps)).mul(gamma));
            FloatVector xi = FloatVector.fromArray(F, y, i).mul(1f - c).add(zi.mul(c));
            zi.intoArray(z, i);
            vi.intoArray(v, i);
            xi.mul(b1).add(zi.mul(1f - b1)).intoArray(y, i);
            yi.add(xi.sub(yi)).intoArray(w, i);
        }
        ScalarUpdateKernels.scheduleFreeTail(w, g, z, v, y, i, n, b1, b2, gamma, c, eps, decay);
    }

    @Override
    public void scheduleFreeRange(float[] w, float[] g, float[] z, float[] v, float[] y, int from, int to, float b1,
                                  float b2, float gamma, float c, float eps, float decay) {
        scheduleFreeRange0(w, g, z, v, y, from, to, b1, b2, gamma, c, eps, decay);
    }

    /**
     * {@link #dadapt} on the blocks of {@code [from, to)} ({@code from} a block start): the step,
     * and SumOrder's double totals of the terms into {@code out[outOff .. +16)} and of {@code |s|}
     * into {@code out[outOff+16 .. +32)}.
     */
    private static void dadaptRange(float[] w, float[] g, float[] m, float[] v, float[] s, int from, int to, float b1,
                                    float b2, float sb2, float a1, float as, float eps, float decay, double[] out,
                                    int outOff) {
        float a2 = 1f - b2;
        float floor = ScaleByAdam.squareFloor(b2);
        int bound = from + F.loopBound(to - from);
        // the scalar tail first (its terms left in g): a call made while the accumulators are live would box them
        ScalarUpdateKernels.dadaptTail(w, g, m, v, s, bound, to, b1, b2, sb2, a1, as, eps, decay);
        DoubleVector t0 = DoubleVector.zero(D), t1 = t0, s0 = t0, s1 = t0;
        for (int start = from; start < to; start += SumOrder.BLOCK) {
            int end = Math.min(bound, start + SumOrder.BLOCK);
            FloatVector ft = FloatVector.zero(F), fs = ft;            // SumOrder's float partials of the terms and of |s|
            int i = start;
            for (; i < end; i += L) {
                FloatVector gi = FloatVector.fromArray(F, g, i);
                FloatVector si = FloatVector.fromArray(F, s, i);
                FloatVector vi = FloatVector.fromArray(F, v, i);
                FloatVector term = gi.mul(si.div(vi.sqrt().add(eps)));
                FloatVector mi = FloatVector.fromArray(F, m, i).mul(b1).add(gi.mul(a1));
                FloatVector gs = gi.blend(0f, gi.abs().lt(floor));
                vi = vi.mul(b2).add(gs.mul(a2).mul(gs));
                si = si.mul(sb2).add(gi.mul(as));
                mi.intoArray(m, i);
                vi.intoArray(v, i);
                si.intoArray(s, i);
                FloatVector wi = FloatVector.fromArray(F, w, i);
                FloatVector u = mi.div(vi.sqrt().add(eps)).neg();
                if (decay != 0) u = u.sub(wi.mul(decay));
                wi.add(u).intoArray(w, i);
                if (NORMS_IN_PASS) {
                    ft = ft.add(term);
                    fs = fs.add(si.abs());
                } else {
                    term.intoArray(g, i);
                }
            }
            if (!NORMS_IN_PASS) continue;
            if (i < to && i < start + SumOrder.BLOCK) {               // the last block's tail, done above
                var tail = F.indexInRange(i, to);
                ft = ft.add(FloatVector.fromArray(F, g, i, tail));     // zeros outside: a partial is never −0, so +0 keeps it
                fs = fs.add(FloatVector.fromArray(F, s, i, tail).abs());
            }
            t0 = t0.add(ft.convertShape(VectorOperators.F2D, D, 0));
            t1 = t1.add(ft.convertShape(VectorOperators.F2D, D, 1));
            s0 = s0.add(fs.convertShape(VectorOperators.F2D, D, 0));
            s1 = s1.add(fs.convertShape(VectorOperators.F2D, D, 1));
        }
        if (!NORMS_IN_PASS) {                               // other widths: the sums in two more passes
            SumOrder.runTotals(g, 0, from, to, SumOrder.Term.VALUE, out, outOff);
            SumOrder.runTotals(s, 0, from, to, SumOrder.Term.ABS, out, outOff + SumOrder.PARTS);
            return;
        }
        t0.intoArray(out, outOff);
        t1.intoArray(out, outOff + 8);
        s0.intoArray(out, outOff + 16);
        s1.intoArray(out, outOff + 24);
    }

    /** D-Adaptation's pass run by run: each run's step and its sums' totals. */
    private final class DAdaptRuns extends NormRuns {
        float[] w, g, m, v, s;
        float b1, b2, sb2, a1, as, eps, decay;

        @Override
        void runTotals(int start, int end, double[] out, int outOff) {
            dadaptRange(w, g, m, v, s, start, end, b1, b2, sb2, a1, as, eps, decay, out, outOff);
        }

        @Override
        void release() {
            w = g = m = v = s = null;
        }
    }

    private final DAdaptRuns dadaptRuns = new DAdaptRuns();

    @Override
    public void dadapt(float[] w, float[] g, float[] m, float[] v, float[] s, int n, float b1, float b2, float sb2,
                       float a1, float as, float eps, float decay, double[] partials) {
        synchronized (dadaptRuns) {
            DAdaptRuns r = dadaptRuns;
            r.w = w; r.g = g; r.m = m; r.v = v; r.s = s;
            r.b1 = b1; r.b2 = b2; r.sb2 = sb2; r.a1 = a1; r.as = as; r.eps = eps; r.decay = decay;
            r.go(n, 2 * SumOrder.PARTS, partials);
        }
    }

    /** {@link #prodigyMoments} on the blocks of {@code [from, to)}, with its sums' totals, as {@link #dadaptRange}. */
    private static void prodigyMomentsRange(float[] w, float[] g, float[] m, float[] v, float[] s, float[] w0, int from,
                                            int to, float b1, float b2, float b3, float am, float av, float as,
                                            double[] out, int outOff) {
        float floor = Prodigy.squareFloor(av);
        int bound = from + F.loopBound(to - from);
        ScalarUpdateKernels.prodigyMomentsTail(w, g, m, v, s, w0, bound, to, b1, b2, b3, am, av, as);
        DoubleVector t0 = DoubleVector.zero(D), t1 = t0, s0 = t0, s1 = t0;
        for (int start = from; start < to; start += SumOrder.BLOCK) {
            int end = Math.min(bound, start + SumOrder.BLOCK);
            FloatVector ft = FloatVector.zero(F), fs = ft;
            int i = start;
            for (; i < end; i += L) {
                FloatVector gi = FloatVector.fromArray(F, g, i);
                FloatVector term = gi.mul(FloatVector.fromArray(F, w0, i).sub(FloatVector.fromArray(F, w, i)));
                FloatVector.fromArray(F, m, i).mul(b1).add(gi.mul(am)).intoArray(m, i);
                FloatVector gs = gi.blend(0f, gi.abs().lt(floor));
                FloatVector.fromArray(F, v, i).mul(b2).add(gs.mul(av).mul(gs)).intoArray(v, i);
                FloatVector si = FloatVector.fromArray(F, s, i).mul(b3).add(gi.mul(as));
                si.intoArray(s, i);
                if (NORMS_IN_PASS) {
                    ft = ft.add(term);
                    fs = fs.add(si.abs());
                } else {
                    term.intoArray(g, i);
                }
            }
            if (!NORMS_IN_PASS) continue;
            if (i < to && i < start + SumOrder.BLOCK) {
                var tail = F.indexInRange(i, to);
                ft = ft.add(FloatVector.fromArray(F, g, i, tail));
                fs = fs.add(FloatVector.fromArray(F, s, i, tail).abs());
            }
            t0 = t0.add(ft.convertShape(VectorOperators.F2D, D, 0));
            t1 = t1.add(ft.convertShape(VectorOperators.F2D, D, 1));
            s0 = s0.add(fs.convertShape(VectorOperators.F2D, D, 0));
            s1 = s1.add(fs.convertShape(VectorOperators.F2D, D, 1));
        }
        if (!NORMS_IN_PASS) {
            SumOrder.runTotals(g, 0, from, to, SumOrder.Term.VALUE, out, outOff);
            SumOrder.runTotals(s, 0, from, to, SumOrder.Term.ABS, out, outOff + SumOrder.PARTS);
            return;
        }
        t0.intoArray(out, outOff);
        t1.intoArray(out, outOff + 8);
        s0.intoArray(out, outOff + 16);
        s1.intoArray(out, outOff + 24);
    }

    /** Prodigy's first pass run by run. */
    private final class ProdigyRuns extends NormRuns {
        float[] w, g, m, v, s, w0;
        float b1, b2, b3, am, av, as;

        @Override
        void runTotals(int start, int end, double[] out, int outOff) {
            prodigyMomentsRange(w, g, m, v, s, w0, start, end, b1, b2, b3, am, av, as, out, outOff);
        }

        @Override
        void release() {
            w = g = m = v = s = w0 = null;
        }
    }

    private final ProdigyRuns prodigyRuns = new ProdigyRuns();

    @Override
    public void prodigyMoments(float[] w, float[] g, float[] m, float[] v, float[] s, float[] w0, int n, float b1,
                               float b2, float b3, float am, float av, float as, double[] partials) {
        synchronized (prodigyRuns) {
            ProdigyRuns r = prodigyRuns;
            r.w = w; r.g = g; r.m = m; r.v = v; r.s = s; r.w0 = w0;
            r.b1 = b1; r.b2 = b2; r.b3 = b3; r.am = am; r.av = av; r.as = as;
            r.go(n, 2 * SumOrder.PARTS, partials);
        }
    }

    private void prodigyStepRange(float[] w, float[] m, float[] v, int from, int n, float rate, float eps, float decay) {
        int i = from;
        for (int bound = from + F.loopBound(n - from); i < bound; i += L) {
            FloatVector wi = FloatVector.fromArray(F, w, i);
            FloatVector u = FloatVector.fromArray(F, m, i).div(FloatVector.fromArray(F, v, i).sqrt().add(eps)).mul(rate).neg();
            if (decay != 0) u = u.sub(wi.mul(decay));
            wi.add(u).intoArray(w, i);
        }
        ScalarUpdateKernels.prodigyStepTail(w, m, v, i, n, rate, eps, decay);
    }

    // ---- the steps cut between the workers ----------------------------------------------------

    private static final int ADAM = 0, LARS = 1, ADD_SCALED = 2, RMSPROP = 3, ADAGRAD = 4, SIGN = 5, LION = 6,
            SMORMS3 = 7, MOMENTUM = 8, RPROP = 9, SCHEDULE_FREE = 10, PRODIGY_STEP = 11;

    /** The arguments of one step, cut into chunks. */
    private final class Steps extends Chunks {
        @Override
        void range(int from, int to) {
            switch (kind) {
                case ADAM -> adamRange(a, b, c, d, from, to, s0, s1, s2, s3, s4, f0, s5, s6);
                case LARS -> larsRange(a, b, c, from, to, f0, s0, s1, s2, s3);
                case ADD_SCALED -> addScaledRange(a, b, from, to, s0, s1);
                case RMSPROP -> rmspropRange(a, b, c, d, e, from, to, s0, s1, s2, s3);
                case ADAGRAD -> adagradRange(a, b, c, from, to, s0, s1);
                case SIGN -> signRange(a, b, c, from, to, s0, s1);
                case LION -> lionRange(a, b, c, from, to, s0, s1, f0, s2, s3);
                case SMORMS3 -> smorms3Range(a, b, c, d, e, from, to, s0, s1);
                case MOMENTUM -> momentumRange(a, b, c, from, to, s0, f0, s1);
                case RPROP -> rpropRange(a, b, c, d, from, to, s0, s1, s2, s3);
                case SCHEDULE_FREE -> scheduleFreeRange0(a, b, c, d, e, from, to, s0, s1, s2, s3, s4, s5);
                case PRODIGY_STEP -> prodigyStepRange(a, b, c, from, to, s0, s1, s2);
                default -> throw new IllegalStateException("kernel " + kind);
            }
        }
    }

    private final Steps steps = new Steps();

    @Override
    public void adam(float[] w, float[] g, float[] m, float[] v, int n, float b1, float b2, float c1, float c2,
                     float eps, boolean decay, float weightDecay, float rate) {
        synchronized (steps) {
            Steps h = steps;
            h.s0 = b1; h.s1 = b2; h.s2 = c1; h.s3 = c2; h.s4 = eps; h.f0 = decay; h.s5 = weightDecay; h.s6 = rate;
            h.go(ADAM, n, w, g, m, v, null);
        }
    }

    @Override
    public void rprop(float[] w, float[] g, float[] prev, float[] step, int n, float etaPlus, float etaMinus,
                      float stepMin, float stepMax) {
        synchronized (steps) {
            Steps h = steps;
            h.s0 = etaPlus; h.s1 = etaMinus; h.s2 = stepMin; h.s3 = stepMax;
            h.go(RPROP, n, w, g, prev, step, null);
        }
    }

    @Override
    public void lars(float[] w, float[] g, float[] t, int n, boolean scaled, float local, float weightDecay, float rate,
                     float momentum) {
        synchronized (steps) {
            Steps h = steps;
            h.f0 = scaled; h.s0 = local; h.s1 = weightDecay; h.s2 = rate; h.s3 = momentum;
            h.go(LARS, n, w, g, t, null, null);
        }
    }

    @Override
    public void addScaled(float[] w, float[] u, int n, float ratio, float rate) {
        synchronized (steps) {
            Steps h = steps;
            h.s0 = ratio; h.s1 = rate;
            h.go(ADD_SCALED, n, w, u, null, null, null);
        }
    }

    @Override
    public void rmsprop(float[] w, float[] g, float[] nu, float[] mu, float[] t, int n, float rho, float eps,
                        float momentum, float rate) {
        synchronized (steps) {
            Steps h = steps;
            h.s0 = rho; h.s1 = eps; h.s2 = momentum; h.s3 = rate;
            h.go(RMSPROP, n, w, g, nu, mu, t);
        }
    }

    @Override
    public void adagrad(float[] w, float[] g, float[] s, int n, float eps, float rate) {
        synchronized (steps) {
            Steps h = steps;
            h.s0 = eps; h.s1 = rate;
            h.go(ADAGRAD, n, w, g, s, null, null);
        }
    }

    @Override
    public void sign(float[] w, float[] g, float[] t, int n, float beta, float rate) {
        synchronized (steps) {
            Steps h = steps;
            h.s0 = beta; h.s1 = rate;
            h.go(SIGN, n, w, g, t, null, null);
        }
    }

    @Override
    public void lion(float[] w, float[] g, float[] m, int n, float b1, float b2, boolean decay, float weightDecay,
                     float rate) {
        synchronized (steps) {
            Steps h = steps;
            h.s0 = b1; h.s1 = b2; h.f0 = decay; h.s2 = weightDecay; h.s3 = rate;
            h.go(LION, n, w, g, m, null, null);
        }
    }

    @Override
    public void smorms3(float[] w, float[] g, float[] mem, float[] g1, float[] g2, int n, float lr, float eps) {
        synchronized (steps) {
            Steps h = steps;
            h.s0 = lr; h.s1 = eps;
            h.go(SMORMS3, n, w, g, mem, g1, g2);
        }
    }

    @Override
    public void momentum(float[] w, float[] g, float[] t, int n, float beta, boolean nesterov, float rate) {
        synchronized (steps) {
            Steps h = steps;
            h.s0 = beta; h.f0 = nesterov; h.s1 = rate;
            h.go(MOMENTUM, n, w, g, t, null, null);
        }
    }

    @Override
    public void scheduleFree(float[] w, float[] g, float[] z, float[] v, float[] y, int n, float b1, float b2,
                             float gamma, float c, float eps, float decay) {
        synchronized (steps) {
            Steps h = steps;
            h.s0 = b1; h.s1 = b2; h.s2 = gamma; h.s3 = c; h.s4 = eps; h.s5 = decay;
            h.go(SCHEDULE_FREE, n, w, g, z, v, y);
        }
    }

    @Override
    public void prodigyStep(float[] w, float[] m, float[] v, int n, float rate, float eps, float decay) {
        synchronized (steps) {
            Steps h = steps;
            h.s0 = rate; h.s1 = eps; h.s2 = decay;
            h.go(PRODIGY_STEP, n, w, m, v, null, null);
        }
    }

    @Override
    public String name() {
        return "vector-" + F.vectorBitSize();
    }
}
