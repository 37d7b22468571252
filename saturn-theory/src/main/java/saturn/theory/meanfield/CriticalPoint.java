package saturn.theory.meanfield;

/** A point on the critical line (χ1 = 1) with its fixed point q*. */
public record CriticalPoint(double sigmaW2, double sigmaB2, double qStar) {
}
