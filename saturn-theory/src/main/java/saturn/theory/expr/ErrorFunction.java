package saturn.theory.expr;

/**
 * The error function and its complement in double precision, fast enough for quadrature
 * (thousands of evaluations per analysis) and accurate to a few ulps.
 *
 * <ul>
 *   <li>|x| &lt; 3: the all-positive series
 *       {@code erf(x) = 2/√π · e^{−x²} · Σ_n 2ⁿ x^{2n+1} / (1·3·…·(2n+1))}, which has no
 *       cancellation (every term is positive), about 2x² + 20 terms;</li>
 *   <li>x ≥ 3: the continued fraction
 *       {@code erfc(x) = e^{−x²}/√π · 1/(x + ½/(x + 1/(x + (3/2)/(x + …))))}, evaluated by
 *       the modified Lentz method; it converges quickly there, and erfc stays accurate
 *       relative to its own (tiny) value. erfc switches to it from x ≥ 2 (a few
 *       hundred iterations there), where {@code 1 − erf} would lose digits.</li>
 * </ul>
 * Hipparchus' {@code Erf} goes through the regularized incomplete gamma function and is
 * several times slower; the tests check both against each other.
 */
public final class ErrorFunction {

    private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
    private static final double ONE_OVER_SQRT_PI = 1 / Math.sqrt(Math.PI);
    private static final double SWITCH = 3;
    /** erfc uses the continued fraction from here on, where 1 − erf would lose digits. */
    private static final double ERFC_SWITCH = 2;
    private static final double TINY = 1e-300;

    private ErrorFunction() {
    }

    public static double erf(double x) {
        if (Double.isNaN(x)) return x;
        double a = Math.abs(x);
        if (a < SWITCH) return series(x);
        return Math.copySign(1 - continuedFraction(a), x);
    }

    public static double erfc(double x) {
        if (Double.isNaN(x)) return x;
        if (x >= ERFC_SWITCH) return continuedFraction(x);
        if (x < SWITCH) {
            if (x > -SWITCH) return 1 - series(x);
            return 2 - continuedFraction(-x);
        }
        return continuedFraction(x);
    }

    /** erf(x) for |x| &lt; 3 by the positive series. */
    private static double series(double x) {
        double x2 = x * x;
        double term = x;
        double sum = x;
        for (int n = 1; n < 200; n++) {
            term *= 2 * x2 / (2 * n + 1);
            sum += term;
            if (Math.abs(term) <= 1e-17 * Math.abs(sum)) break;
        }
        return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
    }

    /** erfc(x) for x ≥ 3 by the continued fraction x + (k/2)/(x + …), modified Lentz. */
    private static double continuedFraction(double x) {
        if (x > 27) return 0;
        // f = x + a1/(x + a2/(x + ...)), a_k = k/2
        double f = x;
        double c = x;
        double d = 0;
        for (int k = 1; k < 2000; k++) {
            double ak = 0.5 * k;
            d = x + ak * d;
            if (Math.abs(d) < TINY) d = TINY;
            c = x + ak / c;
            if (Math.abs(c) < TINY) c = TINY;
            d = 1 / d;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1) < 1e-16) break;
        }
        return ONE_OVER_SQRT_PI * Math.exp(-x * x) / f;
    }
}
