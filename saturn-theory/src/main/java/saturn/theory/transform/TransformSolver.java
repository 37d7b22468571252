package saturn.theory.transform;

import java.util.ArrayList;
import java.util.List;
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
 * ones). Damped Newton runs from a grid of starting points (α ∈ {0.05, 0.2, 0.8, 2.5},
 * β ∈ {−1.5, −0.5, 0, 0.5, 1.5}, for TAT δ starting at −φ(β)), abandoning runs that
 * stall or head for a root already found; among the converged, admissible
 * solutions (α > 0, finite γ) the canonical one has the smallest maximal slope
 * {@code α·γ·sup|φ'|}, ties (relative 1e-7) broken by β ≥ 0. Solutions with maximal slope
 * ≥ 2 are rejected. (DeepMind's dks rejects α·γ ≥ 2, which is not scale-invariant: it
 * throws away sigmoid's TAT solution, whose network is exactly tanh's.)
 */
public final class TransformSolver {

    public static final double DEFAULT_ZETA = 1.5;
    public static final double DEFAULT_TAU = 0.3;
    static final double MAX_SLOPE = 2;
    private static final double TOL = 1e-12;
    private static final int MAX_ITERATIONS = 30;
    private static final double[] ALPHAS = {0.05, 0.2, 0.8, 2.5};
    private static final double[] BETAS = {-1.5, -0.5, 0, 0.5, 1.5};

    private TransformSolver() {
    }

    /** {@code (φ − m)/s}: α = 1, β = 0, δ = −m, γ = 1/s. */
    public static ActivationTransform normalized(Derivatives phi) {
        ShiftedMoments sm = ShiftedMoments.of(phi, 1, 0);
        double delta = -sm.m0();
        double gamma = 1 / Math.sqrt(sm.secondMomentShifted(delta));
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
        Residual r = (b, delta) -> {
            double v = b.variance();
            return new double[] {b.alpha() * b.centredP() / v - 1, b.alpha() * b.alpha() * b.d2() / v - target};
        };
        List<ActivationTransform> found = new ArrayList<>();
        List<double[]> roots = new ArrayList<>();
        for (double a : ALPHAS) {
            for (double b : BETAS) {
                double[] x = DampedNewton.solve(system(phi, r, false), new double[] {a, b}, TOL, MAX_ITERATIONS, roots);
                if (x != null) {
                    roots.add(x);
                    ShiftedMoments sm = ShiftedMoments.of(phi, x[0], x[1]);
                    add(found, candidate("dks", phi, sm, -sm.m0()));
                }
            }
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
        Residual r = (b, delta) -> {
            double s = b.secondMomentShifted(delta);
            double a2 = b.alpha() * b.alpha();
            return new double[] {b.alpha() * b.pShifted(delta) / s - 1, a2 * b.d2() / s - slope,
                a2 * a2 * b.e2() / s - target};
        };
        List<ActivationTransform> found = new ArrayList<>();
        List<double[]> roots = new ArrayList<>();
        for (double a : ALPHAS) {
            for (double b : BETAS) {
                double[] phiAtBeta = new double[1];
                phi.phi().values(new double[] {b}, phiAtBeta, 1);
                double[] x0 = {a, b, -phiAtBeta[0]};
                double[] x = DampedNewton.solve(system(phi, r, true), x0, TOL, MAX_ITERATIONS, roots);
                if (x != null) {
                    roots.add(x);
                    add(found, candidate("tat", phi, ShiftedMoments.of(phi, x[0], x[1]), x[2]));
                }
            }
        }
        return canonical(found, "no TAT transform of " + phi.name() + " reaches Q'(1) = 1, C'(1) = " + (float) slope
                + " and C''(1) = " + (float) target + " with maximal slope below 2");
    }

    /** A residual in closed form of the moments at (α, β) and δ. */
    @FunctionalInterface
    private interface Residual {
        double[] at(ShiftedMoments b, double delta);
    }

    /**
     * The Newton system over (α, β) or (α, β, δ): one quadrature per point gives the moments
     * and their α/β derivatives; the Jacobian follows by central differences of the closed
     * form along those derivatives (no further quadrature). δ is −E[φ] for DKS.
     */
    private static Function<double[], DampedNewton.Evaluation> system(Derivatives phi, Residual r, boolean withDelta) {
        return x -> {
            if (!(x[0] > 1e-6) || !(x[0] < 1e3) || !(Math.abs(x[1]) < 1e3)) {
                return null;
            }
            ShiftedMoments[] g;
            try {
                g = ShiftedMoments.withGradient(phi, x[0], x[1]);
            } catch (DivergentExpectationException e) {
                return null;
            }
            ShiftedMoments b = g[0];
            double variance = b.variance();
            if (!(variance > 1e-26 * b.m2()) || !(variance > 1e-250)) {
                return null; // phi is constant to rounding (std below 1e-13 of its rms): no gain defined
            }
            double delta = withDelta ? x[2] : -b.m0();
            int n = x.length;
            double[] res = r.at(b, delta);
            double[][] jac = new double[n][n];
            for (int j = 0; j < 2; j++) {
                double h = 1e-6 * Math.max(0.1, Math.abs(x[j]));
                ShiftedMoments up = b.plus(g[1 + j], h);
                ShiftedMoments down = b.plus(g[1 + j], -h);
                double[] rp = r.at(up, withDelta ? delta : -up.m0());
                double[] rm = r.at(down, withDelta ? delta : -down.m0());
                for (int i = 0; i < n; i++) {
                    jac[i][j] = (rp[i] - rm[i]) / (2 * h);
                }
            }
            if (withDelta) {
                // the residuals see delta only through m0 + delta: step on that scale, not delta's
                // own (which a large mean makes far larger than phi's variation)
                double h = 1e-6 * Math.max(0.1, Math.abs(b.m0() + delta) + Math.sqrt(variance));
                double[] rp = r.at(b, delta + h);
                double[] rm = r.at(b, delta - h);
                for (int i = 0; i < n; i++) {
                    jac[i][2] = (rp[i] - rm[i]) / (2 * h);
                }
            }
            return new DampedNewton.Evaluation(res, jac);
        };
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
        return t.beta() >= 0 && best.beta() < 0;
    }
}
