package saturn.engine.optim;

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
}
