package saturn.engine.optim;

import saturn.engine.kernel.Kernels;

/**
 * An optax-style gradient transformation: {@link #init} builds explicit state for a list of
 * parameter arrays; {@link #update} turns gradients into updates, in place, reading and
 * advancing the state. Named optimizers are compositions ({@link Optimizers}); the caller
 * applies {@code params += updates} ({@link Optimizers#applyUpdates}).
 *
 * <p>Everything works on flat float arrays, one per parameter, and allocates nothing in
 * {@code update}.
 */
public interface GradientTransformation {

    OptState init(float[][] params);

    /**
     * @param updates on entry the gradients (or the previous transformation's output), on
     *                exit this transformation's output; one array per parameter
     * @param state   the state returned by {@link #init} for these parameters
     * @param params  current parameter values (read only; used by e.g. weight decay)
     */
    void update(float[][] updates, OptState state, float[][] params);

    /**
     * The fused path: {@code params += update(grads)} in one pass over (param, grad, state)
     * with no intermediate update array, advancing the state exactly as {@link #update}
     * would. Returns false, touching nothing, when this transformation has no fused kernel;
     * the caller then runs {@link #update} on a copy of the gradients and adds the result.
     * Recipes that do have one ({@link Optimizers#adam}, {@code adamw}, {@code sgd},
     * {@code momentum}, {@code nesterov}) are tested equal bit for bit to their composition.
     */
    default boolean step(float[][] params, float[][] grads, OptState state, Kernels kernels) {
        return false;
    }
}
