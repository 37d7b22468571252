package saturn.theory.meanfield;

import java.util.function.DoubleUnaryOperator;
import saturn.theory.Activation;
import saturn.theory.expr.BrentRoot;
import saturn.theory.gauss.Derivatives;
import saturn.theory.gauss.DivergentExpectationException;
import saturn.theory.gauss.GaussianSample;

/**
 * Mean-field signal propagation through a deep random network (Poole et al. 2016;
 * Schoenholz et al. 2017; docs/architecture.md §5), for one activation at (σ_w², σ_b²).
 *
 * <p>The maps are exposed as functions so that sweeps can plot them and tests can hold
 * them against simulation:
 * <ul>
 *   <li>{@link #qMap(double)}: {@code q ↦ σ_w² E[φ(√q z)²] + σ_b²};</li>
 *   <li>{@link #cMap(double, double)}: the correlation after one layer of two inputs of
 *       variance q and correlation c, {@code (σ_w² E[φ(u1)φ(u2)] + σ_b²) / qMap(q)}; at
 *       q = q* this is the C-map of docs/architecture.md §5, {@code (σ_w² E[φ(u1)φ(u2)] + σ_b²)/q*}.</li>
 * </ul>
 *
 * <p>{@link #qStar()} is the fixed point that iterating the q-map from q = 1 reaches: the
 * root of {@code qMap(q) − q} bracketed by probes a factor 2 apart in the direction of the
 * first step, then Brent; a probe within rounding of the diagonal does not count as a crossing.
 * It is 0 when the signal dies out (e.g. tanh with σ_w² ≤ 1, σ_b² = 0); when φ(0) = 0 and
 * σ_b² = 0, q = 0 is a fixed point and the search stops as soon as the map is seen to be
 * linear with slope below 1 (by q ≤ 1e-6), before cancelling formulas such as
 * {@code 1 − exp(−x²)} sink into their rounding noise. It is
 * {@code +Infinity} when it grows without bound (no root below 1e12).
 *
 * <p>The c-map is evaluated through Hermite (Mehler) series of φ and φ' at √q, with the 2-D
 * quadrature as fallback near c = ±1 (see {@link CorrelationMap}).
 *
 * <p>Instances are immutable; every call recomputes (a q-map point costs tens of
 * microseconds, a c-map point a fraction of a millisecond).
 */
public final class MeanField {

    private static final double Q_MAX = 1e12;
    private static final double Q_MIN = 1e-12;
    /** q below which the q-map's slope at 0 is read off (features of φ at |x| < 1e-3 are not expected). */
    private static final double LINEAR_SCALE = 1e-6;
    private static final double C_TOL = 1e-11;
    /** |qMap(1) − 1| below which q = 1 counts as a fixed point (quadrature resolves ~1e-14). */
    private static final double NEUTRAL = 1e-13;
    /** Relative accuracy of a q-map value: a difference {@code qMap(q) − q} below it has no sign. */
    private static final double ROUNDING = 1e-13;

    private final Derivatives phi;
    private final double sigmaW2;
    private final double sigmaB2;

    public MeanField(Derivatives phi, double sigmaW2, double sigmaB2) {
        if (!(sigmaW2 >= 0) || !(sigmaB2 >= 0) || Double.isInfinite(sigmaW2) || Double.isInfinite(sigmaB2)) {
            throw new IllegalArgumentException("need finite sigma_w2 >= 0 and sigma_b2 >= 0, got "
                    + sigmaW2 + ", " + sigmaB2);
        }
        this.phi = phi;
        this.sigmaW2 = sigmaW2;
        this.sigmaB2 = sigmaB2;
    }

    public static MeanField of(Activation activation, double sigmaW2, double sigmaB2) {
        return new MeanField(Derivatives.of(activation), sigmaW2, sigmaB2);
    }

    public double sigmaW2() {
        return sigmaW2;
    }

    public double sigmaB2() {
        return sigmaB2;
    }

    /** {@code σ_w² E[φ(√q z)²] + σ_b²}. */
    public double qMap(double q) {
        GaussianSample s = GaussianSample.of(phi, 0, Math.sqrt(q), 0);
        return sigmaW2 * s.expectProduct(0, 0, 0, "E[phi(sqrt(q) z)^2]") + sigmaB2;
    }

    /**
     * {@code χ1(q) = σ_w² E[φ'(√q z)²]}; {@code +Infinity} for a φ that jumps (φ' has a point
     * mass, whose square has no finite expectation) when σ_w² > 0 and q > 0.
     */
    public double chi1(double q) {
        if (phi.hasJumps() && sigmaW2 > 0 && q > 0) {
            return Double.POSITIVE_INFINITY;
        }
        GaussianSample s = GaussianSample.of(phi, 1, Math.sqrt(q), 0);
        return sigmaW2 * s.expectProduct(1, 1, 0, "E[phi'(sqrt(q) z)^2]");
    }

