package saturn.theory.recurrent;

import java.util.function.DoubleUnaryOperator;
import saturn.theory.Activation;
import saturn.theory.gauss.Derivatives;
import saturn.theory.meanfield.CriticalLine;
import saturn.theory.meanfield.CriticalPoint;
import saturn.theory.meanfield.MeanField;
import saturn.theory.meanfield.NoCriticalPointException;
import saturn.theory.meanfield.Phase;

/**
 * Mean field of the Elman recurrence with input injection,
 * {@code h_t = φ(a_t)}, {@code a_t = W h_{t−1} + U x_t + b}, with {@code W ~ N(0, σ_w²/H)},
 * {@code U ~ N(0, σ_u²/d)}, {@code b ~ N(0, σ_b²)} and inputs whose coordinates have second
 * moment q_x (docs/theory-recurrent.md).
 *
 * <ul>
 *   <li>Variance map {@code q_t = σ_w² E[φ(√q_{t−1} z)²] + σ_u² q_x + σ_b²}: the MLP q-map with
 *       the input's variance added to the bias's, so its fixed point, slope and the critical
 *       line come from {@link MeanField} and {@link CriticalLine} with
 *       {@code σ_b² → σ_b² + σ_u² q_x} ({@link #injectedVariance()}).</li>
 *   <li>Backward gain per step {@code χ = σ_w² E[φ'(√q* z)²]}:
 *       {@code ∂L/∂h_{t−1} = Wᵀ (φ'(a_t) ⊙ ∂L/∂h_t)} multiplies the squared norm by χ on average;
 *       timescale {@code τ = −1/ln χ} ({@link Timescale}).</li>
 *   <li>Correlation map between two trajectories of the same network driven by inputs of
 *       correlation ρ: {@code c ↦ (σ_w² E[φ(u1) φ(u2)] + σ_u² q_x ρ + σ_b²)/q*}, where the pair
 *       (u1, u2) has variance q* and correlation c. Its stable fixed point c*(ρ) is what the
 *       two states settle to; its slope there, {@code σ_w² E[φ'(u1) φ'(u2)]}, how fast a past
 *       difference is forgotten.</li>
 * </ul>
 *
 * <p>Kinked φ are integrated piecewise and a φ that jumps has χ = +∞, as in {@link MeanField}.
 *
 * <p>Where it holds: the width H → ∞ with weights drawn afresh at every step. A real
 * recurrence reuses W at every step; for the forward variance and the one-step maps the
 * difference vanishes as H grows, but products of T Jacobians of one W drift from χ^T by
 * a relative amount that grows with T/H (docs/theory-recurrent.md, "Where it holds").
 *
 * <p>Immutable; the fixed point is computed once, on first use.
 */
public final class ElmanMeanField {

    /** Probe spacing of the correlation fixed-point search on [−1, 1]. */
    private static final double C_STEP = 1.0 / 32;
    private static final double C_TOL = 1e-13;

    private final Derivatives phi;
    private final double sigmaW2;
    private final double sigmaU2;
    private final double sigmaB2;
    private final double inputVariance;
    private final MeanField state;
    private volatile Double qStar;

    public ElmanMeanField(Derivatives phi, double sigmaW2, double sigmaU2, double sigmaB2, double inputVariance) {
        requireFinite("sigma_w2", sigmaW2);
        requireFinite("sigma_u2", sigmaU2);
        requireFinite("sigma_b2", sigmaB2);
        requireFinite("input variance", inputVariance);
        this.phi = phi;
        this.sigmaW2 = sigmaW2;
        this.sigmaU2 = sigmaU2;
        this.sigmaB2 = sigmaB2;
        this.inputVariance = inputVariance;
        this.state = new MeanField(phi, sigmaW2, sigmaB2 + sigmaU2 * inputVariance);
    }

    /** The recurrence of {@code phi} at (σ_w², σ_u², σ_b², q_x). */
    public static ElmanMeanField of(Activation phi, double sigmaW2, double sigmaU2, double sigmaB2, double inputVariance) {
        return new ElmanMeanField(Derivatives.of(phi), sigmaW2, sigmaU2, sigmaB2, inputVariance);
    }

