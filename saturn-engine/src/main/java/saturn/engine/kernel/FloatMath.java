package saturn.engine.kernel;

/**
 * Float transcendentals for the activation kernels: the scalar reference of
 * {@code saturn.engine.simd.VectorMath}, which performs the same IEEE operations in the
 * same order lane by lane (fused multiply-adds, blends instead of branches), so the SIMD
 * and scalar kernels agree bit for bit.
 *
 * <p>Accuracy against the exact function, tested: a few float ulps (relative) over the
 * whole float range, with these exceptions: sin, cos and tan use a three-part π/2
 * reduction that is accurate for {@code |x| < 2^20} and meaningless beyond; {@link #pow}
 * is {@code exp(y·log x)} and loses {@code |y·log x|·2^-24} relative; erfc on
 * {@code 0.47 < x < 1} is {@code 1 - erf x} and reaches ~8 ulp there (absolute error ≤ 1.3e-7).
 *
 * <p>Methods: range reduction to a small interval, then a polynomial: Taylor series where
 * the interval is small enough for them (exp, expm1, log's atanh series, sin, cos, atan);
 * erf and erfc use least-squares fits (relative error, Chebyshev nodes, against 40-digit
 * mpmath; script {@code src/test/python/fit_erf.py}). {@code VectorMath} repeats the
 * coefficients unrolled; the bit-equality test guards the copy.
 */
public final class FloatMath {

    private FloatMath() {
    }

    public static final float MAGIC = 12582912f;           // 1.5 * 2^23: adding it rounds to an integer
    public static final int MAGIC_BITS = 0x4B400000;
    public static final float LOG2E = 1.442695f;
    public static final float LN2 = 0.6931472f;
    public static final float LN2_HI = 0.693145751953125f;  // 16 significant bits: e * LN2_HI is exact
    public static final float LN2_LO = 1.4286068e-6f;
    public static final float EXP_MIN = -104f;             // exp underflows to 0 below
    public static final float EXP_MAX = 89f;               // and overflows to +inf above
    public static final float SQRT2 = 1.4142135f;
    public static final float PIO2_1 = 1.5707963705062866f; // pi/2 = PIO2_1 + PIO2_2 + PIO2_3
    public static final float PIO2_2 = -4.371138828673793e-08f;
    public static final float PIO2_3 = -1.7151245100058819e-15f;
    public static final float TWO_OVER_PI = 0.6366197466850281f;
    public static final float PI_OVER_6 = 0.5235987901687622f;
    public static final float SQRT3 = 1.7320507764816284f;
    public static final float TAN_PI_12 = 0.2679491937160492f;

    // erf(x)/x = P(x^2) on |x| < 1, relative error 1.4e-9 (in double)
    static final float[] ERF_SMALL = {1.128379225730896f, -0.3761262893676758f, 0.11283612251281738f,
        -0.026854809373617172f, 0.00519005348905921f, -0.0008024353883229196f, 7.898209878476337e-05f};
    // erfc(x) * x * exp(x^2) = Q(1/x) on [1, 2.5], relative error 5e-9
    static final float[] ERFC_MID = {0.5631221532821655f, 0.014512924477458f, -0.36332404613494873f,
        0.22320106625556946f, 0.21637879312038422f, -0.482565313577652f, 0.3835703432559967f,
        -0.1525491625070572f, 0.025236807763576508f};
    // same on [2.5, 10.1], relative error 4e-10
    static final float[] ERFC_TAIL = {0.5641914010047913f, -7.930366700747982e-05f, -0.2806321680545807f,
        -0.014709440059959888f, 0.5087816715240479f, -0.2666800022125244f, -0.8614982962608337f,
        1.481706142425537f, -0.7540217041969299f};
    public static final float ERF_SPLIT = 1f;
    public static final float ERFC_SPLIT = 2.5f;
    public static final float ERFC_MAX = 10.1f;            // erfc underflows to 0 above

    static float fma(float a, float b, float c) {
        return Math.fma(a, b, c);
    }

