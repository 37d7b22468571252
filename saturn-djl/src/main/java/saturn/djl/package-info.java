/**
 * Saturn's prescriptions in Deep Java Library networks.
 *
 * <ul>
 *   <li>{@link saturn.djl.ActivationBlock}: any activation of Saturn's formula language, or
 *       its transform {@code γ(φ(αx+β)+δ)}, as a DJL block ({@link saturn.djl.NDExpression}
 *       translates the expression tree into NDArray operations);</li>
 *   <li>{@link saturn.djl.TheoryInitializer}: orthogonal and edge-of-chaos (critical)
 *       weights with σ_w² from the theory of the activation;</li>
 *   <li>{@link saturn.djl.DjlRemedy}: the {@code --remedy auto} choice for a DJL MLP, and the
 *       MLP built with it;</li>
 *   <li>{@link saturn.djl.OfflinePyTorch}: DJL's PyTorch engine from the jars on the class
 *       path, without downloads.</li>
 * </ul>
 */
package saturn.djl;
