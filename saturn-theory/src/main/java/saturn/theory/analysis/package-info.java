/**
 * Everything the theory says about one activation, in one call: {@link saturn.theory.analysis.Analysis#of}
 * gives φ's moments, its mean-field point and phase, its edge of chaos, the input–output
 * Jacobian's spectrum and the normalizing, DKS and TAT transforms for a depth. This is what
 * {@code saturn analyze} prints, and the library's entry point for someone who wants a
 * prescription and no training (docs/library.md).
 */
package saturn.theory.analysis;
