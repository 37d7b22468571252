package saturn.engine.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import saturn.engine.kernel.FloatMath;

import static saturn.engine.kernel.FloatMath.EXP_MAX;
import static saturn.engine.kernel.FloatMath.EXP_MIN;
import static saturn.engine.kernel.FloatMath.LN2;
import static saturn.engine.kernel.FloatMath.LN2_HI;
import static saturn.engine.kernel.FloatMath.LN2_LO;
import static saturn.engine.kernel.FloatMath.LOG2E;
import static saturn.engine.kernel.FloatMath.MAGIC;
import static saturn.engine.kernel.FloatMath.MAGIC_BITS;

/**
 * Lane-wise mirror of {@link FloatMath}: every function performs the same IEEE operations
 * in the same order as its scalar reference (branches become blends, both sides computed),
 * so results agree bit for bit; the accuracy documented there holds here. Written out
 * rather than taken from {@code lanewise(VectorOperators.EXP)} and friends, which are not
 * intrinsified on every JDK/CPU (measured: see {@code ActivationBench}).
 */
final class VectorMath {

    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    static final VectorSpecies<Integer> I = F.vectorShape().withLanes(int.class);


    private VectorMath() {
    }

    private static FloatVector splat(float c) {
        return FloatVector.broadcast(F, c);
    }

    // exp/expm1 constants hoisted: fewer IR nodes per call, so C2 inlines whole chains
    private static final FloatVector K0 = splat(LOG2E);
    private static final FloatVector K1 = splat(MAGIC);
    private static final FloatVector K2 = splat(-LN2_HI);
    private static final FloatVector K3 = splat(-LN2_LO);
    private static final FloatVector K4 = splat(1f / 5040);
    private static final FloatVector K5 = splat(1f / 720);
    private static final FloatVector K6 = splat(1f / 120);
    private static final FloatVector K7 = splat(1f / 24);
    private static final FloatVector K8 = splat(1f / 6);
    private static final FloatVector K9 = splat(0.5f);
    private static final FloatVector K10 = splat(1f);
    private static final FloatVector K11 = splat(1f / 40320);

    private static FloatVector copySign(FloatVector magnitude, FloatVector sign) {
        IntVector m = magnitude.reinterpretAsInts().and(0x7fffffff);
        IntVector s = sign.reinterpretAsInts().and(0x80000000);
        return m.or(s).reinterpretAsFloats();
    }

    // the erf polynomials of FloatMath, unrolled (same coefficients, same Horner order)
    private static FloatVector erfcMid(FloatVector u) {
        FloatVector p = splat(0.025236807763576508f);
        p = p.fma(u, splat(-0.1525491625070572f));
        p = p.fma(u, splat(0.3835703432559967f));
        p = p.fma(u, splat(-0.482565313577652f));
        p = p.fma(u, splat(0.21637879312038422f));
        p = p.fma(u, splat(0.22320106625556946f));
        p = p.fma(u, splat(-0.36332404613494873f));
        p = p.fma(u, splat(0.014512924477458f));
        p = p.fma(u, splat(0.5631221532821655f));
        return p;
    }

    private static FloatVector erfcTail(FloatVector u) {
        FloatVector p = splat(-0.7540217041969299f);
        p = p.fma(u, splat(1.481706142425537f));
        p = p.fma(u, splat(-0.8614982962608337f));
        p = p.fma(u, splat(-0.2666800022125244f));
        p = p.fma(u, splat(0.5087816715240479f));
        p = p.fma(u, splat(-0.014709440059959888f));
        p = p.fma(u, splat(-0.2806321680545807f));
        p = p.fma(u, splat(-7.930366700747982e-05f));
        p = p.fma(u, splat(0.5641914010047913f));
        return p;
    }

    /** 2^k for integer lanes k in [-150, 128], as two factors 2^(k>>1) and 2^(k-(k>>1)). */
    private static FloatVector scaleByPowerOfTwo(FloatVector p, IntVector k) {
        IntVector k1 = k.lanewise(VectorOperators.ASHR, 1);
        IntVector k2 = k.sub(k1);
        FloatVector s1 = k1.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        FloatVector s2 = k2.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return p.mul(s1).mul(s2);
    }

