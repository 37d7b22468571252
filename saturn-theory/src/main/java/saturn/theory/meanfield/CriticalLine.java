package saturn.theory.meanfield;

import java.util.function.DoubleUnaryOperator;
import saturn.theory.gauss.Derivatives;
import saturn.theory.gauss.DivergentExpectationException;
import saturn.theory.gauss.GaussianSample;

/**
 * The critical line χ1 = 1 (edge of chaos), in its two parametrizations (docs/architecture.md §5).
 *
 * <p>A φ that jumps has no critical point: χ1 is infinite for every σ_w² > 0.
 *
 * <p>By q* (Pennington et al. 2017): {@code σ_w² = 1/E[φ'(√q* z)²]},
 * {@code σ_b² = q* − σ_w² E[φ(√q* z)²]}; no point when that σ_b² is negative.
 *
 * <p>By σ_b²: rather than nesting a fixed-point solve inside a root-find on σ_w², solve the
 * one-dimensional equation {@code σ_b²(q) = target} along the q*-parametrization (two
 * expectations per step), starting from q = 1 and bracketing towards the root nearest to
 * it. The answer is then checked: q must be the fixed point the q-map reaches at the
 * σ_w² found. If it is not (several fixed points), the slow path root-finds
 * {@code χ1(q*(σ_w²)) = 1} over σ_w² directly.
 */
public final class CriticalLine {

    private static final double TINY = 1e-12;
    /** |χ1 − 1| accepted at a root found by the slow path. */
    private static final double CHI_TOL = 1e-6;

    private CriticalLine() {
    }

    /**
     * The critical point with fixed point q*.
     *
     * @throws NoCriticalPointException when it would need σ_b² &lt; 0 or φ' vanishes
     */
    public static CriticalPoint forQStar(Derivatives phi, double qStar) {
        if (!(qStar >= 0) || Double.isInfinite(qStar)) {
            throw new IllegalArgumentException("q* must be finite and >= 0, got " + qStar);
        }
        refuseJumps(phi);
        double[] sb = biasAndWeight(phi, qStar);
        if (!(sb[1] > 0) || Double.isInfinite(sb[1])) {
            throw new NoCriticalPointException("no critical point with q* = " + qStar + " for " + phi.name()
                    + ": E[phi'(sqrt(q*) z)^2] = 0");
        }
        if (sb[0] < -TINY * Math.max(1, qStar)) {
            throw new NoCriticalPointException("no critical point with q* = " + qStar + " for " + phi.name()
                    + ": it would need sigma_b2 = " + (float) sb[0] + " < 0");
        }
        return new CriticalPoint(sb[1], Math.max(0, sb[0]), qStar);
    }

    /**
     * The critical point with bias variance σ_b².
     *
     * @throws NoCriticalPointException when no σ_w² gives χ1 = 1 at this σ_b²
     */
    public static CriticalPoint forBiasVariance(Derivatives phi, double sigmaB2) {
        if (!(sigmaB2 >= 0) || Double.isInfinite(sigmaB2)) {
            throw new IllegalArgumentException("sigma_b2 must be finite and >= 0, got " + sigmaB2);
        }
        refuseJumps(phi);
        DoubleUnaryOperator g = q -> {
            try {
                return biasAndWeight(phi, q)[0] - sigmaB2;
            } catch (DivergentExpectationException e) {
                return Double.NaN; // overflow far out along the line (e.g. a formula like log(1+exp(x)))
            }
        };
        double q = rootNearOne(g);
        if (!Double.isNaN(q)) {
            double sigmaW2 = biasAndWeight(phi, q)[1];
            if (sigmaW2 > 0 && Double.isFinite(sigmaW2)) {
                double reached = new MeanField(phi, sigmaW2, sigmaB2).qStar();
                if (Math.abs(reached - q) <= 1e-6 * Math.max(1, q)) {
                    return new CriticalPoint(sigmaW2, sigmaB2, reached);
                }
            }
        }
        return bySigmaW2(phi, sigmaB2);
    }

    /** A φ that jumps has χ1 = +Infinity at every σ_w² > 0: it is chaotic everywhere. */
    private static void refuseJumps(Derivatives phi) {
        if (phi.hasJumps()) {
            throw new NoCriticalPointException("no critical point for " + phi.name() + ": it " + phi.describeJumps()
                    + ", so chi1 = sigma_w2 E[phi'^2] is infinite for every sigma_w2 > 0 (always chaotic)");
        }
    }