    /**
     * Slope of the q-map, {@code σ_w² d/dq E[φ(√q z)²] = σ_w² E[φ(√q z)² (z² − 1)] / (2q)}:
     * the derivative falls on the Gaussian density, not on φ, so the slope holds for a kinked
     * φ (whose φ'' has a point mass {@code [φ'](x_k) δ(x − x_k)} at each kink, which the
     * symbolic φ'' lacks) and for a φ that jumps. φ² is centred on its mean first, which leaves
     * the expectation unchanged ({@code E[z² − 1] = 0}) and keeps small q free of cancellation.
     *
     * <p>At q = 0 the slope is the limit {@code σ_w² (φ'(0)² + φ(0) φ''(0))}, each factor the
     * average of its two sides at a kink at 0; q* = 0 needs φ(0) = 0, where no point mass counts.
     */
    public double qMapSlope(double q) {
        if (q == 0) {
            GaussianSample s = GaussianSample.of(phi, 2, 0, 0);
            double a = s.expectProduct(1, 1, 0, "E[phi'(0)^2]");
            double b = s.expectProduct(0, 2, 0, "E[phi(0) phi''(0)]");
            return sigmaW2 * (a + b);
        }
        GaussianSample s = GaussianSample.of(phi, 0, Math.sqrt(q), 0);
        double[] f = s.derivative(0);
        double[] z = s.z();
        double mean = s.expectProduct(0, 0, 0, "E[phi(sqrt(q) z)^2]");
        double[] v = new double[f.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = (f[i] * f[i] - mean) * (z[i] * z[i] - 1);
        }
        return sigmaW2 * s.expect(v, "E[phi(sqrt(q) z)^2 (z^2 - 1)]") / (2 * q);
    }

    /** The fixed point reached from q = 1 (see the class comment); {@code +Infinity} if unbounded. */
    public double qStar() {
        DoubleUnaryOperator f = q -> qMap(q) - q;
        double f1 = f.applyAsDouble(1);
        if (Math.abs(f1) <= NEUTRAL) {
            return 1; // q = 1 is fixed to quadrature precision (e.g. relu at sigma_w2 = 2, every q is)
        }
        if (f1 > 0) {
            // Probes 2, 4, 8, ...: the first one below the diagonal brackets the first root above 1
            // unless two roots lie within a factor 2 of each other.
            double lo = 1;
            try {
                for (double hi = 2; hi <= Q_MAX; hi *= 2) {
                    if (f.applyAsDouble(hi) <= 0) {
                        return fixedPoint("q-map", f, lo, hi, 1e-14);
                    }
                    lo = hi;
                }
            } catch (DivergentExpectationException e) {
                // q grew until E[phi(sqrt(q) z)^2] overflows (e.g. exp(x)): no finite fixed point.
            }
            return Double.POSITIVE_INFINITY;
        }
        // Probes 1/2, 1/4, ...: the first one clearly above the diagonal brackets the root. A probe
        // within rounding of the diagonal (a flat map such as hardtanh's at (1, 0), which loses
        // q only through a tail below the rounding of q) proves nothing and the search goes on.
        double below = 1;
        boolean zeroIsFixed = sigmaB2 == 0 && phiAtZero() == 0;
        double ratio = Double.NaN;
        for (double lo = 0.5; lo >= Q_MIN; lo *= 0.5) {
            double next = qMap(lo);
            double fLo = next - lo;
            if (fLo > ROUNDING * (next + lo)) {
                return fixedPoint("q-map", f, lo, below, 1e-14);
            }
            if (fLo < -ROUNDING * (next + lo)) {
                below = lo;
            }
            // q = 0 is a fixed point; once the map is linear at this scale with slope <= 1
            // (qMap(q)/q no longer changes against its distance from 1), nothing lies between.
            double r = next / lo;
            if (zeroIsFixed && lo <= LINEAR_SCALE && Math.abs(r - ratio) <= 1e-2 * (1 - r)) {
                return 0;
            }
            ratio = r;
        }
        double f0 = qMap(0);
        return f0 <= 1e-15 ? 0 : fixedPoint("q-map", f, 0, below, 1e-300);
    }

    private double phiAtZero() {
        double[] v = new double[1];
        phi.phi().values(new double[] {0}, v, 1);
        return v[0];
    }

    /**
     * Correlation after one layer for two inputs of variance q and correlation c:
     * {@code (σ_w² E[φ(u1)φ(u2)] + σ_b²) / qMap(q)}.
     */
    public double cMap(double q, double c) {
        return correlationMap(q).at(c)[0];
    }