    static FloatVector exp(FloatVector x) {
        x = x.max(EXP_MIN).min(EXP_MAX);
        FloatVector t = x.fma(K0, K1);
        FloatVector k = t.sub(MAGIC);
        IntVector ki = t.reinterpretAsInts().sub(MAGIC_BITS);
        FloatVector r = k.fma(K2, x);
        r = k.fma(K3, r);
        FloatVector p = r.fma(K4, K5);
        p = p.fma(r, K6);
        p = p.fma(r, K7);
        p = p.fma(r, K8);
        p = p.fma(r, K9);
        p = p.fma(r, K10);
        p = p.fma(r, K10);
        return scaleByPowerOfTwo(p, ki);
    }

    static FloatVector expm1(FloatVector x) {
        FloatVector small = expm1Series(x);
        FloatVector large = exp(x).sub(1f);
        return large.blend(small, x.abs().compare(VectorOperators.LT, 0.34657359f));
    }

    static FloatVector log(FloatVector x) {
        VectorMask<Float> subnormal = x.compare(VectorOperators.LT, Float.MIN_NORMAL);
        VectorMask<Integer> subnormalI = subnormal.cast(I);
        FloatVector xs = x.blend(x.mul(8388608f), subnormal);
        IntVector bits = xs.reinterpretAsInts();
        IntVector bias = IntVector.broadcast(I, 127).blend(127 + 23, subnormalI);
        IntVector e = bits.lanewise(VectorOperators.LSHR, 23).sub(bias);
        FloatVector m = bits.and(0x007fffff).or(0x3f800000).reinterpretAsFloats();
        VectorMask<Float> high = m.compare(VectorOperators.GT, FloatMath.SQRT2);
        m = m.blend(m.mul(0.5f), high);
        e = e.blend(e.add(1), high.cast(I));
        FloatVector ef = e.add(MAGIC_BITS).reinterpretAsFloats().sub(MAGIC);
        FloatVector f = m.sub(1f);
        FloatVector s = f.div(f.add(2f));
        FloatVector z = s.mul(s);
        FloatVector r = z.fma(splat(2f / 11), splat(2f / 9));
        r = r.fma(z, splat(2f / 7));
        r = r.fma(z, splat(2f / 5));
        r = r.fma(z, splat(2f / 3));
        r = r.mul(z);
        FloatVector result = ef.fma(splat(LN2_HI), s.mul(2f).add(s.fma(r, ef.mul(LN2_LO))));
        result = result.blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.EQ, Float.POSITIVE_INFINITY));
        result = result.blend(Float.NEGATIVE_INFINITY, x.compare(VectorOperators.EQ, 0f));
        return result.blend(Float.NaN, x.compare(VectorOperators.GE, 0f).not());
    }

    static FloatVector log1p(FloatVector x) {
        FloatVector u = x.add(1f);
        FloatVector general = log(u).mul(x.div(u.sub(1f)));
        FloatVector result = general.blend(x, u.compare(VectorOperators.EQ, 1f));
        return result.blend(x, x.compare(VectorOperators.EQ, Float.POSITIVE_INFINITY));
    }

    static FloatVector sigmoid(FloatVector x) {
        FloatVector e = exp(x.abs().neg());
        FloatVector s = splat(1f).div(e.add(1f));
        return e.mul(s).blend(s, x.compare(VectorOperators.GE, 0f));
    }

    static FloatVector softplus(FloatVector x) {
        return x.max(0f).add(log1p(exp(x.abs().neg())));
    }

    static FloatVector tanh(FloatVector x) {
        return tanhFinish(tanhExpm1(x), x);
    }

    /** The expensive half of {@link #tanh}: {@code e = expm1(2·min(|x|, 9.5))}, as {@link FloatMath#expm1Doubled}. */
    static FloatVector tanhExpm1(FloatVector x) {
        FloatVector a = x.abs().min(9.5f);
        FloatVector t = a.fma(splat(2f * FloatMath.LOG2E), K1);
        FloatVector k = t.sub(MAGIC);
        IntVector ki = t.reinterpretAsInts().sub(MAGIC_BITS);
        FloatVector r = k.fma(K2, a.mul(2f));
        r = k.fma(K3, r);
        FloatVector p = expm1Series(r);
        FloatVector s = ki.add(127).lanewise(VectorOperators.LSHL, 23).reinterpretAsFloats();
        return s.fma(p, s.sub(1f));   // FloatMath.expm1Doubled
    }

    /** {@code expm1(x)} by its Taylor series to x⁸, for {@code |x| <= ln2/2} (as FloatMath's). */
    private static FloatVector expm1Series(FloatVector x) {
        FloatVector q = x.fma(K11, K4);
        q = q.fma(x, K5);
        q = q.fma(x, K6);
        q = q.fma(x, K7);
        q = q.fma(x, K8);
        q = q.fma(x, K9);
        return x.mul(x).fma(q, x);
    }

    /**
     * {@link Math#signum}: ±1 for a non-zero x, and x itself for ±0 and NaN (so −0 stays −0,
     * which the optimizers' {@code sign(g)·rate} then carries into {@code w + 0}).
     */
    static FloatVector signum(FloatVector x) {
        return x.blend(1f, x.compare(VectorOperators.GT, 0f)).blend(-1f, x.compare(VectorOperators.LT, 0f));
    }

    /** The cheap half of {@link #tanh}: {@code copySign(e/(e+2), x)}. */
    static FloatVector tanhFinish(FloatVector e, FloatVector x) {
        return copySign(e.div(e.add(2f)), x);
    }

    static FloatVector sinh(FloatVector x) {
        FloatVector a = x.abs();
        FloatVector e = expm1(a);
        FloatVector small = e.add(e.div(e.add(1f))).mul(0.5f);
        FloatVector h = exp(a.mul(0.5f));
        FloatVector large = h.mul(0.5f).mul(h);
        return copySign(large.blend(small, a.compare(VectorOperators.LT, 20f)), x);
    }

    static FloatVector cosh(FloatVector x) {
        FloatVector a = x.abs();
        FloatVector e = exp(a);
        FloatVector small = splat(0.5f).fma(e, splat(0.5f).div(e));
        FloatVector h = exp(a.mul(0.5f));
        FloatVector large = h.mul(0.5f).mul(h);
        return large.blend(small, a.compare(VectorOperators.LT, 20f));
    }

    static FloatVector asinh(FloatVector x) {
        FloatVector a = x.abs();
        FloatVector a2 = a.mul(a);
        FloatVector small = log1p(a.add(a2.div(a2.add(1f).sqrt().add(1f))));
        FloatVector large = log(a).add(LN2);
        return copySign(large.blend(small, a.compare(VectorOperators.LT, 4096f)), x);
    }

    static FloatVector atan(FloatVector x) {
        FloatVector a = x.abs();
        VectorMask<Float> invert = a.compare(VectorOperators.GT, 1f);
        FloatVector b = a.blend(splat(1f).div(a), invert);
        VectorMask<Float> shift = b.compare(VectorOperators.GT, FloatMath.TAN_PI_12);
        FloatVector t = b.blend(b.fma(splat(FloatMath.SQRT3), splat(-1f)).div(b.add(FloatMath.SQRT3)), shift);
        FloatVector z = t.mul(t);
        FloatVector p = z.fma(splat(-1f / 13), splat(1f / 11));
        p = p.fma(z, splat(-1f / 9));
        p = p.fma(z, splat(1f / 7));
        p = p.fma(z, splat(-1f / 5));
        p = p.fma(z, splat(1f / 3));
        FloatVector r = t.neg().mul(z).fma(p, t);
        r = r.blend(r.add(FloatMath.PI_OVER_6), shift);
        r = r.blend(splat(FloatMath.PIO2_1).sub(r), invert);
        return copySign(r, x);
    }

    static FloatVector sin(FloatVector x) {
        return sinCos(x, 0, false);
    }

    static FloatVector cos(FloatVector x) {
        return sinCos(x, 1, false);
    }

    static FloatVector tan(FloatVector x) {
        return sinCos(x, 0, true);
    }

    private static FloatVector sinCos(FloatVector x, int quadrantShift, boolean tangent) {
        FloatVector t = x.fma(splat(FloatMath.TWO_OVER_PI), splat(MAGIC));
        FloatVector k = t.sub(MAGIC);
        IntVector q = t.reinterpretAsInts().sub(MAGIC_BITS - quadrantShift);
        FloatVector r = k.fma(splat(-FloatMath.PIO2_1), x);
        r = k.fma(splat(-FloatMath.PIO2_2), r);
        r = k.fma(splat(-FloatMath.PIO2_3), r);
        FloatVector z = r.mul(r);
        FloatVector sp = z.fma(splat(1f / 362880), splat(-1f / 5040));
        sp = sp.fma(z, splat(1f / 120));
        sp = sp.fma(z, splat(-1f / 6));
        FloatVector s = r.mul(z).fma(sp, r);
        FloatVector cp = z.fma(splat(-1f / 3628800), splat(1f / 40320));
        cp = cp.fma(z, splat(-1f / 720));
        cp = cp.fma(z, splat(1f / 24));
        FloatVector c = z.mul(z).fma(cp, z.fma(splat(-0.5f), splat(1f)));
        VectorMask<Float> odd = q.and(1).compare(VectorOperators.NE, 0).cast(F);
        if (tangent) return s.div(c).blend(c.neg().div(s), odd);
        FloatVector v = s.blend(c, odd);
        return v.blend(v.neg(), q.and(2).compare(VectorOperators.NE, 0).cast(F));
    }

    private static FloatVector expNegSquare(FloatVector a) {
        FloatVector p = a.mul(a);
        FloatVector err = a.fma(a, p.neg());
        FloatVector e = exp(p.neg());
        return err.neg().fma(e, e);
    }

    private static FloatVector erfcLarge(FloatVector a) {
        return erfcLargeScale(erfcLargePoly(a), a);
    }

    /** The polynomial half of {@link #erfcLarge}: {@code q(1/a)}. */
    private static FloatVector erfcLargePoly(FloatVector a) {
        FloatVector u = splat(1f).div(a);
        return erfcTail(u).blend(erfcMid(u), a.compare(VectorOperators.LT, FloatMath.ERFC_SPLIT));
    }

    /** The exponential half of {@link #erfcLarge}: {@code e^{-a²}·q·(1/a)}. */
    private static FloatVector erfcLargeScale(FloatVector q, FloatVector a) {
        FloatVector u = splat(1f).div(a);
        return expNegSquare(a).mul(q).mul(u);
    }

    private static FloatVector erfSmall(FloatVector x) {
        FloatVector z = x.mul(x);
        FloatVector p = splat(7.898209878476337e-05f);
        p = p.fma(z, splat(-0.0008024353883229196f));
        p = p.fma(z, splat(0.00519005348905921f));
        p = p.fma(z, splat(-0.026854809373617172f));
        p = p.fma(z, splat(0.11283612251281738f));
        p = p.fma(z, splat(-0.3761262893676758f));
        return x.fma(splat(1.128379225730896f), x.mul(z.mul(p)));
    }

    static FloatVector erf(FloatVector x) {
        return erfFinish(erfTail(x), x);
    }

    static FloatVector erfc(FloatVector x) {
        return erfcFinish(erfTail(x), x);
    }

    /** The expensive half of {@link #erf} and {@link #erfc}: {@code erfc(max(min(|x|, ERFC_MAX), ERF_SPLIT))}. */
    static FloatVector erfTail(FloatVector x) {
        return erfTailScale(erfTailPoly(x), x);
    }

    /** First third of {@link #erf}: the tail polynomial {@code q} at {@code a = max(min(|x|, ERFC_MAX), ERF_SPLIT)}. */
    static FloatVector erfTailPoly(FloatVector x) {
        return erfcLargePoly(x.abs().min(FloatMath.ERFC_MAX).max(FloatMath.ERF_SPLIT));
    }

    /** Second third: {@code erfTail(x)} from {@code q = erfTailPoly(x)}. */
    static FloatVector erfTailScale(FloatVector q, FloatVector x) {
        return erfcLargeScale(q, x.abs().min(FloatMath.ERFC_MAX).max(FloatMath.ERF_SPLIT));
    }

    /** The rest of {@link #erf} given {@code tail = erfTail(x)}. */
    static FloatVector erfFinish(FloatVector tail, FloatVector x) {
        FloatVector a = x.abs().min(FloatMath.ERFC_MAX);
        FloatVector small = erfSmall(x);
        FloatVector large = copySign(splat(1f).sub(tail), x);
        return large.blend(small, a.compare(VectorOperators.LT, FloatMath.ERF_SPLIT));
    }

    /** The rest of {@link #erfc} given {@code tail = erfTail(x)}. */
    static FloatVector erfcFinish(FloatVector tail, FloatVector x) {
        FloatVector a = x.abs().min(FloatMath.ERFC_MAX);
        FloatVector small = splat(1f).sub(erfSmall(x));
        FloatVector large = splat(2f).sub(tail).blend(tail, x.compare(VectorOperators.GT, 0f));
        return large.blend(small, a.compare(VectorOperators.LT, FloatMath.ERF_SPLIT));
    }

    static FloatVector pow(FloatVector x, FloatVector y) {
        return exp(y.mul(log(x)));
    }
}
