/**
 * Activation transforms {@code γ(φ(αx+β)+δ)}: normalized, DKS (Martens et al. 2021) and
 * TAT-smooth (Zhang et al. 2022), solved for any activation
 * ({@link saturn.theory.transform.TransformSolver}) on any architecture that says how it
 * composes local C-map slopes and curvatures ({@link saturn.theory.transform.Architecture}).
 */
package saturn.theory.transform;
