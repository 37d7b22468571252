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

    @Override
    public boolean derivativeFromValue() {
        return inner.derivativeFromValue();
    }

    /** Timed too: it is the activation's share of the backward pass (φ' and the product with δ). */
    @Override
    public void backwardFromValue(float[] y, float[] g, float[] out, int n) {
        if (!timing) {
            inner.backwardFromValue(y, g, out, n);
            return;
        }
        long t0 = System.nanoTime();
        inner.backwardFromValue(y, g, out, n);
        nanos += System.nanoTime() - t0;
    }

    @Override
    public void backwardFromValue(float[] y, float[] g, float[] out, int rows, int cols, float[] columnSums) {
        if (!timing) {
            inner.backwardFromValue(y, g, out, rows, cols, columnSums);
            return;
        }
        long t0 = System.nanoTime();
        inner.backwardFromValue(y, g, out, rows, cols, columnSums);
        nanos += System.nanoTime() - t0;
    }

    @Override
    public boolean runsRanges() {
        return inner.runsRanges();
    }

    @Override
    public void forwardRange(float[] h, float[] y, float[] dphi, int from, int to) {
        if (!timing) {
            inner.forwardRange(h, y, dphi, from, to);
            return;
        }
        long t0 = System.nanoTime();
        inner.forwardRange(h, y, dphi, from, to);
        nanos += System.nanoTime() - t0;
    }

    @Override
    public void backwardFromValueRows(float[] y, float[] g, float[] out, int r0, int r1, int cols, double[] totals,
                                      int off) {
        if (!timing) {
            inner.backwardFromValueRows(y, g, out, r0, r1, cols, totals, off);
            return;
        }
        long t0 = System.nanoTime();
        inner.backwardFromValueRows(y, g, out, r0, r1, cols, totals, off);
        nanos += System.nanoTime() - t0;
    }

    @Override
    public void derivativeFromValue(float[] y, float[] dphi, int n) {
        inner.derivativeFromValue(y, dphi, n);
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
