package saturn.theory.gauss;

import saturn.theory.Activation;

/**
 * An activation as the theory reads it: φ and its first two derivatives as array
 * functions, its kink positions (where φ' jumps), and {@code sup|φ'|}.
 *
 * <p>Built once per analysis from an {@code Activation} (its symbolic derivatives are
 * taken once here, not per integral), or from plain functions in tests.
 *
 * @param name              formula or name, used in messages
 * @param phi               φ
 * @param d1                φ'
 * @param d2                φ''
 * @param kinks             x positions where φ is not smooth, ascending; empty for smooth φ
 * @param maxAbsDerivative  {@code sup|φ'|}, {@code +Infinity} when unbounded
 */
public record Derivatives(String name, Integrand phi, Integrand d1, Integrand d2,
                          double[] kinks, double maxAbsDerivative) {

    /** Reads phi, phi' and phi'' (symbolic), the kinks and sup|phi'| from an activation once. */
    public static Derivatives of(Activation a) {
        Activation d1 = a.derivative();
        Activation d2 = d1.derivative();
        return new Derivatives(a.formula(), a::values, d1::values, d2::values,
                a.kinks(), a.maxAbsDerivative());
    }

    public boolean isSmooth() {
        return kinks.length == 0;
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
