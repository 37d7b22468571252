package saturn.theory.gauss;

/**
 * φ and its derivatives up to a given order, evaluated at {@code u = scale·z + shift} on
 * one {@link GaussianRule} adapted to all of them. Every expectation of a combination of
 * these arrays (times powers of z) is then one dot product: the mean-field maps, the
 * Jacobian moments and the transform equations all read several expectations at once.
 *
 * <p>The rule is adapted to the probe {@code Σ_k φ^(k)(u)²}, smooth wherever φ is, with
 * the kinks of φ mapped to z as breakpoints.
 */
public final class GaussianSample {

    private final Derivatives phi;
    private final GaussianRule rule;
    private final double[][] values;

    private GaussianSample(Derivatives phi, GaussianRule rule, double[][] values) {
        this.phi = phi;
        this.rule = rule;
        this.values = values;
    }

    /**
     * Samples φ, ..., φ^(order) at {@code scale·z + shift}.
     *
     * @throws DivergentExpectationException (naming the activation) when
     *         {@code E[Σ φ^(k)(u)²]} diverges
     */
    public static GaussianSample of(Derivatives phi, int order, double scale0, double shift) {
        // At scale 0 (q = 0) read the limit q -> 0+: a kink at the shift then counts both sides.
        double scale = scale0 == 0 ? 1e-150 : scale0;
        Integrand[] f = new Integrand[order + 1];
        for (int k = 0; k <= order; k++) {
            f[k] = phi.order(k);
        }
        SampledRule sampled;
        try {
            sampled = AdaptiveLegendre.sample(f, scale, shift, true, phi.kinksInZ(scale, shift),
                    AdaptiveLegendre.TOLERANCE);
        } catch (DivergentExpectationException e) {
            throw e.forExpectation(label(order, scale, shift)).forActivation(phi.name());
        }
        return new GaussianSample(phi, sampled.rule(), sampled.values());
    }

    public GaussianRule rule() {
        return rule;
    }

    public int size() {
        return rule.size();
    }

    /** The nodes z_i (shared, do not write). */
    public double[] z() {
        return rule.nodes();
    }

    /** φ^(k)(scale·z_i + shift) at the nodes (shared, do not write). */
    public double[] derivative(int k) {
        return values[k];
    }

    /**
     * {@code Σ w_i v_i}; {@code label} names the expectation if it diverges
     * (the exception names the activation too).
     */
    public double expect(double[] v, String label) {
        try {
            return rule.expect(v, label);
        } catch (DivergentExpectationException e) {
            throw e.forActivation(phi.name());
        }
    }

    /** {@code E[φ^(j)(u)·φ^(k)(u)·z^p]}. */
    public double expectProduct(int j, int k, int p, String label) {
        double[] a = values[j];
        double[] b = values[k];
        double[] z = rule.nodes();
        double[] v = new double[a.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = a[i] * b[i] * (p == 0 ? 1 : p == 1 ? z[i] : Math.pow(z[i], p));
        }
        return expect(v, label);
    }

    /** {@code E[φ^(k)(u)·z^p]}. */
    public double expect(int k, int p, String label) {
        double[] a = values[k];
        double[] z = rule.nodes();
        double[] v = new double[a.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = a[i] * (p == 0 ? 1 : p == 1 ? z[i] : Math.pow(z[i], p));
        }
        return expect(v, label);
    }

    private static String label(int order, double scale, double shift) {
        String arg = scale == 1 && shift == 0 ? "z"
                : shift == 0 ? (float) scale + "*z" : (float) scale + "*z+" + (float) shift;
        StringBuilder b = new StringBuilder("E[");
        for (int k = 0; k <= order; k++) {
            b.append(k == 0 ? "" : " + ").append("phi").append("'".repeat(k)).append('(').append(arg).append(")^2");
        }
        return b.append(']').toString();
    }
}
