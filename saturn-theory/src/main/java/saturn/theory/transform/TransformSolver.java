package saturn.theory.transform;

import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleFunction;
import java.util.function.Function;
import saturn.theory.gauss.Derivatives;
import saturn.theory.gauss.DivergentExpectationException;

/**
 * Activation transforms {@code φ̂(x) = γ(φ(αx+β)+δ)}, always with
 * {@code γ = 1/√E[(φ(αz+β)+δ)²]} so that Q(1) = 1 (docs/architecture.md §5; Martens et al. 2021,
 * Zhang et al. 2022):
 * <ul>
 *   <li>{@link #normalized}: α = 1, β = 0, δ = −E[φ(z)], i.e. {@code (φ − m)/s};</li>
 *   <li>{@link #dks}: δ = −E[φ(αz+β)] (C(0) = 0); (α, β) solve Q'(1) = 1, C'(1) = local
 *       slope target (chain: ζ^{1/L});</li>
 *   <li>{@link #tat}: smooth φ only; (α, β, δ) solve Q'(1) = 1, C'(1) = the architecture's
 *       {@link Architecture#unitLocalSlope() unit local slope} (1 for a chain), C''(1) = local
 *       curvature target (chain: τ/L).</li>
 * </ul>
 *
 * <p>Both systems have several solutions (mirror pairs ±β for odd φ, sometimes distinct
 * ones). Damped Newton, in {@code log α} and with the shift written as {@code δ = −φ(β) + αε}
 * for TAT, runs from a grid of starting points (α ∈ {0.05, 0.2, 0.8, 2.5},
 * β ∈ {−1.5, −0.5, 0, 0.5, 1.5}, for TAT ε = 0), abandoning runs that stall or head for a
 * root already found. A deep network's α shrinks like {@code 1/√L}, out of the grid's reach,
 * so when the local target is below that of a 100-layer chain the roots of the grid at that
 * target are also followed down to the requested one ({@link Continuation}); every moment is
 * taken about φ(β), so no closed form loses its digits to cancellation at small α. Among the
 * converged, admissible solutions (α > 0, finite γ) the canonical one has the smallest
 * maximal slope {@code α·γ·sup|φ'|}, ties (relative 1e-7) broken by β ≥ 0, then by the
 * smaller |β|. Solutions with maximal slope ≥ 2 are rejected. (DeepMind's dks rejects
 * α·γ ≥ 2, which is not scale-invariant: it throws away sigmoid's TAT solution, whose network
 * is exactly tanh's.)
 */
public final class TransformSolver {

    public static final double DEFAULT_ZETA = 1.5;
    public static final double DEFAULT_TAU = 0.3;
    static final double MAX_SLOPE = 2;
    private static final double TOL = 1e-12;
    private static final int MAX_ITERATIONS = 30;
    private static final double[] ALPHAS = {0.05, 0.2, 0.8, 2.5};
    private static final double[] BETAS = {-1.5, -0.5, 0, 0.5, 1.5};
    /**
     * The local targets below which the grid runs at the target of a 100-layer chain and its
     * roots are followed from there ({@link Continuation}): C''(1) = 0.3/100 for TAT,
     * C'(1) − 1 = 1.5^(1/100) − 1 for DKS.
     */
    static final double SHALLOW_CURVATURE = 3e-3;
    static final double SHALLOW_SLOPE = 4e-3;

    private TransformSolver() {
    }

    /** {@code (φ − m)/s}: α = 1, β = 0, δ = −m, γ = 1/s. */
    public static ActivationTransform normalized(Derivatives phi) {
        // about the mean (a first pass finds it): the variance then keeps every digit φ has, whatever the mean
        ShiftedMoments sm = ShiftedMoments.of(phi, 1, 0, ShiftedMoments.of(phi, 1, 0).mean());
        double delta = -sm.mean();
        double gamma = 1 / Math.sqrt(sm.secondMomentAbout(-sm.m0()));
        if (!Double.isFinite(gamma)) {
            throw new NoTransformException("cannot normalize " + phi.name() + ": phi(z) is constant");
        }
        return new ActivationTransform("normalized", 1, 0, delta, gamma, gamma * phi.maxAbsDerivative(),
                sm.localMaps(delta));
    }