    static float poly(float[] c, float x) {
        float p = c[c.length - 1];
        for (int i = c.length - 2; i >= 0; i--) p = fma(p, x, c[i]);
        return p;
    }

    static float copySign(float magnitude, float sign) {
        return Float.intBitsToFloat((Float.floatToRawIntBits(magnitude) & 0x7fffffff)
                | (Float.floatToRawIntBits(sign) & 0x80000000));
    }

    /** e^x. Reduction x = k ln2 + r, |r| &lt;= ln2/2; e^r by Taylor to degree 7; 2^k applied in two halves. */
    public static float exp(float x) {
        x = Math.min(Math.max(x, EXP_MIN), EXP_MAX);
        float t = fma(x, LOG2E, MAGIC);
        float k = t - MAGIC;
        int ki = Float.floatToRawIntBits(t) - MAGIC_BITS;
        float r = fma(k, -LN2_HI, x);
        r = fma(k, -LN2_LO, r);
        float p = fma(r, 1f / 5040, 1f / 720);
        p = fma(p, r, 1f / 120);
        p = fma(p, r, 1f / 24);
        p = fma(p, r, 1f / 6);
        p = fma(p, r, 0.5f);
        p = fma(p, r, 1f);
        p = fma(p, r, 1f);
        int k1 = ki >> 1;
        int k2 = ki - k1;
        return p * Float.intBitsToFloat((k1 + 127) << 23) * Float.intBitsToFloat((k2 + 127) << 23);
    }

    /** e^x - 1: Taylor series on |x| &lt; ln2/2, else exp(x) - 1. */
    public static float expm1(float x) {
        float small = expm1Series(x);
        float large = exp(x) - 1f;
        return Math.abs(x) < 0.34657359f ? small : large;
    }

    /** ln x. x = 2^e m, m in [sqrt(1/2), sqrt(2)); ln m = 2 atanh(s), s = (m-1)/(m+1), odd series to s^11. */
    public static float log(float x) {
        boolean subnormal = x < Float.MIN_NORMAL;
        float xs = subnormal ? x * 8388608f : x;
        int bits = Float.floatToRawIntBits(xs);
        int e = (bits >>> 23) - (subnormal ? 127 + 23 : 127);
        float m = Float.intBitsToFloat((bits & 0x007fffff) | 0x3f800000);
        boolean high = m > SQRT2;
        m = high ? m * 0.5f : m;
        e = high ? e + 1 : e;
        float ef = Float.intBitsToFloat(e + MAGIC_BITS) - MAGIC;
        float f = m - 1f;
        float s = f / (f + 2f);
        float z = s * s;
        float r = fma(z, 2f / 11, 2f / 9);
        r = fma(r, z, 2f / 7);
        r = fma(r, z, 2f / 5);
        r = fma(r, z, 2f / 3);
        r = r * z;
        float result = fma(ef, LN2_HI, 2f * s + fma(s, r, ef * LN2_LO));
        result = x == Float.POSITIVE_INFINITY ? Float.POSITIVE_INFINITY : result;
        result = x == 0f ? Float.NEGATIVE_INFINITY : result;
        return x >= 0f ? result : Float.NaN;
    }

    /** ln(1 + x) = ln(u) · x / (u - 1) with u = 1 + x rounded (exact for the rounded u). */
    public static float log1p(float x) {
        float u = 1f + x;
        float general = log(u) * (x / (u - 1f));
        float result = u == 1f ? x : general;
        return x == Float.POSITIVE_INFINITY ? x : result;
    }

    /** 1 / (1 + e^-x), as s = 1/(1 + e^-|x|) for x >= 0 and e^-|x|·s below (no overflow, full relative accuracy). */
    public static float sigmoid(float x) {
        float e = exp(-Math.abs(x));
        float s = 1f / (1f + e);
        return x >= 0f ? s : e * s;
    }

