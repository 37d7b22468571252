package saturn.engine.bench;

import saturn.engine.kernel.ActivationKernel;

/** Wraps an activation kernel to measure the time spent in it during a step. */
final class TimedKernel implements ActivationKernel {

    private final ActivationKernel inner;
    private boolean timing;
    private long nanos;

    TimedKernel(ActivationKernel inner) {
        this.inner = inner;
    }

    @Override
    public void forward(float[] h, float[] y, float[] dphi, int n) {
        if (!timing) {
            inner.forward(h, y, dphi, n);
            return;
        }
        long t0 = System.nanoTime();
        inner.forward(h, y, dphi, n);
        nanos += System.nanoTime() - t0;
    }

    void time(boolean on) {
        timing = on;
        nanos = 0;
    }

    long nanos() {
        return nanos;
    }

    @Override
    public String formula() {
        return inner.formula();
    }
}
