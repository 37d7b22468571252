package saturn.engine.simd;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;
import saturn.engine.kernel.FloatMath;

import java.util.Random;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Vector API transcendentals equal their scalar references bit for bit (the accuracy
 * of the references is tested in {@code FloatMathAccuracyTest}), over ordinary values,
 * tails, every branch boundary and the special values.
 */
class VectorMathTest {

    interface FloatFn {
        float apply(float x);
    }

    private static final float[] INPUTS = inputs();

    private static float[] inputs() {
        Random r = new Random(42);
        int n = 200_000;
        float[] special = {0f, -0f, 1f, -1f, 0.34657359f, 2.5f, 9.5f, 10.1f, 20f, 4096f, 88.72f, 89f, -87.5f, -104f,
            Float.MIN_VALUE, Float.MIN_NORMAL, Float.MAX_VALUE, -Float.MAX_VALUE, Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY, Float.NaN, 0.2679492f, 1e-20f, -1e-20f, 1e30f};
        float[] x = new float[n + special.length];
        for (int i = 0; i < n; i++) {
            x[i] = switch (i % 4) {
                case 0 -> (float) (r.nextGaussian() * 2);
                case 1 -> (float) ((r.nextDouble() - 0.5) * 200);
                case 2 -> (float) Math.scalb(r.nextDouble() - 0.5, r.nextInt(-140, 128));
                default -> Float.intBitsToFloat(r.nextInt());
            };
        }
        System.arraycopy(special, 0, x, n, special.length);
        return x;
    }

    private static void same(String name, UnaryOperator<FloatVector> vector, FloatFn scalar) {
        int lanes = VectorMath.F.length();
        float[] out = new float[lanes];
        float[] padded = java.util.Arrays.copyOf(INPUTS, (INPUTS.length + lanes - 1) / lanes * lanes);
        for (int i = 0; i < padded.length; i += lanes) {
            vector.apply(FloatVector.fromArray(VectorMath.F, padded, i)).intoArray(out, 0);
            for (int j = 0; j < lanes; j++) {
                float x = padded[i + j];
                float want = scalar.apply(x);
                if (Float.floatToIntBits(out[j]) != Float.floatToIntBits(want)) {
                    throw new AssertionError(name + "(" + x + "): vector " + out[j] + " != scalar " + want);
                }
            }
        }
    }

    @Test
    void everyFunctionMatchesItsScalarReference() {
        same("exp", VectorMath::exp, FloatMath::exp);
        same("expm1", VectorMath::expm1, FloatMath::expm1);
        same("log", VectorMath::log, FloatMath::log);
        same("log1p", VectorMath::log1p, FloatMath::log1p);
        same("sigmoid", VectorMath::sigmoid, FloatMath::sigmoid);
        same("softplus", VectorMath::softplus, FloatMath::softplus);
        same("tanh", VectorMath::tanh, FloatMath::tanh);
        same("sinh", VectorMath::sinh, FloatMath::sinh);
        same("cosh", VectorMath::cosh, FloatMath::cosh);
        same("asinh", VectorMath::asinh, FloatMath::asinh);
        same("atan", VectorMath::atan, FloatMath::atan);
        same("sin", VectorMath::sin, FloatMath::sin);
        same("cos", VectorMath::cos, FloatMath::cos);
        same("tan", VectorMath::tan, FloatMath::tan);
        same("erf", VectorMath::erf, FloatMath::erf);
        same("erfc", VectorMath::erfc, FloatMath::erfc);
        same("pow(x,1.7)", v -> VectorMath.pow(v, FloatVector.broadcast(VectorMath.F, 1.7f)), x -> FloatMath.pow(x, 1.7f));
    }

    @Test
    void theComparisonCatchesADifferentFunction() {
        // guard against a vacuous check: exp and expm1 differ almost everywhere
        assertThat(org.assertj.core.api.Assertions.catchThrowable(
                () -> same("exp-vs-expm1", VectorMath::exp, FloatMath::expm1))).isInstanceOf(AssertionError.class);
    }
}
