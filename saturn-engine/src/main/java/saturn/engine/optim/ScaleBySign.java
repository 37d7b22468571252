package saturn.engine.optim;

/**
 * {@code u = sign(u)} (signSGD, Bernstein et al. 2018): every coordinate moves by the
 * learning rate whatever the gradient's magnitude; a zero stays zero. After momentum this
 * is Signum.
 */
public final class ScaleBySign implements GradientTransformation {

    @Override
    public OptState init(float[][] params) {
        return OptState.empty();
    }

    @Override
    public void update(float[][] updates, OptState state, float[][] params) {
        for (float[] u : updates) {
            for (int i = 0; i < u.length; i++) u[i] = Math.signum(u[i]);
        }
    }
}
