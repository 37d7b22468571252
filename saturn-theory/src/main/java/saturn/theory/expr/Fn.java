package saturn.theory.expr;


/**
 * The one-argument primitives. {@link #apply} is the double-precision reference that every
 * other evaluator (array loops here, float kernels in the engine) must match.
 *
 * <p>Conventions: {@code sign(0) = 0} and {@code step(0) = 1/2}, so that
 * {@code step(u) = (1 + sign(u))/2} and {@code step(u) + step(-u) = 1} everywhere. The
 * derivative of {@code max}/{@code min} is then the average of both branches at a tie, which
 * is exact for functions that are smooth across the tie (elu'(0) = 1) and gives
 * relu'(0) = 1/2, abs'(0) = 0. NaN stays NaN.
 */
public enum Fn {
    NEG("-"),
    EXP("exp"),
    LOG("log"),
    SQRT("sqrt"),
    ABS("abs"),
    SIN("sin"),
    COS("cos"),
    TAN("tan"),
    TANH("tanh"),
    SINH("sinh"),
    COSH("cosh"),
    ATAN("atan"),
    ASINH("asinh"),
    ERF("erf"),
    ERFC("erfc"),
    SIGMOID("sigmoid"),
    SOFTPLUS("softplus"),
    SIGN("sign"),
    STEP("step"),
    LOG1P("log1p"),
    EXPM1("expm1");

    private static final double LN2 = Math.log(2);

    private final String symbol;

    Fn(String symbol) {
        this.symbol = symbol;
    }

    /** The name used in formulas ({@code "tanh"}), or {@code "-"} for negation. */
    public String symbol() {
        return symbol;
    }

    /** The function called {@code name} in formulas (lower case); NEG has no name. */
    public static java.util.Optional<Fn> byName(String name) {
        for (Fn fn : values()) {
            if (fn != NEG && fn.symbol.equals(name)) {
                return java.util.Optional.of(fn);
            }
        }
        return java.util.Optional.empty();
    }

    public double apply(double x) {
        return switch (this) {
            case NEG -> -x;
            case EXP -> Math.exp(x);
            case LOG -> Math.log(x);
            case SQRT -> Math.sqrt(x);
            case ABS -> Math.abs(x);
            case SIN -> Math.sin(x);
            case COS -> Math.cos(x);
            case TAN -> Math.tan(x);
            case TANH -> Math.tanh(x);
            case SINH -> Math.sinh(x);
            case COSH -> Math.cosh(x);
            case ATAN -> Math.atan(x);
            case ASINH -> asinh(x);
            case ERF -> ErrorFunction.erf(x);
            case ERFC -> ErrorFunction.erfc(x);
            case SIGMOID -> sigmoid(x);
            case SOFTPLUS -> softplus(x);
            case SIGN -> Math.signum(x);
            case STEP -> step(x);
            case LOG1P -> Math.log1p(x);
            case EXPM1 -> Math.expm1(x);
        };
    }

    /** 1/(1+e^-x), computed without overflow in either tail. */
    static double sigmoid(double x) {
        if (x >= 0) {
            return 1 / (1 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1 + e);
    }

    /** log(1+e^x) = max(x,0) + log1p(e^-|x|): exact in both tails (softplus(800) = 800). */
    static double softplus(double x) {
        if (x > 0) {
            return x + Math.log1p(Math.exp(-x));
        }
        return Math.log1p(Math.exp(x));
    }

    /** Heaviside step with {@code step(0) = 1/2}. */
    static double step(double x) {
        if (x > 0) {
            return 1;
        }
        if (x < 0) {
            return 0;
        }
        return x == 0 ? 0.5 : Double.NaN;
    }

    /** asinh via log1p, accurate near 0 and free of overflow for huge |x|. */
    static double asinh(double x) {
        double a = Math.abs(x);
        double r;
        if (a > 1e8) {
            r = Math.log(a) + LN2;
        } else {
            r = Math.log1p(a + a * a / (1 + Math.sqrt(1 + a * a)));
        }
        return Math.copySign(r, x);
    }
}
