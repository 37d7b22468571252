package saturn.engine.run;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Learning-rate multipliers per layer ({@code --lr-layers}): every update of a hidden layer's
 * parameters is multiplied by its layer's factor, the read-out's by 1.
 * <ul>
 *   <li>{@link #NONE}: every factor 1;</li>
 *   <li>{@code list:m1,...,mL}: one factor per hidden layer, first to last;</li>
 *   <li>{@code theory}: the inverse of the backward signal the mean field predicts at each
 *       layer, {@code m_l = χ1^(−(L−l)/2)} for hidden layer l of L (χ1 of the network's
 *       activation at its initialization, at its fixed point), clamped to
 *       [{@value #MIN}, {@value #MAX}]: a layer whose gradients the theory expects to have shrunk by
 *       a factor gets a step larger by that factor. It changes nothing where χ1 = 1 (TAT, DKS,
 *       critical initializations); it matters for optimizers whose step follows the
 *       gradient's size (SGD, momentum) and for Adam only through the size of its
 *       steps (Adam's direction does not depend on the gradient's scale).</li>
 * </ul>
 */
public record LayerRates(Kind kind, double[] factors) {

    public enum Kind { NONE, LIST, THEORY }

    public static final double MIN = 1e-3;
    public static final double MAX = 1e3;
    public static final LayerRates NONE = new LayerRates(Kind.NONE, new double[0]);
    public static final LayerRates THEORY = new LayerRates(Kind.THEORY, new double[0]);

    public LayerRates {
        java.util.Objects.requireNonNull(kind, "kind");
        factors = factors.clone();
        for (double f : factors) {
            if (!(f >= 0 && Double.isFinite(f))) throw new IllegalArgumentException("--lr-layers factors must be finite and >= 0, got " + f);
        }
        if (kind == Kind.LIST && factors.length == 0) throw new IllegalArgumentException("--lr-layers list: needs at least one factor");
    }

    public static LayerRates list(double... factors) {
        return new LayerRates(Kind.LIST, factors);
    }

    @Override
    public double[] factors() {
        return factors.clone();
    }

    /**
     * The factor of each of {@code depth} hidden layers; {@code chi1} is the mean-field
     * backward gain per layer (used by {@code theory} only).
     *
     * @throws IllegalArgumentException when a list does not have one factor per hidden layer
     */
    public double[] forDepth(int depth, double chi1) {
        double[] m = new double[depth];
        switch (kind) {
            case NONE -> Arrays.fill(m, 1);
            case LIST -> {
                if (factors.length != depth) {
                    throw new IllegalArgumentException("--lr-layers " + id() + " has " + factors.length
                            + " factors for " + depth + " hidden layers");
                }
                System.arraycopy(factors, 0, m, 0, depth);
            }
            case THEORY -> {
                if (!(chi1 > 0 && Double.isFinite(chi1))) {
                    throw new IllegalArgumentException("--lr-layers theory needs a finite backward gain chi1 > 0, got " + chi1);
                }
                for (int l = 0; l < depth; l++) {
                    m[l] = Math.min(MAX, Math.max(MIN, Math.pow(chi1, -(depth - 1 - l) / 2.0)));
                }
            }
        }
        return m;
    }

    /** The option value: {@code none}, {@code theory}, {@code list:1,2,...}. */
    public String id() {
        return switch (kind) {
            case NONE -> "none";
            case THEORY -> "theory";
            case LIST -> "list:" + Arrays.stream(factors).mapToObj(f -> String.format(Locale.ROOT, "%s", f))
                    .collect(Collectors.joining(","));
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LayerRates r && r.kind == kind && Arrays.equals(r.factors, factors);
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + Arrays.hashCode(factors);
    }

    @Override
    public String toString() {
        return id();
    }
}