    /**
     * DKS for a network C-map slope ζ (> 1) on the given architecture.
     *
     * @throws NoTransformException for a φ that jumps, or when no admissible solution exists
     */
    public static ActivationTransform dks(Derivatives phi, Architecture arch, double zeta) {
        if (!(zeta > 1)) {
            throw new IllegalArgumentException("zeta must be > 1, got " + zeta);
        }
        if (phi.hasJumps()) {
            throw new NoTransformException("DKS needs a continuous activation; " + phi.name() + " "
                    + phi.describeJumps() + ", so C'(1) = E[phi'^2]/Q(1) is infinite");
        }
        double target = arch.localSlopeFor(zeta);
        DoubleFunction<Residual> residual = d -> (b, offset) -> {
            double v = b.m2() - b.m0() * b.m0();
            return new double[] {b.alpha() * (b.p() - b.m0() * b.p1()) / v - 1, b.alpha() * b.alpha() * b.d2() / v - (1 + d)};
        };
        List<ActivationTransform> found = new ArrayList<>();
        for (double[] x : roots(phi, residual, false, target - 1, SHALLOW_SLOPE)) {
            ShiftedMoments sm = ShiftedMoments.of(phi, Math.exp(x[0]), x[1], valueAt(phi, 0, x[1]));
            add(found, candidate("dks", phi, sm, -sm.mean()));
        }
        return canonical(found, "no DKS transform of " + phi.name() + " reaches Q'(1) = 1 and C'(1) = "
                + (float) target + " with maximal slope below 2");
    }

    /**
     * TAT (smooth φ) for a network C-map curvature τ (> 0) on the given architecture.
     *
     * @throws NoTransformException for a kinked φ, or when no admissible solution exists
     */
    public static ActivationTransform tat(Derivatives phi, Architecture arch, double tau) {
        if (!(tau > 0)) {
            throw new IllegalArgumentException("tau must be > 0, got " + tau);
        }
        if (!phi.isSmooth()) {
            throw new NoTransformException("TAT (smooth) needs a smooth activation; " + phi.name()
                    + " has kinks at x = " + java.util.Arrays.toString(phi.kinks()));
        }
        double target = arch.localCurvatureFor(tau);
        double slope = arch.unitLocalSlope();
        DoubleFunction<Residual> residual = c -> (b, offset) -> {
            double s = b.secondMomentAbout(offset);
            double a2 = b.alpha() * b.alpha();
            return new double[] {b.alpha() * (b.p() + offset * b.p1()) / s - 1, a2 * b.d2() / s - slope,
                a2 * a2 * b.e2() / (s * c) - 1};
        };
        List<ActivationTransform> found = new ArrayList<>();
        for (double[] x : roots(phi, residual, true, target, SHALLOW_CURVATURE)) {
            double alpha = Math.exp(x[0]);
            double center = valueAt(phi, 0, x[1]);
            add(found, candidate("tat", phi, ShiftedMoments.of(phi, alpha, x[1], center), -center + alpha * x[2]));
        }
        ActivationTransform t = canonical(found, "no TAT transform of " + phi.name() + " reaches Q'(1) = 1, C'(1) = "
                + (float) slope + " and C''(1) = " + (float) target + " with maximal slope below 2");
        if (arch instanceof NormalizedResidual r && r.blocks() > 0) {
            refuseMeanOnShortcut(t, phi, r);
        }
        return t;
    }

    /** q at the output beyond which a normalized residual network refuses TAT ({@link ShortcutMean}). */
    static final double MAX_SHORTCUT_Q = 1.25;

