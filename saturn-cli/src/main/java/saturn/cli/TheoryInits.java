package saturn.cli;

import saturn.theory.Activation;
import saturn.theory.gauss.Derivatives;
import saturn.theory.meanfield.CriticalLine;
import saturn.theory.meanfield.CriticalPoint;
import saturn.theory.meanfield.Moments;
import saturn.theory.meanfield.NoCriticalPointException;

/**
 * The initializers whose σ_w², σ_b² come from the mean-field theory of the user's activation
 * (docs/architecture.md §5): {@code gain} (q* = 1, torch's {@code calculate_gain} for any formula) and
 * the edge of chaos ({@code critical}, {@code critical-gaussian}, {@code critical-q}).
 */
final class TheoryInits {

    private TheoryInits() {
    }

    static Choices.Init resolve(String head, String args, String value, String activation, int depth) {
        Derivatives phi = Derivatives.of(Activation.parse(activation));
        try {
            return switch (head) {
                case "gain" -> gain(phi, args == null ? 0.0 : Choices.nonNegative(args, "--init gain σb²"));
                case "critical" -> critical("orthogonal", phi, args, depth);
                case "critical-gaussian" -> critical("gaussian", phi, args, depth);
                default -> {
                    if (args == null) throw Choices.unknown(value, "--init", Choices.INITS);
                    double q = Choices.positive(args, "--init critical-q q*");
                    yield edgeOfChaos("orthogonal", CriticalLine.forQStar(phi, q), "q* = " + q + " given");
                }
            };
        } catch (NoCriticalPointException e) {
            throw new BadInputException("--init " + value + ": " + e.getMessage());
        }
    }

    /** Gaussian {@code N(0, σ_w²/fan_in)} with σ_w² making q = 1 a fixed point: {@code σ_w² = (1 − σ_b²)/E[φ(z)²]}. */
    private static Choices.Init gain(Derivatives phi, double sigmaB2) {
        double sw2 = Moments.of(phi).variancePreservingSigmaW2(sigmaB2);
        if (!(sw2 > 0) || Double.isInfinite(sw2)) {
            throw new BadInputException("--init gain: no weight variance keeps q* = 1 for " + phi.name()
                    + " with sigma_b2 = " + sigmaB2 + " (it needs sigma_b2 < 1 and E[phi(z)^2] > 0)");
        }
        return new Choices.Init("gaussian", sw2, sigmaB2, 1.0,
                "variance-preserving: N(0, sigma_w2/fan_in), sigma_w2 = (1 - sigma_b2)/E[phi(z)^2] so that q* = 1");
    }

    /**
     * Given σ_b², the critical σ_w²; without it, the point with q* = 1/depth (dynamical
     * isometry). An activation with a non-zero mean (sigmoid, gauss) has no critical point
     * at small q* — it would need σ_b² &lt; 0 — and then gets the critical point at σ_b² = 0,
     * with the reason in the note, rather than a refusal the user has to work around.
     */
    private static Choices.Init critical(String engine, Derivatives phi, String args, int depth) {
        if (args == null) {
            double q = 1.0 / Math.max(depth, 1);
            try {
                return edgeOfChaos(engine, CriticalLine.forQStar(phi, q), "q* = 1/depth = " + q);
            } catch (NoCriticalPointException smallQ) {
                return edgeOfChaos(engine, CriticalLine.forBiasVariance(phi, 0),
                        "sigma_b2 = 0 (q* = 1/depth = " + q + " has none: " + smallQ.getMessage() + ")");
            }
        }
        double sb2 = Choices.nonNegative(args, "--init critical σb²");
        return edgeOfChaos(engine, CriticalLine.forBiasVariance(phi, sb2), "sigma_b2 = " + sb2 + " given");
    }

    private static Choices.Init edgeOfChaos(String engine, CriticalPoint p, String how) {
        String weights = engine.equals("orthogonal") ? "Haar orthogonal times sqrt(sigma_w2)" : "N(0, sigma_w2/fan_in)";
        return new Choices.Init(engine, p.sigmaW2(), p.sigmaB2(), p.qStar(),
                "edge of chaos (chi1 = 1), " + how + ": " + weights + ", biases N(0, sigma_b2)");
    }
}
