package saturn.djl;

import ai.djl.nn.LambdaBlock;
import saturn.theory.Activation;
import saturn.theory.transform.ActivationTransform;

/**
 * A DJL block applying an activation elementwise to every array of its input, for any
 * formula Saturn's expression grammar can write ({@link NDExpression}). The block has no
 * parameters and keeps the input's shape.
 */
public final class ActivationBlock {

    /** The name the blocks carry in a DJL network. */
    public static final String NAME = "saturn-activation";

    private ActivationBlock() {
    }

    /** φ as a block: {@code ActivationBlock.of(Activation.parse("x/(1+abs(x))"))}. */
    public static LambdaBlock of(Activation activation) {
        NDExpression phi = NDExpression.of(activation);
        return new LambdaBlock(list -> {
            ai.djl.ndarray.NDList out = new ai.djl.ndarray.NDList(list.size());
            for (ai.djl.ndarray.NDArray a : list) out.add(phi.apply(a));
            return out;
        }, NAME);
    }

    /** The transformed activation {@code γ(φ(αx+β)+δ)} of a DKS, TAT or normalizing transform. */
    public static LambdaBlock transformed(Activation phi, ActivationTransform transform) {
        return of(transform.apply(phi));
    }
}