    /** Slope of the c-map at (q, c): {@code σ_w² E[φ'(u1)φ'(u2)]} (the q factors cancel at q = q*). */
    public double cMapSlope(double q, double c) {
        return correlationMap(q).at(c)[1];
    }

    /**
     * The c-map at a fixed q as a function of c, for plots and sweeps: the Hermite series is
     * built once, so each point costs microseconds (near c = ±1 with a kinked φ a point may
     * fall back to 2-D quadrature).
     */
    public DoubleUnaryOperator cMapAt(double q) {
        CorrelationMap map = correlationMap(q);
        return c -> map.at(c)[0];
    }

    private CorrelationMap correlationMap(double q) {
        return new CorrelationMap(phi, sigmaW2, sigmaB2, q, qMap(q));
    }

    /**
     * The stable fixed point of the c-map at q*, for the chaotic phase (χ1 > 1, where c = 1
     * repels): the root of {@code cMap(c) − c} in [0, 1).
     *
     * <p>At q = q* the c-map is {@code Σ_k c^k a_k} with every {@code a_k ≥ 0} (Mehler, with
     * σ_b² in a_0), so it is convex on [0, 1] with {@code cMap(0) ≥ 0} and {@code cMap(1) = 1}:
     * below its root in [0, 1) it lies above the diagonal, above it below. Probes at
     * {@code 1 − 2^−k}, k = 1, 2, ..., walk up until the first one below the diagonal, whose
     * predecessor brackets the root; a root within 1e-13 of 1 cannot be told from 1 (1 is
     * returned). The slope at 1 of a kinked φ's c-map, χ1 minus a term in {@code √(1−c)},
     * puts c* at {@code 1 − O((χ1 − 1)²)}: close to 1 near the edge of chaos.
     */
    public double cStar(double qStar) {
        CorrelationMap map = correlationMap(qStar);
        DoubleUnaryOperator f = c -> map.at(c)[0] - c;
        double lo = 0;
        if (f.applyAsDouble(0) <= 0) {
            return 0;
        }
        for (double eta = 0.5; eta >= 1e-13; eta *= 0.5) {
            double c = 1 - eta;
            if (f.applyAsDouble(c) < 0) {
                return fixedPoint("C-map", f, lo, c, C_TOL * Math.min(1, eta));
            }
            lo = c;
        }
        return 1;
    }

    /** q*, c*, χ1, the depth scales and the phase. */
    public MeanFieldPoint point() {
        double q = qStar();
        if (Double.isInfinite(q)) {
            double nan = Double.NaN;
            return new MeanFieldPoint(sigmaW2, sigmaB2, q, nan, nan, nan, nan, nan, nan, Phase.UNBOUNDED, nan);
        }
        double chi1 = chi1(q);
        double qSlope = qMapSlope(q);
        Phase phase = Phase.of(chi1);
        double c = 1;
        double cSlope = chi1;
        if (phase == Phase.CHAOTIC) {
            c = cStar(q);
            if (c < 1) {
                cSlope = correlationMap(q).at(c)[1];
            }
        }
        double xiC = depthScale(cSlope);
        return new MeanFieldPoint(sigmaW2, sigmaB2, q, c, chi1, qSlope, depthScale(qSlope), cSlope, xiC, phase, 6 * xiC);
    }

    /**
     * {@code −1/log|slope|}: the depth over which a deviation shrinks by e. +Infinity when
     * {@code |slope| ≥ 1 − 1e-12}: the quadrature resolves slopes to about 1e-12, so a depth
     * scale beyond ~1e12 layers cannot be told from an exactly critical (infinite) one.
     */
    public static double depthScale(double slope) {
        double a = Math.abs(slope);
        if (Double.isNaN(a)) {
            return Double.NaN;
        }
        if (a >= 1 - 1e-12) {
            return Double.POSITIVE_INFINITY;
        }
        return a == 0 ? 0 : -1 / Math.log(a);
    }

    /** A sign change of f in [lo, hi] ({@link BrentRoot}); NaN when f is NaN there or does not change sign. */
    static double solve(DoubleUnaryOperator f, double lo, double hi, double absTol) {
        return BrentRoot.find(f, lo, hi, absTol);
    }

    /** {@link #solve} for a fixed point of one of the maps, which must exist in the bracket. */
    private double fixedPoint(String map, DoubleUnaryOperator f, double lo, double hi, double absTol) {
        double root = solve(f, lo, hi, absTol);
        if (Double.isNaN(root)) {
            throw new DivergentExpectationException("the fixed point of the " + map, phi.name(),
                    "the map is not finite between " + lo + " and " + hi);
        }
        return root;
    }
}
