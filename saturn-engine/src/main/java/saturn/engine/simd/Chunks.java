package saturn.engine.simd;

import saturn.engine.parallel.Workers;

/**
 * The arguments of one elementwise kernel call cut into chunks of {@link #CHUNK} elements,
 * the workers taking contiguous runs of chunks: one reusable object per kernel set, whose
 * {@link #range} dispatches on {@link #kind}, so a cut call allocates nothing. Elementwise
 * kernels give the same bits however they are cut. Callers hold the object's lock from
 * setting the arguments to the end of {@link #go}.
 */
abstract class Chunks implements Workers.Task {

    /** Elementwise kernels of at least this many elements are cut between the engine's workers. */
    static final int SPLIT_MIN = 1 << 14;
    /** Elements per chunk of a cut elementwise kernel (a multiple of every vector length). */
    static final int CHUNK = 1 << 12;

    int kind, n;
    float[] a, b, c, d, e;
    float s0, s1, s2, s3, s4, s5, s6;
    boolean f0;

    @Override
    public final void run(int part, int from, int to) {
        range(from * CHUNK, (int) Math.min(n, (long) to * CHUNK));
    }

    /** Kernel {@link #kind} on elements {@code [from, to)}. */
    abstract void range(int from, int to);

    /** Runs kernel {@code kind} on {@code [0, n)}: cut between the workers when large enough, else whole here. */
    final void go(int kind, int n, float[] a, float[] b, float[] c, float[] d, float[] e) {
        this.kind = kind;
        this.n = n;
        this.a = a;
        this.b = b;
        this.c = c;
        this.d = d;
        this.e = e;
        if (n >= SPLIT_MIN) Workers.pool().run((n + CHUNK - 1) / CHUNK, this);
        else range(0, n);
        this.a = this.b = this.c = this.d = this.e = null;
    }
}