    /**
     * TAT's φ̂ reaches C'(1) = 1 through its mean (C(0) > 0); a normalized residual's shortcut
     * sums that mean block after block and q leaves 1 ({@link ShortcutMean}). Refused when q at the
     * output passes {@link #MAX_SHORTCUT_Q}: DKS, whose C(0) = 0, has no mean to sum.
     */
    private static void refuseMeanOnShortcut(ActivationTransform t, Derivatives phi, NormalizedResidual r) {
        double[] q = ShortcutMean.secondMoments(phi, t, r.plain(), r.blocks(), r.skipWeight());
        double end = q[q.length - 1];
        if (!(end <= MAX_SHORTCUT_Q)) {
            throw new NoTransformException(String.format(java.util.Locale.ROOT,
                    "TAT's transform of %s has mean C(0) = %.3g, which the %d normalized residual blocks' shortcut "
                            + "adds up (skip weight %s): q grows from 1 to %.3g; use --transform dks (C(0) = 0)",
                    phi.name(), t.maps().c0(), r.blocks(), r.skipWeight(), end));
        }
    }

    /**
     * The roots in {@code (log α, β[, ε])} of the system {@code residual} at the local target
     * {@code d} (TAT: C''(1); DKS: C'(1) − 1): Newton from the grid of starts at d; when
     * {@code d < shallow}, also the roots of the grid at {@code shallow}, each followed down to d
     * ({@link Continuation}). For TAT, ε = 0 at every start (δ = −φ(β)).
     */
    private static List<double[]> roots(Derivatives phi, DoubleFunction<Residual> residual, boolean tat, double d,
                                        double shallow) {
        List<double[]> roots = grid(system(phi, residual.apply(d), tat), tat);
        if (d < shallow) {
            List<double[]> start = grid(system(phi, residual.apply(shallow), tat), tat);
            roots.addAll(Continuation.follow(t -> system(phi, residual.apply(t), tat), start, shallow, d, TOL,
                    MAX_ITERATIONS));
        }
        return roots;
    }

    /** Damped Newton from every start of the grid; each run abandons a root found before. */
    private static List<double[]> grid(Function<double[], DampedNewton.Evaluation> system, boolean tat) {
        List<double[]> roots = new ArrayList<>();
        for (double a : ALPHAS) {
            for (double b : BETAS) {
                double[] x0 = tat ? new double[] {Math.log(a), b, 0} : new double[] {Math.log(a), b};
                double[] x = DampedNewton.solve(system, x0, TOL, MAX_ITERATIONS, roots);
                if (x != null) {
                    roots.add(x);
                }
            }
        }
        return roots;
    }

    /**
     * A residual in closed form of the moments at (α, β), taken about φ(β), and of the offset
     * {@code o = δ + φ(β)} of the transform's shift from that centre.
     */
    @FunctionalInterface
    private interface Residual {
        double[] at(ShiftedMoments b, double offset);
    }

