package saturn.engine.kernel;

import java.util.function.DoubleUnaryOperator;

/**
 * Measures the error of a float function against a double reference in units of the last
 * place of the float nearest the true value. Where the true value is tiny, the error is
 * measured against {@code floor} instead (an absolute tolerance), so zero crossings of
 * sin or tanh do not produce meaningless relative errors.
 */
record UlpError(double maxUlps, float worstX) {

    interface FloatFn {
        float apply(float x);
    }

    static UlpError of(FloatFn f, DoubleUnaryOperator exact, float[] xs, double floor) {
        double worst = 0;
        float worstX = Float.NaN;
        for (float x : xs) {
            double want = exact.applyAsDouble(x);
            float got = f.apply(x);
            if (Double.isNaN(want) || Double.isInfinite(want) || Math.abs(want) > Float.MAX_VALUE) {
                float wantF = (float) want;
                boolean same = Float.compare(got, wantF) == 0 || (Float.isNaN(got) && Float.isNaN(wantF));
                if (!same) return new UlpError(Double.POSITIVE_INFINITY, x);
                continue;
            }
            double unit = Math.max(Math.ulp((float) Math.max(Math.abs(want), floor)), Math.ulp(Float.MIN_NORMAL));
            double err = Math.abs(got - want) / unit;
            if (!(err <= worst)) {
                worst = err;
                worstX = x;
            }
        }
        return new UlpError(worst, worstX);
    }

    /** A grid from lo to hi with the given number of points, plus every sign flip of it. */
    static float[] grid(double lo, double hi, int points) {
        float[] xs = new float[2 * points];
        for (int i = 0; i < points; i++) {
            double x = lo + (hi - lo) * i / (points - 1);
            xs[2 * i] = (float) x;
            xs[2 * i + 1] = (float) -x;
        }
        return xs;
    }

    /** Points spread geometrically from lo to hi (both > 0), both signs. */
    static float[] geometric(double lo, double hi, int points) {
        float[] xs = new float[2 * points];
        for (int i = 0; i < points; i++) {
            double x = lo * Math.pow(hi / lo, (double) i / (points - 1));
            xs[2 * i] = (float) x;
            xs[2 * i + 1] = (float) -x;
        }
        return xs;
    }

    static float[] concat(float[]... parts) {
        int n = 0;
        for (float[] p : parts) n += p.length;
        float[] all = new float[n];
        int o = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, all, o, p.length);
            o += p.length;
        }
        return all;
    }
}
