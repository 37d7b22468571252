/**
 * Gaussian expectations for any activation: adaptive composite Gauss–Legendre rules on
 * the standard normal measure ({@link saturn.theory.gauss.AdaptiveLegendre}), split at
 * kinks, with divergence detection ({@link saturn.theory.gauss.DivergentExpectationException});
 * φ and its derivatives sampled on one shared rule ({@link saturn.theory.gauss.GaussianSample});
 * correlated 2-D expectations ({@link saturn.theory.gauss.GaussianExpectation#bivariate}) and
 * Hermite (Mehler) series ({@link saturn.theory.gauss.HermiteSeries}).
 */
package saturn.theory.gauss;
