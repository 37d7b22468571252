package saturn.engine.control;

import java.util.function.BiConsumer;
import saturn.engine.optim.GradientTransformation;
import saturn.engine.optim.OptState;

/**
 * {@code u_p ← m_p·u_p} with factors that the {@link GainController} sets while training: one
 * factor per parameter array, all 1 at the start. The factors are this transformation's state
 * (slot {@code factor}), so a checkpoint keeps them and {@code --resume} continues with them.
 * As {@link saturn.engine.optim.ScaleByParameter}, chained after an optimizer it multiplies each
 * parameter's learning rate; it has no fused kernel.
 */
public final class ControlledRates implements GradientTransformation {

    private final float[][] factors;

    /** @param parameters the number of parameter arrays the optimizer sees */
    public ControlledRates(int parameters) {
        factors = new float[parameters][1];
        for (float[] f : factors) f[0] = 1f;
    }

    /** The live factor of parameter {@code p}. */
    public float factor(int p) {
        return factors[p][0];
    }

    /** Sets the factor of parameter {@code p} (finite, > 0). */
    public void setFactor(int p, float m) {
        if (!(m > 0 && Float.isFinite(m))) throw new IllegalArgumentException("learning-rate factor must be finite and > 0: " + m);
        factors[p][0] = m;
    }

    public int size() {
        return factors.length;
    }

    @Override
    public OptState init(float[][] params) {
        if (params.length != factors.length) {
            throw new IllegalArgumentException(factors.length + " factors for " + params.length + " parameters");
        }
        return new State(factors);
    }

    @Override
    public void update(float[][] updates, OptState state, float[][] params) {
        for (int p = 0; p < updates.length; p++) {
            float m = factors[p][0];
            if (m == 1f) continue;
            float[] u = updates[p];
            for (int i = 0; i < u.length; i++) u[i] *= m;
        }
    }

    /** The factors as a checkpointed slot: restoring the state writes them back in place. */
    private static final class State extends OptState {
        private final float[][] factors;

        State(float[][] factors) {
            this.factors = factors;
        }

        @Override
        protected void slots(BiConsumer<String, float[][]> slot) {
            slot.accept("factor", factors);
        }
    }
}
