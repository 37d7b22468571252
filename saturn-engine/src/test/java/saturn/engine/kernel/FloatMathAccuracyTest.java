package saturn.engine.kernel;

import org.hipparchus.special.Erf;
import org.hipparchus.util.FastMath;
import org.junit.jupiter.api.Test;

import java.util.function.DoubleUnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static saturn.engine.kernel.UlpError.concat;
import static saturn.engine.kernel.UlpError.geometric;
import static saturn.engine.kernel.UlpError.grid;

/** Every float transcendental against its double-precision reference, in float ulps. */
class FloatMathAccuracyTest {

    private static final float[] WIDE = concat(grid(0, 20, 40001), geometric(1e-30, 3e38, 20001));

    private static void check(String name, UlpError.FloatFn f, DoubleUnaryOperator exact, float[] xs,
                              double floor, double maxUlps) {
        UlpError e = UlpError.of(f, exact, xs, floor);
        System.out.printf("%-8s max %.2f ulp at x=%s%n", name, e.maxUlps(), e.worstX());
        assertThat(e.maxUlps()).as("%s: worst at x=%s", name, e.worstX()).isLessThanOrEqualTo(maxUlps);
    }

    @Test
    void exp() {
        check("exp", FloatMath::exp, Math::exp, concat(WIDE, grid(-104, 89, 200001)), 0, 2);
    }

    @Test
    void expm1() {
        check("expm1", FloatMath::expm1, Math::expm1, concat(WIDE, grid(-1, 1, 100001)), 0, 3);
    }

    @Test
    void log() {
        float[] positive = concat(geometric(1e-45, 3.4e38, 200001), grid(0.5, 2, 100001),
                new float[] {0f, Float.MIN_VALUE, Float.MIN_NORMAL, Float.MAX_VALUE, Float.POSITIVE_INFINITY,
                    Float.NaN, -1f});
        check("log", FloatMath::log, Math::log, positive, 0, 2);
    }

    @Test
    void log1p() {
        check("log1p", FloatMath::log1p, Math::log1p,
                concat(geometric(1e-30, 3e38, 100001), grid(-0.999, 2, 100001)), 0, 3.5);
    }

    @Test
    void sigmoidAndSoftplus() {
        check("sigmoid", FloatMath::sigmoid, x -> 1 / (1 + Math.exp(-x)), concat(WIDE, grid(-104, 89, 100001)), 0, 3);
        check("softplus", FloatMath::softplus, x -> x > 30 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)),
                concat(WIDE, grid(-104, 89, 100001)), 0, 4);
    }

    @Test
    void hyperbolic() {
        check("tanh", FloatMath::tanh, Math::tanh, concat(WIDE, grid(-10, 10, 100001)), 0, 3);
        check("sinh", FloatMath::sinh, Math::sinh, concat(WIDE, grid(-90, 90, 100001)), 0, 3);
        check("cosh", FloatMath::cosh, Math::cosh, concat(WIDE, grid(-90, 90, 100001)), 0, 3);
        check("asinh", FloatMath::asinh, FastMath::asinh, WIDE, 0, 3.5);
    }

    @Test
    void atan() {
        check("atan", FloatMath::atan, Math::atan, concat(WIDE, grid(-3, 3, 100001)), 0, 2.5);
    }

    @Test
    void trigonometric() {
        float[] xs = concat(grid(0, 100, 200001), grid(0, 1e5, 100001), geometric(1e-30, 1e5, 20001));
        // relative to max(|f|, 1e-3): near the zeros an absolute error of a few 1e-10
        check("sin", FloatMath::sin, Math::sin, xs, 1e-3, 2);
        check("cos", FloatMath::cos, Math::cos, xs, 1e-3, 2);
        check("tan", FloatMath::tan, Math::tan, concat(grid(0, 100, 200001), geometric(1e-30, 1e3, 20001)), 1e-3, 4);
    }

    @Test
    void erfAgainstHipparchusOverADenseRangeAndTheTails() {
        float[] xs = concat(grid(0, 12, 400001), geometric(1e-30, 3e38, 20001));
        check("erf", FloatMath::erf, Erf::erf, xs, 0, 2.1);
        double worstRelative = 0;
        for (float x : xs) {
            double want = Erf.erf(x);
            if (want != 0) worstRelative = Math.max(worstRelative, Math.abs(FloatMath.erf(x) - want) / Math.abs(want));
        }
        System.out.printf("erf      max relative error %.3g%n", worstRelative);
        assertThat(worstRelative).isLessThan(1.5e-7);
        // erfc = 1 - erf on 0.47 < x < 1 cancels: ~8 ulp (absolute error <= 1.3e-7) there, a known limit
        check("erfc", FloatMath::erfc, Erf::erfc, xs, 0, 8.5);
    }

    @Test
    void specialValues() {
        assertThat(FloatMath.exp(Float.NEGATIVE_INFINITY)).isEqualTo(0f);
        assertThat(FloatMath.exp(Float.POSITIVE_INFINITY)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(FloatMath.exp(Float.NaN)).isNaN();
        assertThat(FloatMath.log(0f)).isEqualTo(Float.NEGATIVE_INFINITY);
        assertThat(FloatMath.log(-1f)).isNaN();
        assertThat(FloatMath.log1p(-1f)).isEqualTo(Float.NEGATIVE_INFINITY);
        assertThat(FloatMath.tanh(Float.POSITIVE_INFINITY)).isEqualTo(1f);
        assertThat(FloatMath.tanh(-0f)).isEqualTo(-0f);
        assertThat(FloatMath.erf(Float.NEGATIVE_INFINITY)).isEqualTo(-1f);
        assertThat(FloatMath.erfc(Float.NEGATIVE_INFINITY)).isEqualTo(2f);
        assertThat(FloatMath.erfc(Float.POSITIVE_INFINITY)).isEqualTo(0f);
        assertThat(FloatMath.sigmoid(Float.NEGATIVE_INFINITY)).isEqualTo(0f);
        assertThat(FloatMath.softplus(Float.POSITIVE_INFINITY)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(FloatMath.atan(Float.POSITIVE_INFINITY)).isEqualTo((float) (Math.PI / 2));
        assertThat(FloatMath.asinh(Float.NEGATIVE_INFINITY)).isEqualTo(Float.NEGATIVE_INFINITY);
        for (float f : new float[] {FloatMath.tanh(Float.NaN), FloatMath.erf(Float.NaN), FloatMath.sin(Float.NaN),
            FloatMath.atan(Float.NaN), FloatMath.sigmoid(Float.NaN), FloatMath.asinh(Float.NaN)}) {
            assertThat(f).isNaN();
        }
    }
}
