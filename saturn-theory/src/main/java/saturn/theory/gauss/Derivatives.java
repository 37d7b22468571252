package saturn.theory.gauss;

import saturn.theory.Activation;

/**
 * An activation as the theory reads it: φ and its first two derivatives as array
 * functions, its kink positions (where φ or φ' is not smooth), the size of the jump of φ
 * at each kink, and {@code sup|φ'|}.
 *
 * <p>The symbolic φ' of a φ that jumps (sign, step) is the derivative of its continuous
 * part: the point mass {@code J δ(x − x_k)} of each jump is not in it, and whoever needs it
 * adds it from {@link #jumps()}.
 *
 * <p>Built once per analysis from an {@code Activation} (its symbolic derivatives are
 * taken once here, not per integral), or from plain functions in tests.
 *
 * @param name              formula or name, used in messages
 * @param phi               φ
 * @param d1                φ'
 * @param d2                φ''
 * @param kinks             x positions where φ is not smooth, ascending; empty for smooth φ
 * @param jumps             {@code φ(x_k+) − φ(x_k−)} at each kink, 0 where φ is continuous
 * @param maxAbsDerivative  {@code sup|φ'|}, {@code +Infinity} when unbounded or when φ jumps
 */
public record Derivatives(String name, Integrand phi, Integrand d1, Integrand d2,
                          double[] kinks, double[] jumps, double maxAbsDerivative) {

    public Derivatives {
        if (jumps.length != kinks.length) {
            throw new IllegalArgumentException("one jump per kink: " + jumps.length + " jumps, " + kinks.length + " kinks");
        }
    }

    /** A continuous φ. */
    public Derivatives(String name, Integrand phi, Integrand d1, Integrand d2, double[] kinks, double maxAbsDerivative) {
        this(name, phi, d1, d2, kinks, new double[kinks.length], maxAbsDerivative);
    }

    /** Reads phi, phi' and phi'' (symbolic), the kinks, the jumps and sup|phi'| from an activation once. */
    public static Derivatives of(Activation a) {
        Activation d1 = a.derivative();
        Activation d2 = d1.derivative();
        double[] kinks = a.kinks();
        double[] jumps = new double[kinks.length];
        boolean jumping = false;
        for (int i = 0; i < kinks.length; i++) {
            jumps[i] = a.jumpAt(kinks[i]);
            jumping |= jumps[i] != 0;
        }
        return new Derivatives(a.formula(), a::values, d1::values, d2::values, kinks, jumps,
                jumping ? Double.POSITIVE_INFINITY : a.maxAbsDerivative());
    }

    public boolean isSmooth() {
        return kinks.length == 0;
    }

    /** Whether φ jumps somewhere (its φ' then has a point mass). */
    public boolean hasJumps() {
        for (double j : jumps) {
            if (j != 0) {
                return true;
            }
        }
        return false;
    }

    /** "jumps at x = 0" or "jumps at x = -1, 1", for messages. */
    public String describeJumps() {
        StringBuilder b = new StringBuilder("jumps at x = ");
        String sep = "";
        for (int i = 0; i < kinks.length; i++) {
            if (jumps[i] != 0) {
                float k = (float) kinks[i];   // beyond float's range (a kink at 1e300) the double itself
                b.append(sep).append(Float.isFinite(k)
                        ? java.math.BigDecimal.valueOf(k).stripTrailingZeros().toPlainString() : Double.toString(kinks[i]));
                sep = ", ";
            }
        }
        return b.toString();
    }

    /** φ, φ', φ'' by order. */
    public Integrand order(int k) {
        return switch (k) {
            case 0 -> phi;
            case 1 -> d1;
            case 2 -> d2;
            default -> throw new IllegalArgumentException("derivative order " + k);
        };
    }

    /** Kinks mapped to z-space for the argument {@code scale·z + shift} (empty when scale is 0). */
    public double[] kinksInZ(double scale, double shift) {
        if (scale == 0 || kinks.length == 0) {
            return new double[0];
        }
        double[] z = new double[kinks.length];
        for (int i = 0; i < z.length; i++) {
            z[i] = (kinks[i] - shift) / scale;
        }
        return z;
    }
}
