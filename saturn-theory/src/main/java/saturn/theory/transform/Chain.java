package saturn.theory.transform;

/** A chain of L non-linear layers: network slope {@code x^L}, curvature {@code L·x}. */
public record Chain(int depth) implements Architecture {

    public Chain {
        if (depth < 1) {
            throw new IllegalArgumentException("depth must be >= 1, got " + depth);
        }
    }

    @Override
    public double networkSlope(double localSlope) {
        return Math.pow(localSlope, depth);
    }

    @Override
    public double networkCurvature(double localCurvature) {
        return depth * localCurvature;
    }

    @Override
    public double localSlopeFor(double zeta) {
        return Math.pow(zeta, 1.0 / depth);
    }

    @Override
    public double localCurvatureFor(double tau) {
        return tau / depth;
    }
}
