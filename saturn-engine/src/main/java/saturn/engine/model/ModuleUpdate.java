package saturn.engine.model;

import java.util.function.IntConsumer;

import saturn.engine.blas.Gemm;

/**
 * An optimizer's update run inside the backward pass: {@code accept(i)} right after module
 * {@code i}'s backward (its parameter gradients are final then, and no module below reads its
 * parameters), unless {@link #rowsOf} gives the update as an epilogue of the product that
 * computes the module's weight gradient.
 */
public interface ModuleUpdate extends IntConsumer {

    /**
     * Module {@code i}'s update a band of output units at a time, {@code rows(r0, r1)} updating
     * rows {@code [r0, r1)} of each of its parameters that has one row per output unit, run by
     * the product that computes its weight gradient, on the worker that computed those rows,
     * once nothing reads them any more; or null, to be called with {@code accept(i)}.
     */
    Gemm.Epilogue rowsOf(int i);
}
