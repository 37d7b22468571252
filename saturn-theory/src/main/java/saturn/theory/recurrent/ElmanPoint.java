package saturn.theory.recurrent;

import saturn.theory.meanfield.Phase;

/**
 * What mean-field theory says about one Elman recurrence
 * {@code h_t = φ(W h_{t−1} + U x_t + b)} at initialization ({@link ElmanMeanField}).
 *
 * <p>Non-finite values are meaningful: a timescale is ±∞ at a gain of exactly 1; every field
 * after {@code qStar} is NaN when {@code qStar} is +∞ (phase {@link Phase#UNBOUNDED}).
 *
 * @param sigmaW2               recurrent weight variance σ_w² (W ~ N(0, σ_w²/H))
 * @param sigmaU2               input weight variance σ_u² (U ~ N(0, σ_u²/d))
 * @param sigmaB2               bias variance σ_b²
 * @param inputVariance         per-coordinate second moment q_x of the inputs x_t
 * @param qStar                 fixed point of the pre-activation variance
 *                              {@code q ↦ σ_w² E[φ(√q z)²] + σ_u² q_x + σ_b²}
 * @param chi                   per-step backward gain of the squared gradient norm, {@code σ_w² E[φ'(√q* z)²]}
 * @param gradientTimescale     {@code −1/ln χ}: steps over which the squared gradient norm falls by e
 *                              (negative: grows by e over |τ| steps)
 * @param qSlope                slope of the variance map at q*, the rate at which q_t settles
 * @param phase                 ordered (χ &lt; 1), critical, chaotic (χ &gt; 1) or unbounded
 * @param inputCorrelation      ρ, the correlation of the two input sequences behind {@code cStar}
 * @param cStar                 stable fixed point of the correlation between two trajectories
 *                              driven by inputs of correlation ρ
 * @param cSlope                slope of the correlation map at c*, {@code σ_w² E[φ'(u1) φ'(u2)]}
 * @param correlationTimescale  {@code −1/ln|cSlope|}: steps over which a difference between the two
 *                              trajectories is forgotten (by e)
 */
public record ElmanPoint(double sigmaW2, double sigmaU2, double sigmaB2, double inputVariance, double qStar, double chi,
                         double gradientTimescale, double qSlope, Phase phase, double inputCorrelation, double cStar,
                         double cSlope, double correlationTimescale) {
}