    /** {σ_b²(q), σ_w²(q)} along the q*-parametrization. */
    private static double[] biasAndWeight(Derivatives phi, double q) {
        GaussianSample s = GaussianSample.of(phi, 1, Math.sqrt(q), 0);
        double d = s.expectProduct(1, 1, 0, "E[phi'(sqrt(q) z)^2]");
        double p = s.expectProduct(0, 0, 0, "E[phi(sqrt(q) z)^2]");
        double sigmaW2 = 1 / d;
        return new double[] {q - sigmaW2 * p, sigmaW2};
    }

    /** A root of g bracketed from q = 1 outwards; NaN when there is none in [0, 1e12]. */
    private static double rootNearOne(DoubleUnaryOperator g) {
        double g1 = g.applyAsDouble(1);
        if (Double.isNaN(g1)) {
            return Double.NaN;
        }
        if (Math.abs(g1) <= TINY) {
            return 1;
        }
        double near = 1;
        double far = g1 > 0 ? 0.5 : 2;
        while (true) {
            double gf = g.applyAsDouble(far);
            if (Double.isNaN(gf)) {
                return Double.NaN;
            }
            if ((gf > 0) != (g1 > 0)) {
                break;
            }
            near = far;
            far = g1 > 0 ? far * 0.5 : far * 2;
            if (far < 1e-12) {
                double g0 = g.applyAsDouble(0);
                if (!Double.isNaN(g0) && Math.abs(g0) <= TINY) {
                    return 0;
                }
                return Double.NaN;
            }
            if (far > 1e12) {
                return Double.NaN;
            }
        }
        return MeanField.solve(g, Math.min(near, far), Math.max(near, far), 1e-15);
    }

    /**
     * Slow path: χ1 at the reached q* as a function of σ_w², scanned on a log grid (×1.5 from
     * just below {@code 1/sup|φ'|²}, where χ1 < 1 is certain, to 1e4), then Brent.
     */
    private static CriticalPoint bySigmaW2(Derivatives phi, double sigmaB2) {
        DoubleUnaryOperator excess = w -> {
            MeanField mf = new MeanField(phi, w, sigmaB2);
            try {
                double q = mf.qStar();
                return Double.isInfinite(q) ? Double.POSITIVE_INFINITY : mf.chi1(q) - 1;
            } catch (DivergentExpectationException e) {
                return Double.POSITIVE_INFINITY;
            }
        };
        // chi1 = sigma_w2 E[phi'^2] <= sigma_w2 sup|phi'|^2: below 1/sup|phi'|^2 it is < 1 at any q*,
        // so the scan starts there (one grid step below) instead of at 1e-3.
        double bound = 1 / (phi.maxAbsDerivative() * phi.maxAbsDerivative());
        double prev = bound > 1e-3 && bound < 1e4 ? bound / 1.5 : 1e-3;
        double fPrev = excess.applyAsDouble(prev);
        for (double w = prev * 1.5; w <= 1e4; w *= 1.5) {
            double f = excess.applyAsDouble(w);
            if (fPrev < 0 && f >= 0) {
                if (Double.isInfinite(f)) {
                    break;
                }
                double sigmaW2 = MeanField.solve(excess, prev, w, 1e-13);
                // chi1 may jump across 1 where q* itself jumps (a fold of the q-map, e.g.
                // 1 - exp(-x^2) leaving q* = 0): Brent then lands on the jump, not on chi1 = 1.
                if (!Double.isNaN(sigmaW2) && Math.abs(excess.applyAsDouble(sigmaW2)) <= CHI_TOL) {
                    double q = new MeanField(phi, sigmaW2, sigmaB2).qStar();
                    return new CriticalPoint(sigmaW2, sigmaB2, q);
                }
            }
            prev = w;
            fPrev = f;
        }
        throw new NoCriticalPointException("no sigma_w2 puts " + phi.name() + " at the edge of chaos with sigma_b2 = "
                + sigmaB2 + ": chi1 stays below 1 or the signal grows without bound");
    }
}