    /** ln(1 + e^x) = max(x, 0) + ln(1 + e^-|x|). */
    public static float softplus(float x) {
        return Math.max(x, 0f) + log1p(exp(-Math.abs(x)));
    }

    /** tanh|x| = expm1(2|x|) / (expm1(2|x|) + 2), sign restored; |x| clamped at 9.5 where tanh rounds to 1. */
    public static float tanh(float x) {
        float a = Math.min(Math.abs(x), 9.5f);
        float e = expm1Doubled(a);
        return copySign(e / (e + 2f), x);
    }

    /**
     * {@code expm1(2a)} for {@code 0 <= a <= 9.5} (tanh's), in one path: {@code 2a = k·ln2 + r}
     * with {@code |r| <= ln2/2}, {@code expm1(2a) = 2^k·expm1(r) + (2^k − 1)}, {@code expm1(r)}
     * by the Taylor series of {@link #expm1}'s small branch, the last step one fma. No second
     * branch to compute and blend as in {@code expm1}: a third fewer operations in tanh.
     */
    public static float expm1Doubled(float a) {
        float t = fma(a, 2f * LOG2E, MAGIC);
        float k = t - MAGIC;
        int ki = Float.floatToRawIntBits(t) - MAGIC_BITS;
        float r = fma(k, -LN2_HI, 2f * a);
        r = fma(k, -LN2_LO, r);
        float p = expm1Series(r);
        float s = Float.intBitsToFloat((ki + 127) << 23);
        return fma(s, p, s - 1f);
    }

    /** {@code expm1(x)} by its Taylor series to x⁸, for {@code |x| <= ln2/2}. */
    private static float expm1Series(float x) {
        float q = fma(x, 1f / 40320, 1f / 5040);
        q = fma(q, x, 1f / 720);
        q = fma(q, x, 1f / 120);
        q = fma(q, x, 1f / 24);
        q = fma(q, x, 1f / 6);
        q = fma(q, x, 0.5f);
        return fma(x * x, q, x);
    }

    /** sinh|x| = (E + E/(E+1))/2 with E = expm1|x| below 20; (e^{|x|/2}/2)·e^{|x|/2} above. */
    public static float sinh(float x) {
        float a = Math.abs(x);
        float e = expm1(a);
        float small = (e + e / (e + 1f)) * 0.5f;
        float h = exp(0.5f * a);
        float large = (h * 0.5f) * h;
        return copySign(a < 20f ? small : large, x);
    }

    /** cosh x = e^|x|/2 + e^-|x|/2 below 20; (e^{|x|/2}/2)·e^{|x|/2} above. */
    public static float cosh(float x) {
        float a = Math.abs(x);
        float e = exp(a);
        float small = fma(0.5f, e, 0.5f / e);
        float h = exp(0.5f * a);
        float large = (h * 0.5f) * h;
        return a < 20f ? small : large;
    }

    /** asinh|x| = ln1p(|x| + x²/(1 + sqrt(1 + x²))) below 4096, ln|x| + ln 2 above; sign restored. */
    public static float asinh(float x) {
        float a = Math.abs(x);
        float a2 = a * a;
        float small = log1p(a + a2 / (1f + (float) Math.sqrt(1f + a2)));
        float large = log(a) + LN2;
        return copySign(a < 4096f ? small : large, x);
    }

    /** atan: |x| > 1 via pi/2 - atan(1/|x|); above tan(pi/12) via pi/6 + atan((x√3-1)/(x+√3)); odd Taylor to t^13. */
    public static float atan(float x) {
        float a = Math.abs(x);
        boolean invert = a > 1f;
        float b = invert ? 1f / a : a;
        boolean shift = b > TAN_PI_12;
        float t = shift ? fma(b, SQRT3, -1f) / (b + SQRT3) : b;
        float z = t * t;
        float p = fma(z, -1f / 13, 1f / 11);
        p = fma(p, z, -1f / 9);
        p = fma(p, z, 1f / 7);
        p = fma(p, z, -1f / 5);
        p = fma(p, z, 1f / 3);
        float r = fma(-t * z, p, t);
        r = shift ? r + PI_OVER_6 : r;
        r = invert ? PIO2_1 - r : r;
        return copySign(r, x);
    }