    /**
     * The Newton system over {@code (log α, β)} (DKS, δ = −E[φ(u)]) or {@code (log α, β, ε)}
     * (TAT, {@code δ = −φ(β) + α ε}). One quadrature per point gives the moments about φ(β) and
     * their α/β derivatives; the Jacobian follows by central differences of the closed form along
     * those derivatives (no further quadrature), chained to the unknowns.
     *
     * <p>Why these unknowns: a deep network's α is small (∝ √d), and log α is as far from the
     * starts of the grid at any scale (nor can a Newton step make α negative); the transform's
     * shift δ stays within O(α²) of −φ(β), so in (β, δ) the two unknowns' columns nearly coincide
     * (ill-conditioned as 1/α²) while (β, ε) separate them.
     */
    private static Function<double[], DampedNewton.Evaluation> system(Derivatives phi, Residual r, boolean tat) {
        return x -> {
            double alpha = Math.exp(x[0]);
            double beta = x[1];
            if (!(alpha > 1e-9) || !(alpha < 1e3) || !(Math.abs(beta) < 1e3)) {
                return null;
            }
            double center = valueAt(phi, 0, beta);
            ShiftedMoments[] g;
            try {
                g = ShiftedMoments.withGradient(phi, alpha, beta, center);
            } catch (DivergentExpectationException e) {
                return null;
            }
            ShiftedMoments b = g[0];
            double variance = b.m2() - b.m0() * b.m0();
            if (!(variance > 1e-13 * b.secondMomentShifted(0)) || !(variance > 1e-250)) {
                return null; // phi is constant to rounding over the sampled range: no gain defined
            }
            int n = x.length;
            // the offset o = δ + φ(β) and its derivatives in α and β (TAT: α ε, with φ(β) moving with β;
            // DKS: −E[φ(u) − φ(β)], which the moments carry)
            double offset = tat ? alpha * x[2] : -b.m0();
            double[] offsetSlope = tat ? new double[] {x[2], -valueAt(phi, 1, beta)} : null;
            double[] res = r.at(b, offset);
            double[][] jac = new double[n][n];
            for (int j = 0; j < 2; j++) {
                double h = 1e-6 * (j == 0 ? alpha : Math.max(0.1, Math.abs(beta)));
                ShiftedMoments up = b.plus(g[1 + j], h);
                ShiftedMoments down = b.plus(g[1 + j], -h);
                double[] rp = r.at(up, tat ? offset + h * offsetSlope[j] : -up.m0());
                double[] rm = r.at(down, tat ? offset - h * offsetSlope[j] : -down.m0());
                double chain = j == 0 ? alpha : 1;   // d/d(log α) = α d/dα
                for (int i = 0; i < n; i++) {
                    jac[i][j] = chain * (rp[i] - rm[i]) / (2 * h);
                }
            }
            if (tat) {
                double h = 1e-6 * Math.max(0.1, Math.abs(x[2]));
                double[] rp = r.at(b, offset + alpha * h);
                double[] rm = r.at(b, offset - alpha * h);
                for (int i = 0; i < n; i++) {
                    jac[i][2] = (rp[i] - rm[i]) / (2 * h);
                }
            }
            return new DampedNewton.Evaluation(res, jac);
        };
    }

    /** {@code φ^(k)(x)}. */
    private static double valueAt(Derivatives phi, int k, double x) {
        double[] out = new double[1];
        phi.order(k).values(new double[] {x}, out, 1);
        return out[0];
    }

    private static ActivationTransform candidate(String kind, Derivatives phi, ShiftedMoments sm, double delta) {
        double s = sm.secondMomentShifted(delta);
        double gamma = 1 / Math.sqrt(s);
        double slope = sm.alpha() * gamma * phi.maxAbsDerivative();
        if (!Double.isFinite(gamma) || !(gamma > 0) || !(slope < MAX_SLOPE)) {
            return null;
        }
        return new ActivationTransform(kind, sm.alpha(), sm.beta(), delta, gamma, slope, sm.localMaps(delta));
    }

    private static void add(List<ActivationTransform> found, ActivationTransform t) {
        if (t != null) {
            found.add(t);
        }
    }

    private static ActivationTransform canonical(List<ActivationTransform> found, String none) {
        ActivationTransform best = null;
        for (ActivationTransform t : found) {
            if (best == null || better(t, best)) {
                best = t;
            }
        }
        if (best == null) {
            throw new NoTransformException(none);
        }
        return best;
    }

    private static boolean better(ActivationTransform t, ActivationTransform best) {
        double tieScale = 1e-7 * Math.max(t.maxSlope(), best.maxSlope());
        if (Math.abs(t.maxSlope() - best.maxSlope()) > tieScale) {
            return t.maxSlope() < best.maxSlope();
        }
        if ((t.beta() >= 0) != (best.beta() >= 0)) {
            return t.beta() >= 0;
        }
        return Math.abs(t.beta()) < Math.abs(best.beta()) - tieScale;   // periodic φ: the shift nearest 0
    }
}