    /**
     * The recurrence on the critical line: the σ_w² at which χ = 1 at its own fixed point q*,
     * for the given input and bias variances ({@code critical(...).sigmaW2()} is the answer).
     *
     * @throws NoCriticalPointException when no σ_w² gives χ = 1 (a φ that jumps; a linear φ,
     *         whose variance grows without bound at σ_w² = 1 once inputs are injected)
     */
    public static ElmanMeanField critical(Activation phi, double sigmaU2, double sigmaB2, double inputVariance) {
        return critical(Derivatives.of(phi), sigmaU2, sigmaB2, inputVariance);
    }

    /** As {@link #critical(Activation, double, double, double)}. */
    public static ElmanMeanField critical(Derivatives phi, double sigmaU2, double sigmaB2, double inputVariance) {
        requireFinite("sigma_u2", sigmaU2);
        requireFinite("sigma_b2", sigmaB2);
        requireFinite("input variance", inputVariance);
        double injected = sigmaB2 + sigmaU2 * inputVariance;
        CriticalPoint p;
        try {
            p = CriticalLine.forBiasVariance(phi, injected);
        } catch (NoCriticalPointException e) {
            throw new NoCriticalPointException("no critical recurrent sigma_w2 for " + phi.name() + " with sigma_u2 = "
                    + sigmaU2 + ", input variance " + inputVariance + ", sigma_b2 = " + sigmaB2 + ": "
                    + reason(e.getMessage()));
        }
        ElmanMeanField critical = new ElmanMeanField(phi, p.sigmaW2(), sigmaU2, sigmaB2, inputVariance);
        critical.qStar = p.qStar();
        return critical;
    }

    private static String reason(String message) {
        int colon = message.indexOf(": ");
        return colon < 0 ? message : message.substring(colon + 2);
    }

