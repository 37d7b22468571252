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
     * {@code momentum}, {@code nesterov}, {@code lars}, {@code lamb}, {@code rmsprop},
     * {@code adagrad}, {@code signSgd}, {@code signum}, {@code lion}, {@code smorms3}, {@code dadaptAdam},
     * {@code prodigy}, {@code scheduleFreeAdamW}) are
     * tested equal bit for bit to their composition. The default runs {@link #beginStep} and then every parameter.
     * As in {@link ParameterStep#apply}, the gradients' contents are undefined afterwards.
     */
    default boolean step(float[][] params, float[][] grads, OptState state, Kernels kernels) {
        ParameterStep s = beginStep(state);
        if (s == null) return false;
        for (int p = 0; p < params.length; p++) s.apply(p, params[p], grads[p], kernels);
        s.finish(kernels);
        return true;
    }

    /**
     * The fused step taken one parameter at a time, for recipes whose step treats every
     * parameter on its own (no global norm): advances every counter of the state as one step
     * and returns the per-parameter kernel, which the caller must then apply to each parameter
     * exactly once, in any order — e.g. to a layer's parameters inside the backward pass, as
     * soon as their gradients are final and while they are still in cache
     * ({@link saturn.engine.model.TrainingStep}). Null, touching nothing, when there is no
     * such path. The returned object is reused from step to step (no allocation).
     */
    default ParameterStep beginStep(OptState state) {
        return null;
    }

    /** One parameter's share of a fused step (see {@link #beginStep}). */
    interface ParameterStep {
        /**
         * {@code param += update(grad)} for the {@code p}-th parameter, advancing its state.
         * {@code grad} may be used as scratch: its contents are undefined afterwards (LAMB
         * writes its step there, saving a scratch array's memory traffic).
         */
        void apply(int p, float[] param, float[] grad, Kernels kernels);

        /**
         * Whether {@link #applyRange} can take the place of {@link #apply}: the step of each
         * element depends on that element alone (Adam, AdamW), so a parameter can be updated a
         * band at a time, each band by the core that has just computed its gradient.
         */
        default boolean appliesRanges() {
            return false;
        }

        /**
         * {@link #apply} on elements {@code [from, to)} of the {@code p}-th parameter only, on
         * the calling thread: calls over disjoint ranges that cover the parameter, each once,
         * are its {@code apply}, to the bit. Only when {@link #appliesRanges()}.
         */
        default void applyRange(int p, float[] param, float[] grad, int from, int to, Kernels kernels) {
            throw new UnsupportedOperationException("this step updates whole parameters only");
        }

        /**
         * Called once after every parameter's {@link #apply}: completes the step for recipes
         * that need all of it first (K-FAC's KL clip and its fallback's step). Nothing by default.
         */
        default void finish(Kernels kernels) {
        }
    }
}
