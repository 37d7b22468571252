/**
 * Input–output Jacobian spectrum of deep random networks (Pennington, Schoenholz, Ganguli
 * 2017): mean and variance of the squared singular values for Gaussian and orthogonal weights.
 */
package saturn.theory.jacobian;