    /** sin x: x = k pi/2 + r (three-part pi/2, exact fmas), quadrant k mod 4 picks ±sin r or ±cos r. */
    public static float sin(float x) {
        return sinCos(x, 0, false);
    }

    /** cos x = sin with the quadrant advanced by one. */
    public static float cos(float x) {
        return sinCos(x, 1, false);
    }

    /** tan x = sin r / cos r in even quadrants, -cos r / sin r in odd ones. */
    public static float tan(float x) {
        return sinCos(x, 0, true);
    }

    private static float sinCos(float x, int quadrantShift, boolean tangent) {
        float t = fma(x, TWO_OVER_PI, MAGIC);
        float k = t - MAGIC;
        int q = Float.floatToRawIntBits(t) - MAGIC_BITS + quadrantShift;
        float r = fma(k, -PIO2_1, x);
        r = fma(k, -PIO2_2, r);
        r = fma(k, -PIO2_3, r);
        float z = r * r;
        float sp = fma(z, 1f / 362880, -1f / 5040);
        sp = fma(sp, z, 1f / 120);
        sp = fma(sp, z, -1f / 6);
        float s = fma(r * z, sp, r);
        float cp = fma(z, -1f / 3628800, 1f / 40320);
        cp = fma(cp, z, -1f / 720);
        cp = fma(cp, z, 1f / 24);
        float c = fma(z * z, cp, fma(-0.5f, z, 1f));
        boolean odd = (q & 1) != 0;
        if (tangent) return odd ? -c / s : s / c;
        float v = odd ? c : s;
        return (q & 2) != 0 ? -v : v;
    }

    /** e^{-a²} for a >= 0, with the rounding error of a² (exact by fma) applied to first order. */
    static float expNegSquare(float a) {
        float p = a * a;
        float err = fma(a, a, -p);
        float e = exp(-p);
        return fma(-err, e, e);
    }

    /** erfc(a) for 1 <= a <= ERFC_MAX: e^{-a²} · Q(1/a) / a. */
    static float erfcLarge(float a) {
        float u = 1f / a;
        float q = a < ERFC_SPLIT ? poly(ERFC_MID, u) : poly(ERFC_TAIL, u);
        return expNegSquare(a) * q * u;
    }

    /** erf x = c0·x + x·z·P1(z), z = x², the leading term added last by one fma. */
    static float erfSmall(float x) {
        float z = x * x;
        float p = ERF_SMALL[ERF_SMALL.length - 1];
        for (int i = ERF_SMALL.length - 2; i >= 1; i--) p = fma(p, z, ERF_SMALL[i]);
        return fma(x, ERF_SMALL[0], x * (z * p));
    }

    /** erf x: x·P(x²) on |x| &lt; 1, else ±(1 - erfc|x|). */
    public static float erf(float x) {
        float a = Math.min(Math.abs(x), ERFC_MAX);
        float small = erfSmall(x);
        float large = copySign(1f - erfcLarge(Math.max(a, ERF_SPLIT)), x);
        return a < ERF_SPLIT ? small : large;
    }

    /** erfc x = 1 - erf x: 1 - x·P(x²) on |x| &lt; 1, erfc|x| for x &gt;= 1, 2 - erfc|x| for x &lt;= -1. */
    public static float erfc(float x) {
        float a = Math.min(Math.abs(x), ERFC_MAX);
        float small = 1f - erfSmall(x);
        float tail = erfcLarge(Math.max(a, ERF_SPLIT));
        float large = x > 0f ? tail : 2f - tail;
        return a < ERF_SPLIT ? small : large;
    }

    /** x^y = e^{y ln x} for x &gt; 0 (NaN for x &lt; 0, as in the theory's real-valued pow of non-integers). */
    public static float pow(float x, float y) {
        return exp(y * log(x));
    }
}
