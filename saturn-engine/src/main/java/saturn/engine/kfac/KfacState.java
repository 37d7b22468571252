package saturn.engine.kfac;

import java.util.List;
import java.util.function.BiConsumer;

import saturn.engine.optim.OptState;

/**
 * K-FAC's state ({@link Kfac}): per dense layer, its factors A and G (lower triangles
 * maintained), their damped inverses and its momentum; the fallback optimizer's state; and
 * the number of factor statistics taken. The counter counts K-FAC's updates.
 */
final class KfacState extends OptState {

    private final float[][] a;
    private final float[][] g;
    private final float[][] aInv;
    private final float[][] gInv;
    private final float[][] momentum;
    private final OptState fallback;
    /** A counter only: statistics taken so far (k of the k-th statistics). */
    private final OptState statistics = OptState.empty();

    KfacState(float[][] a, float[][] g, float[][] aInv, float[][] gInv, float[][] momentum, OptState fallback) {
        this.a = a;
        this.g = g;
        this.aInv = aInv;
        this.gInv = gInv;
        this.momentum = momentum;
        this.fallback = fallback;
    }

    /** {@code A = E[ā āᵀ]}, per block, {@code da × da}. */
    float[][] a() {
        return a;
    }

    /** {@code G = E[g gᵀ]}, per block, {@code out × out}. */
    float[][] g() {
        return g;
    }

    /** {@code (A + π√γ I)⁻¹}, per block. */
    float[][] aInv() {
        return aInv;
    }

    /** {@code (G + √γ/π I)⁻¹}, per block. */
    float[][] gInv() {
        return gInv;
    }

    /** The velocity v, per block, {@code out × da}. */
    float[][] momentum() {
        return momentum;
    }

    /** The fallback optimizer's state, over the parameters outside the blocks. */
    OptState fallback() {
        return fallback;
    }

    /** Counts the statistics taken. */
    OptState statistics() {
        return statistics;
    }

    @Override
    protected void slots(BiConsumer<String, float[][]> slot) {
        slot.accept("A", a);
        slot.accept("G", g);
        slot.accept("A_inv", aInv);
        slot.accept("G_inv", gInv);
        slot.accept("momentum", momentum);
    }

    /** The fallback's state as child 0 and the statistics counter as child 1 (checkpoint names {@code 0.…}, {@code 1.count}). */
    @Override
    public List<OptState> children() {
        return List.of(fallback, statistics);
    }
}
