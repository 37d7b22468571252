package saturn.theory.meanfield;

/**
 * Everything mean-field theory says about one (φ, σ_w², σ_b²).
 *
 * <p>Non-finite values are meaningful: {@code xiQ}, {@code xiC} and {@code trainableDepth}
 * are {@code +Infinity} when the corresponding map does not contract (exactly critical,
 * or χ1 above 1 inside the critical band); every field after {@code qStar} is NaN when
 * {@code qStar} is {@code +Infinity} (phase {@link Phase#UNBOUNDED}). JSON writers print
 * non-finite values as {@code null}.
 *
 * @param qStar          stable fixed point of the q-map reached from q = 1
 * @param cStar          stable fixed point of the c-map (1 unless chaotic)
 * @param chi1           {@code σ_w² E[φ'(√q* z)²]}
 * @param qSlope         {@code dq-map/dq} at q*, {@code σ_w² E[φ(√q* z)² (z² − 1)]/(2q*)}; for smooth φ
 *                       this is {@code χ1 + σ_w² E[φ''φ]}
 * @param xiQ            {@code −1/log|qSlope|}
 * @param cSlope         {@code σ_w² E[φ'(u1)φ'(u2)]} at (q*, c*), equals χ1 when c* = 1
 * @param xiC            {@code −1/log cSlope}
 * @param trainableDepth {@code 6 ξ_c} (Schoenholz et al. 2017)
 */
public record MeanFieldPoint(double sigmaW2, double sigmaB2, double qStar, double cStar, double chi1,
                             double qSlope, double xiQ, double cSlope, double xiC, Phase phase,
                             double trainableDepth) {
}
