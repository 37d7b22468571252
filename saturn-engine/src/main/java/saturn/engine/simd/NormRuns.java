package saturn.engine.simd;

import saturn.engine.kernel.SumOrder;
import saturn.engine.parallel.Workers;

/**
 * Norms run by run ({@link SumOrder}), the runs cut between the engine's workers when the
 * tensor is large: run {@code r}'s totals go to {@code out[r·width .. (r+1)·width)} (16 per
 * summed tensor), and partial {@code j}'s total is the runs' totals added in run order,
 * whoever computed them. One reusable object per kernel set: a split norm allocates nothing
 * once its buffer has grown to the largest tensor's runs. Callers hold the object's lock from
 * setting their arguments to the end of {@link #go}.
 */
abstract class NormRuns implements Workers.Task {

    private double[] out = new double[0];
    private int n, width;

    @Override
    public final void run(int part, int from, int to) {
        for (int r = from; r < to; r++) {
            int start = r * SumOrder.RUN, end = Math.min(n, start + SumOrder.RUN);
            runTotals(start, end, out, r * width);
        }
    }

    /** The {@code width} double totals of the run of elements {@code [start, end)} into {@code out[outOff ..)}. */
    abstract void runTotals(int start, int end, double[] out, int outOff);

    /** Drops the arguments' arrays once a call is done. */
    abstract void release();

    /** Every run, on the workers when {@code n} is large enough; then each partial's runs added in order into {@code into}. */
    final void go(int n, int width, double[] into) {
        this.n = n;
        this.width = width;
        int runs = SumOrder.runs(n);
        if (out.length < runs * width) out = new double[runs * width];
        if (n >= Chunks.SPLIT_MIN) Workers.pool().run(runs, this);
        else run(0, 0, runs);
        for (int j = 0; j < width; j++) {
            double t = 0;
            for (int r = 0; r < runs; r++) t += out[r * width + j];
            into[j] = t;
        }
        release();
    }
}
