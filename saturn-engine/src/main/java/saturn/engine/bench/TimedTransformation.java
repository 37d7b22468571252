package saturn.engine.bench;

import saturn.engine.kernel.Kernels;
import saturn.engine.optim.GradientTransformation;
import saturn.engine.optim.OptState;

/** Wraps an optimizer to measure the time of its update inside a step. */
final class TimedTransformation implements GradientTransformation {

    private final GradientTransformation inner;
    private boolean timing;
    private long nanos;

    TimedTransformation(GradientTransformation inner) {
        this.inner = inner;
    }

    @Override
    public OptState init(float[][] params) {
        return inner.init(params);
    }

    @Override
    public void update(float[][] updates, OptState state, float[][] params) {
        if (!timing) {
            inner.update(updates, state, params);
            return;
        }
        long t0 = System.nanoTime();
        inner.update(updates, state, params);
        nanos += System.nanoTime() - t0;
    }

    @Override
    public boolean step(float[][] params, float[][] grads, OptState state, Kernels kernels) {
        if (!timing) return inner.step(params, grads, state, kernels);
        long t0 = System.nanoTime();
        boolean fused = inner.step(params, grads, state, kernels);
        nanos += System.nanoTime() - t0;
        return fused;
    }

    void time(boolean on) {
        timing = on;
        nanos = 0;
    }

    long nanos() {
        return nanos;
    }
}