    private static void requireFinite(String name, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(name + " must be finite and >= 0, got " + v);
        }
    }

    public double sigmaW2() {
        return sigmaW2;
    }

    public double sigmaU2() {
        return sigmaU2;
    }

    public double sigmaB2() {
        return sigmaB2;
    }

    public double inputVariance() {
        return inputVariance;
    }

    /** {@code σ_u² q_x + σ_b²}: the variance every pre-activation receives from input and bias. */
    public double injectedVariance() {
        return sigmaB2 + sigmaU2 * inputVariance;
    }

    /** {@code σ_w² E[φ(√q z)²] + σ_u² q_x + σ_b²}. */
    public double qMap(double q) {
        return state.qMap(q);
    }

    /** The fixed point of the variance map reached from q = 1 ({@link MeanField#qStar()}); +∞ if unbounded. */
    public double fixedPointQ() {
        Double q = qStar;
        if (q == null) {
            q = state.qStar();
            qStar = q;
        }
        return q;
    }

    /** {@code σ_w² E[φ'(√q* z)²]}; NaN when q* is unbounded, +∞ for a φ that jumps. */
    public double chi() {
        double q = fixedPointQ();
        return Double.isInfinite(q) ? Double.NaN : state.chi1(q);
    }

    /** {@code −1/ln χ} ({@link Timescale#of}). */
    public double gradientTimescale() {
        return Timescale.of(chi());
    }

    /** Slope of the variance map at q*; NaN when q* is unbounded. */
    public double qMapSlope() {
        double q = fixedPointQ();
        return Double.isInfinite(q) ? Double.NaN : state.qMapSlope(q);
    }

    public Phase phase() {
        return Phase.of(chi());
    }

    /**
     * The correlation map at q* for inputs of correlation ρ:
     * {@code c ↦ (σ_w² E[φ(u1) φ(u2)] + σ_u² q_x ρ + σ_b²)/q*}. Built once (a Hermite series of
     * φ), then microseconds per point. Every value is NaN when q* is 0 or unbounded.
     */
    public DoubleUnaryOperator correlationMap(double rho) {
        requireCorrelation(rho);
        double q = fixedPointQ();
        if (!(q > 0) || Double.isInfinite(q)) {
            return c -> Double.NaN;
        }
        double offset = (sigmaB2 + sigmaU2 * inputVariance * rho) / q;
        if (sigmaW2 == 0) {
            return c -> offset;
        }
        // MeanField with sigma_b2 = 0 gives sigma_w2 E[phi phi] / (sigma_w2 E[phi^2]); rescale it to q*.
        MeanField recurrent = new MeanField(phi, sigmaW2, 0);
        double share = recurrent.qMap(q) / q;
        if (share == 0) {
            return c -> offset;
        }
        DoubleUnaryOperator base = recurrent.cMapAt(q);
        return c -> share * base.applyAsDouble(c) + offset;
    }

    /**
     * The stable fixed point c*(ρ) of {@link #correlationMap}. With ρ = 1 (or no input) this is
     * the MLP's c*: 1 unless χ &gt; 1. With ρ &lt; 1 the map lies below the diagonal at c = 1
     * (by {@code σ_u² q_x (1−ρ)/q*}) and, being a correlation, not below −1 at c = −1: the fixed
     * point is the largest root of {@code map(c) − c}, bracketed by probes stepping down from 1.
     * For ρ ≥ 0 the map is convex and increasing on [0, 1] and that root is its only one there.
     */
    public double correlationFixedPoint(double rho) {
        requireCorrelation(rho);
        double q = fixedPointQ();
        if (!(q > 0) || Double.isInfinite(q)) {
            return Double.NaN;
        }
        if (rho == 1 || sigmaU2 * inputVariance == 0) {
            return sameInputFixedPoint(q);
        }
        DoubleUnaryOperator map = correlationMap(rho);
        DoubleUnaryOperator f = c -> map.applyAsDouble(c) - c;
        double above = 1;
        for (double c = 1 - C_STEP; c >= -1 - 1e-12; c -= C_STEP) {
            double probe = Math.max(c, -1);
            if (f.applyAsDouble(probe) >= 0) {
                return solve(f, probe, above);
            }
            above = probe;
        }
        return -1;
    }

    /** c* of the map without an input difference: 1 unless χ > 1, then the MLP's chaotic fixed point. */
    private double sameInputFixedPoint(double q) {
        double chi = state.chi1(q);
        if (chi <= 1 + Phase.CRITICAL_TOLERANCE) {
            return 1;
        }
        return new MeanField(phi, sigmaW2, injectedVariance()).cStar(q);
    }

    /** {@code σ_w² E[φ'(u1) φ'(u2)]} at (q*, c*(ρ)); χ when c* = 1. */
    public double correlationSlope(double rho) {
        double c = correlationFixedPoint(rho);
        if (Double.isNaN(c)) {
            return Double.NaN;
        }
        return c == 1 ? chi() : state.cMapSlope(fixedPointQ(), c);
    }

    /** {@code −1/ln|slope|} at c*(ρ): steps over which a difference between the trajectories fades by e. */
    public double correlationTimescale(double rho) {
        return Timescale.of(Math.abs(correlationSlope(rho)));
    }

    /** Everything at once, with the correlation part for inputs of correlation ρ. */
    public ElmanPoint point(double rho) {
        double q = fixedPointQ();
        double chi = chi();
        double c = correlationFixedPoint(rho);
        double cSlope = Double.isNaN(c) ? Double.NaN : c == 1 ? chi : state.cMapSlope(q, c);
        Phase phase = Double.isInfinite(q) ? Phase.UNBOUNDED : Phase.of(chi);
        return new ElmanPoint(sigmaW2, sigmaU2, sigmaB2, inputVariance, q, chi, Timescale.of(chi), qMapSlope(), phase,
                rho, c, cSlope, Timescale.of(Math.abs(cSlope)));
    }

    private static void requireCorrelation(double rho) {
        if (!(rho >= -1 && rho <= 1)) {
            throw new IllegalArgumentException("input correlation must be in [-1, 1], got " + rho);
        }
    }

    private static double solve(DoubleUnaryOperator f, double lo, double hi) {
        if (f.applyAsDouble(lo) == 0) {
            return lo;
        }
        return root(f, lo, hi, C_TOL);
    }

    /**
     * A sign change of f in [lo, hi] ({@link saturn.theory.expr.BrentRoot}: infinite values by
     * their sign); a formula that is NaN there is one line, not a solver's exception.
     */
    private static double root(java.util.function.DoubleUnaryOperator f, double lo, double hi, double tol) {
        double r = saturn.theory.expr.BrentRoot.find(f, lo, hi, tol);
        if (Double.isNaN(r)) {
            throw new saturn.theory.gauss.DivergentExpectationException("the root search on [" + lo + ", " + hi + "]", null,
                    "the function is not finite or does not change sign there");
        }
        return r;
    }
}
