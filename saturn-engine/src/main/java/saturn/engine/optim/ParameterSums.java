package saturn.engine.optim;

import saturn.engine.kernel.SumOrder;

/**
 * Two sums over every parameter in one fixed order, for D-Adaptation and Prodigy: each tensor
 * summed in {@link SumOrder}'s order (its 16 partials, {@link #partials}, filled by a kernel or by
 * {@link #addTensor}), then the tensors' totals added in parameter order from 0, whatever order
 * the tensors were visited in. So the composed and fused paths, scalar and SIMD kernels and any
 * number of workers give the same doubles. Reused from step to step.
 */
final class ParameterSums {

    /** One tensor's partials: {@code [0, 16)} of the first sum, {@code [16, 32)} of the second. */
    final double[] partials = new double[2 * SumOrder.PARTS];
    private double[] first = new double[0];
    private double[] second = new double[0];

    /** Starts a step over {@code n} parameters. */
    void begin(int n) {
        if (first.length != n) {
            first = new double[n];
            second = new double[n];
        }
    }

    /** Parameter p's totals, from {@link #partials}. */
    void record(int p) {
        first[p] = SumOrder.combine(partials, 0);
        second[p] = SumOrder.combine(partials, SumOrder.PARTS);
    }

    /** Parameter p's totals summed from two arrays: {@code a[0..n)} as values, {@code b[0..n)} as absolute values. */
    void addTensor(int p, float[] a, float[] b, int n) {
        SumOrder.partials(a, 0, n, SumOrder.Term.VALUE, partials, 0);
        SumOrder.partials(b, 0, n, SumOrder.Term.ABS, partials, SumOrder.PARTS);
        record(p);
    }

    /** The first sum over every parameter. */
    double first() {
        double t = 0;
        for (double x : first) t += x;
        return t;
    }

    /** The second sum over every parameter. */
    double second() {
        double t = 0;
        for (double x : second) t += x;
        return t;
    }
}
