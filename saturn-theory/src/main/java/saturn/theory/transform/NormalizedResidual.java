package saturn.theory.transform;

/**
 * {@code plain} non-linear layers followed by {@code blocks} normalized residual blocks
 * {@code y = √(1−w²)·φ-layer(x) + w·x} (one non-linear layer per branch). With inputs at
 * q = 1 a block's C-map is {@code w²·c + (1−w²)·f(c)} for the layer's local map f, so at
 * c = 1 a block has slope {@code w² + (1−w²)·x} and, at local slope 1, curvature
 * {@code (1−w²)·x}. Composing: network slope {@code x^plain · (w² + (1−w²)x)^blocks},
 * network curvature {@code (plain + (1−w²)·blocks)·x}: the skip weight lets each layer bend
 * more for the same network curvature (TAT's residual case).
 *
 * <p>The block map holds for a branch without a mean (C(0) = 0, DKS's transforms): a mean is
 * added to the signal by every block's shortcut and q leaves 1 ({@link ShortcutMean}), so the
 * solver refuses TAT, whose φ̂ has one, where that moves q by more than a quarter.
 */
public record NormalizedResidual(int plain, int blocks, double skipWeight) implements Architecture {

    public NormalizedResidual {
        if (plain < 0 || blocks < 0 || plain + blocks < 1) {
            throw new IllegalArgumentException("need at least one layer, got " + plain + " plain + " + blocks + " blocks");
        }
        if (!(skipWeight > 0 && skipWeight < 1)) {
            throw new IllegalArgumentException("skip weight must be in (0, 1), got " + skipWeight);
        }
    }

    private double branchShare() {
        return 1 - skipWeight * skipWeight;
    }

    @Override
    public double networkSlope(double localSlope) {
        double block = skipWeight * skipWeight + branchShare() * localSlope;
        return Math.pow(localSlope, plain) * Math.pow(block, blocks);
    }

    @Override
    public double networkCurvature(double localCurvature) {
        return (plain + branchShare() * blocks) * localCurvature;
    }

    @Override
    public double localSlopeFor(double zeta) {
        if (plain == 0) return (Math.pow(zeta, 1.0 / blocks) - skipWeight * skipWeight) / branchShare();
        return Architecture.super.localSlopeFor(zeta);
    }

    @Override
    public double localCurvatureFor(double tau) {
        return tau / (plain + branchShare() * blocks);
    }
}
