/**
 * Mean-field signal propagation (Poole et al. 2016; Schoenholz et al. 2017): q-map and
 * c-map with their fixed points, χ1, depth scales and phase ({@link saturn.theory.meanfield.MeanField}),
 * the critical line ({@link saturn.theory.meanfield.CriticalLine}), and the moments and
 * gains of φ ({@link saturn.theory.meanfield.Moments}).
 */
package saturn.theory.meanfield;
