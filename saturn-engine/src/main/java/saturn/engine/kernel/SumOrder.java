package saturn.engine.kernel;

/**
 * The one order in which every {@link Kernels} implementation adds squares, so that scalar
 * and SIMD kernels, a fused kernel that sums as a side effect, and any number of workers give
 * the same double bit for bit. Element {@code i} of the range goes to partial sum
 * {@code i mod 16}. The range is cut into blocks of {@link #BLOCK} elements; inside a block
 * each partial accumulates its squares in float with fused multiply-adds, in index order from
 * +0, and at the block's end the float partial is added to the partial's double total. The
 * blocks form runs of {@link #RUN} elements (the last may be shorter); each run keeps its own
 * 16 double totals, from 0, and partial {@code j}'s total is the runs' totals added in run
 * order, from 0. The 16 totals are then added as the balanced tree of {@link #combine}.
 *
 * <p>Why runs: the engine's workers each sum whole runs, and the runs' totals are added in
 * one order afterwards, so the sum is the same for any number of workers. A tensor of one run
 * has {@code 0 + t == t}: its sum is the run's.
 *
 * <p>Why float inside a block: widening every element to double costs a SIMD loop two
 * conversions and a lane shuffle per vector, which made LAMB's fused moments pass ~35%
 * slower than Adam's (and LAMB's step 11–12% optimizer overhead); float FMAs are one
 * instruction. A float partial adds at most 256 squares before it is flushed, so the
 * relative error stays below 256·2⁻²⁴ ≈ 1.5e-5 (typically ~1e-7) whatever the tensor's size:
 * ample for trust ratios, clipping and norms of Gaussian units, which is what this feeds.
 * Diagnostics accumulate in double on their own.
 *
 * <p>The same order sums other terms than squares ({@link Term}): D-Adaptation's and Prodigy's
 * sums over every parameter (their inner products and the L1 norm of their gradient sums) take
 * each element's value or absolute value in place of its square.
 */
public final class SumOrder {

    /** What each element adds to its partial: its square (norms), its value, or its absolute value. */
    public enum Term {
        SQUARE, VALUE, ABS;

        /** {@code f} plus this term of {@code x}: a fused multiply-add for a square. */
        float add(float x, float f) {
            return switch (this) {
                case SQUARE -> Math.fma(x, x, f);
                case VALUE -> f + x;
                case ABS -> f + Math.abs(x);
            };
        }
    }

    /** Partial sums: element {@code i} goes to partial {@code i mod PARTS}. */
    public static final int PARTS = 16;
    /** Elements per block: each float partial adds {@code BLOCK / PARTS} = 256 squares before it is flushed to double. */
    public static final int BLOCK = 4096;
    /** Elements per run: whole blocks, summed by one worker into the run's own 16 double totals. */
    public static final int RUN = 4 * BLOCK;

    private SumOrder() {
    }

    /** The partials added as a balanced tree, pairs of neighbours first. */
    public static double combine(double s0, double s1, double s2, double s3, double s4, double s5, double s6,
                                 double s7, double s8, double s9, double s10, double s11, double s12, double s13,
                                 double s14, double s15) {
        return (((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7)))
                + (((s8 + s9) + (s10 + s11)) + ((s12 + s13) + (s14 + s15)));
    }

    /** {@link #combine} of the 16 partials {@code p[off .. off+16)}. */
    public static double combine(double[] p, int off) {
        return combine(p[off], p[off + 1], p[off + 2], p[off + 3], p[off + 4], p[off + 5], p[off + 6], p[off + 7],
                p[off + 8], p[off + 9], p[off + 10], p[off + 11], p[off + 12], p[off + 13], p[off + 14], p[off + 15]);
    }

    /** The number of runs of {@code n} elements (at least one). */
    public static int runs(int n) {
        return Math.max(1, (int) (((long) n + RUN - 1) / RUN));
    }

    /** The double total of partial {@code j} of {@code x[off .. off+n)}: the reference, element by element. */
    static double partial(float[] x, int off, int n, int j) {
        return partial(x, off, n, j, Term.SQUARE);
    }

    private static double partial(float[] x, int off, int n, int j, Term term) {
        double total = 0;
        for (int r = 0, runs = runs(n); r < runs; r++) {
            total += runTotal(x, off, r * RUN, Math.min(n, (r + 1) * RUN), j, term);
        }
        return total;
    }

    /**
     * The 16 double totals of one run, the blocks of {@code x[off+from .. off+to)}, into
     * {@code out[outOff .. outOff+16)} ({@code from} a block start).
     */
    public static void runTotals(float[] x, int off, int from, int to, double[] out, int outOff) {
        runTotals(x, off, from, to, Term.SQUARE, out, outOff);
    }

    /** {@link #runTotals(float[], int, int, int, double[], int)} of another term. */
    public static void runTotals(float[] x, int off, int from, int to, Term term, double[] out, int outOff) {
        for (int j = 0; j < PARTS; j++) out[outOff + j] = runTotal(x, off, from, to, j, term);
    }

    /** Partial {@code j}'s double total over the blocks of elements {@code [from, to)} ({@code from} a block start). */
    private static double runTotal(float[] x, int off, int from, int to, int j, Term term) {
        double total = 0;
        for (int start = from; start < to; start += BLOCK) {
            int end = Math.min(to, start + BLOCK);
            float f = 0f;
            for (int i = start + j; i < end; i += PARTS) f = term.add(x[off + i], f);
            total += f;
        }
        return total;
    }

    /** The sum of squares of {@code x[off .. off+n)} in this order (the reference implementation). */
    static double sumSquares(float[] x, int off, int n) {
        return combine(partial(x, off, n, 0), partial(x, off, n, 1), partial(x, off, n, 2), partial(x, off, n, 3),
                partial(x, off, n, 4), partial(x, off, n, 5), partial(x, off, n, 6), partial(x, off, n, 7),
                partial(x, off, n, 8), partial(x, off, n, 9), partial(x, off, n, 10), partial(x, off, n, 11),
                partial(x, off, n, 12), partial(x, off, n, 13), partial(x, off, n, 14), partial(x, off, n, 15));
    }

    /**
     * The 16 partial totals of {@code x[off .. off+n)} into {@code out[outOff .. outOff+16)}:
     * {@code combine(out, outOff)} is the sum of squares (the reference, one partial at a time).
     */
    public static void partials(float[] x, int off, int n, double[] out, int outOff) {
        partials(x, off, n, Term.SQUARE, out, outOff);
    }

    /** {@link #partials(float[], int, int, double[], int)} of another term: {@code combine} is then their sum. */
    public static void partials(float[] x, int off, int n, Term term, double[] out, int outOff) {
        for (int j = 0; j < PARTS; j++) out[outOff + j] = partial(x, off, n, j, term);
    }
}
