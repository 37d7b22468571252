package saturn.theory.analysis;

import java.util.OptionalDouble;

/**
 * Inputs of {@link Analysis#of}: the network's weight and bias variances, an optional q*
 * for the critical point, the depth L and the DKS/TAT targets.
 *
 * @param sigmaW2 weight variance σ_w² (weights N(0, σ_w²/N)); default 1
 * @param sigmaB2 bias variance σ_b²; default 0
 * @param qStar   when present, {@code critical} uses the q*-parametrization; otherwise σ_b²
 * @param depth   L, for the Jacobian spectrum and the DKS/TAT chain; default 100
 * @param zeta    DKS network slope target ζ; default 1.5
 * @param tau     TAT network curvature target τ; default 0.3
 */
public record AnalysisOptions(double sigmaW2, double sigmaB2, OptionalDouble qStar, int depth, double zeta,
                              double tau) {

    public AnalysisOptions {
        if (!(sigmaW2 >= 0) || !(sigmaB2 >= 0) || Double.isInfinite(sigmaW2) || Double.isInfinite(sigmaB2)) {
            throw new IllegalArgumentException("sigma_w2 and sigma_b2 must be finite and >= 0");
        }
        if (depth < 1) {
            throw new IllegalArgumentException("depth must be >= 1, got " + depth);
        }
        if (!(zeta > 1)) {
            throw new IllegalArgumentException("zeta must be > 1, got " + zeta);
        }
        if (!(tau > 0)) {
            throw new IllegalArgumentException("tau must be > 0, got " + tau);
        }
        if (qStar.isPresent() && !(qStar.getAsDouble() >= 0)) {
            throw new IllegalArgumentException("q* must be >= 0, got " + qStar.getAsDouble());
        }
    }

    public static AnalysisOptions defaults() {
        return new AnalysisOptions(1, 0, OptionalDouble.empty(), 100, 1.5, 0.3);
    }

    public AnalysisOptions withSigmaW2(double v) {
        return new AnalysisOptions(v, sigmaB2, qStar, depth, zeta, tau);
    }

    public AnalysisOptions withSigmaB2(double v) {
        return new AnalysisOptions(sigmaW2, v, qStar, depth, zeta, tau);
    }

    public AnalysisOptions withQStar(double v) {
        return new AnalysisOptions(sigmaW2, sigmaB2, OptionalDouble.of(v), depth, zeta, tau);
    }

    public AnalysisOptions withDepth(int v) {
        return new AnalysisOptions(sigmaW2, sigmaB2, qStar, v, zeta, tau);
    }

    public AnalysisOptions withZeta(double v) {
        return new AnalysisOptions(sigmaW2, sigmaB2, qStar, depth, v, tau);
    }

    public AnalysisOptions withTau(double v) {
        return new AnalysisOptions(sigmaW2, sigmaB2, qStar, depth, zeta, v);
    }
}
