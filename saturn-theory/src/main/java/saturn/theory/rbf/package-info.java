/**
 * Gaussian RBF units: closed-form output moments, the concentration of distances that makes
 * random centres lose the signal, and the width prescription ({@link saturn.theory.rbf.RbfPrescription}).
 */
package saturn.theory.rbf;
