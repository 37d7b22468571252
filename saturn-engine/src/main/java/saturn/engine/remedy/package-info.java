/**
 * The theory turned into a network's initialization and activation:
 * {@link saturn.engine.remedy.AutoRemedy#prescribe} is {@code --remedy auto} (a
 * {@link saturn.engine.remedy.Prescription}: init, transform, learning rate and the reason),
 * {@link saturn.engine.remedy.Transforms#solve} solves a transform for a depth and
 * architecture, {@link saturn.engine.remedy.Inits#resolve} turns an initializer into
 * weight and bias variances.
 */
package saturn.engine.remedy;
