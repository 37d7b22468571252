package saturn.engine.parallel;

import saturn.engine.blas.Gemm;
import saturn.engine.blas.OpenBlasGemm;

/**
 * A GEMM on the engine's {@link Workers}: C is cut into a fixed grid of bands of rows, or of
 * columns when it has fewer rows than columns, each band one
 * single-threaded call of {@code inner}, the workers taking contiguous runs of bands. The grid
 * depends on the product's shape and on {@link #GRID} alone, never on the number of workers,
 * so the library is called on the same operands whatever that number, and the result has the
 * same bits. (The grid cannot be left to the workers: the library picks kernels by the size of
 * each call, and a band computed by a smaller call can differ in its last bits from the same
 * band of a larger one.) A plain product is never cut along its inner dimension;
 * {@link #sgemmInnerBands} is, over the grid's bands, its partial products added in band
 * order. Small products, and products started inside a part of other work
 * ({@link Workers#inside()}, e.g. a band's rows of a weight gradient), run whole as one call.
 *
 * <p>Bands start at multiples of {@link #ALIGN} rows or columns (whole register tiles of the
 * library's kernels, and whole chunks of the row-chunked column sums that a backward
 * epilogue computes). A product cut by rows runs its {@link Gemm.Epilogue} on each band, on
 * the worker that computed it.
 */
public final class ParallelGemm implements Gemm {

    /** Below this many flops a product runs whole on the caller. */
    static final double MIN_FLOPS = 2e5;
    /** Bands start at multiples of this many rows or columns. */
    public static final int ALIGN = 16;
    /**
     * The most bands a product is cut into: the machine's processors (so that every core can
     * take one when all compute), or {@code -Dsaturn.grid=N}. A property of the machine, fixed
     * for the process: results depend on it, not on {@code --threads}.
     */
    public static final int GRID = grid();

    private static int grid() {
        String g = System.getProperty("saturn.grid");
        int n = g == null ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(g.strip());
        if (n < 1) throw new IllegalArgumentException("saturn.grid must be >= 1: " + g);
        return Math.min(n, 64);
    }

    private final OpenBlasGemm inner;
    /** Each thread's operand segments at non-zero offsets (see {@link SegmentCache}). */
    private final ThreadLocal<SegmentCache> segments = ThreadLocal.withInitial(SegmentCache::new);
    /** Each calling thread's reusable task objects: a call allocates nothing, and threads never share one. */
    private final ThreadLocal<Product> products = ThreadLocal.withInitial(Product::new);

    /** Adds the partial products of a product cut along its inner dimension. */
    private final saturn.engine.kernel.Kernels kernels;

    public ParallelGemm(OpenBlasGemm inner, saturn.engine.kernel.Kernels kernels) {
        this.inner = inner;
        this.kernels = kernels;
    }

    /** The start of band {@code q} of {@code parts} over {@code extent}, at a multiple of {@link #ALIGN}. */
    static int bandStart(int q, int parts, int extent) {
        if (q >= parts) return extent;
        int units = (extent + ALIGN - 1) / ALIGN;
        return Math.min(extent, (int) ((long) q * units / parts) * ALIGN);
    }

    /** How many bands {@code extent} is cut into (1: whole): {@link #GRID}, or fewer when the extent is short. */
    static int bands(int extent) {
        return Math.max(1, Math.min(GRID, (extent + ALIGN - 1) / ALIGN));
    }

    /**
     * Whether a product is cut by C's rows (else by its columns): when it is at least as tall
     * as wide. Each band packs the whole of the other operand (B for a cut by rows, A for a cut
     * by columns), so the cut goes along the longer side of C: at 128 × 1024 × 1024 a cut by
     * rows packed the 4 MB weight matrix once per band, and the step's products took 22% longer.
     */
    private static boolean byRows(int m, int n) {
        return m >= n;
    }

    private static boolean small(int m, int n, int k) {
        return 2.0 * m * n * k < MIN_FLOPS || (m < 32 && n < 32);
    }

    /**
     * One band's product (or a whole one), through the segment overload with this thread's
     * cached segments: no heap segment is made per call, whatever the JIT inlines where.
     */
    private void band(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                      float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        SegmentCache s = segments.get();
        inner.sgemm(transA, transB, m, n, k, alpha, a, aOff, s.at(a, aOff), lda, b, bOff, s.at(b, bOff), ldb, beta, c,
                cOff, s.at(c, cOff), ldc);
    }

    /** The arguments of one product cut into bands, and its band task: reused, so a call allocates nothing. */
    private final class Product implements Workers.Task {
        boolean busy, byRows, transA, transB;
        int m, n, k, parts, aOffset, lda, bOffset, ldb, cOffset, ldc;
        float alpha, beta;
        float[] a, b, c, bias;
        Gemm.Epilogue after;

        @Override
        public void run(int part, int from, int to) {
            for (int q = from; q < to; q++) {
                if (byRows) {
                    int r0 = bandStart(q, parts, m), r1 = bandStart(q + 1, parts, m);
                    if (r0 == r1) continue;
                    if (bias != null) Gemm.fillRows(bias, 0, n, c, cOffset, ldc, r0, r1);
                    band(transA, transB, r1 - r0, n, k, alpha, a, aOffset + (transA ? r0 : r0 * lda), lda, b, bOffset,
                            ldb, beta, c, cOffset + r0 * ldc, ldc);
                    if (after != null) after.rows(r0, r1);
                } else {
                    int c0 = bandStart(q, parts, n), c1 = bandStart(q + 1, parts, n);
                    if (c0 == c1) continue;
                    if (bias != null) Gemm.fillRows(bias, c0, c1 - c0, c, cOffset, ldc, 0, m);
                    band(transA, transB, m, c1 - c0, k, alpha, a, aOffset, lda, b, bOffset + (transB ? c0 * ldb : c0),
                            ldb, beta, c, cOffset + c0, ldc);
                }
            }
        }

        void clear() {
            a = b = c = bias = null;
            after = null;
            busy = false;
        }
    }

    /**
     * The product in bands: by rows when {@code byRows}, else by columns; the epilogue runs on
     * each band of rows, or whole after a split by columns. Whole on the caller when small, on
     * one worker, or when another thread is computing a product here.
     */
    private void split(boolean transA, boolean transB, int m, int n, int k, float alpha,
                       float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                       float beta, float[] bias, float[] c, int cOffset, int ldc, Gemm.Epilogue after) {
        boolean rows = byRows(m, n);
        // inside a part of other work (a band's own rows of a weight gradient): one call, as on any
        // number of workers
        int parts = small(m, n, k) || Workers.inside() ? 1 : bands(rows ? m : n);
        if (parts < 2) {
            if (bias != null) Gemm.fillRows(bias, 0, n, c, cOffset, ldc, 0, m);
            band(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, c, cOffset, ldc);
            if (after != null) after.all(m);
            return;
        }
        Product p = products.get();
        if (p.busy) p = new Product();   // a product started from inside one of this thread's bands
        try {
            p.byRows = rows;
            p.transA = transA;
            p.transB = transB;
            p.m = m;
            p.n = n;
            p.k = k;
            p.parts = parts;
            p.alpha = alpha;
            p.beta = beta;
            p.a = a;
            p.aOffset = aOffset;
            p.lda = lda;
            p.b = b;
            p.bOffset = bOffset;
            p.ldb = ldb;
            p.c = c;
            p.cOffset = cOffset;
            p.ldc = ldc;
            p.bias = bias;
            p.after = rows ? after : null;
            p.busy = true;
            Workers.pool().run(parts, p);
        } finally {
            p.clear();
        }
        if (!rows && after != null) after.all(m);
    }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                      float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                      float beta, float[] c, int cOffset, int ldc) {
        split(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, null, c, cOffset, ldc, null);
    }

    /** Each band's block of C starts as the bias rows, then takes its share of the product. */
    @Override
    public void sgemmBias(boolean transA, boolean transB, int m, int n, int k, float alpha,
                          float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                          float[] bias, float[] c, int cOffset, int ldc) {
        if (bias.length < n) throw new IllegalArgumentException("bias has " + bias.length + " values, C has " + n + " columns");
        split(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, 1f, bias, c, cOffset, ldc, null);
    }

    /** Cut by C's rows when it has at least as many rows as columns: each worker then runs {@code after} on its own rows. */
    @Override
    public void sgemmBias(boolean transA, boolean transB, int m, int n, int k, float alpha,
                          float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                          float[] bias, float[] c, int cOffset, int ldc, Gemm.Epilogue after) {
        if (bias.length < n) throw new IllegalArgumentException("bias has " + bias.length + " values, C has " + n + " columns");
        split(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, 1f, bias, c, cOffset, ldc, after);
    }

    /** Cut by C's rows when it has at least as many rows as columns or a band of rows per grid cell: each worker then runs {@code after} on its own rows. */
    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                      float[] a, int aOffset, int lda, float[] b, int bOffset, int ldb,
                      float beta, float[] c, int cOffset, int ldc, Gemm.Epilogue after) {
        split(transA, transB, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, beta, null, c, cOffset, ldc, after);
    }

    /** A product cut along its inner dimension (see {@link #sgemmInnerBands}): reused, so a call allocates nothing. */
    private final class Inner implements Workers.Task {
        boolean busy, summing;
        int m, n, k, kBands, mBands, aOffset, lda, bOffset, ldb, cOffset, ldc;
        float alpha;
        float[] a, b, c;
        /** Band q ≥ 1's partial product, dense {@code m × n}, at {@code (q − 1)·m·n}; grown as needed. */
        float[] partials = new float[0];
        Gemm.Epilogue afterBand, after;

        @Override
        public void run(int part, int from, int to) {
            for (int q = from; q < to; q++) {
                if (summing) {   // C's rows [r0, r1) += each partial, in band order
                    int r0 = bandStart(q, mBands, m), r1 = bandStart(q + 1, mBands, m);
                    if (r0 == r1) continue;
                    for (int p = 1; p < kBands; p++) {
                        int base = (p - 1) * m * n;
                        if (ldc == n) {   // C's rows are contiguous: one call for the band
                            add(partials, base + r0 * n, c, cOffset + r0 * n, (r1 - r0) * n);
                        } else {
                            for (int r = r0; r < r1; r++) add(partials, base + r * n, c, cOffset + r * ldc, n);
                        }
                    }
                    if (after != null) after.rows(r0, r1);
                    continue;
                }
                int k0 = bandStart(q, kBands, k), k1 = bandStart(q + 1, kBands, k);
                if (k0 == k1) continue;
                int aOff = aOffset + k0, bOff = bOffset + k0 * ldb;
                if (q == 0) band(false, false, m, n, k1 - k0, alpha, a, aOff, lda, b, bOff, ldb, 0f, c, cOffset, ldc);
                else band(false, false, m, n, k1 - k0, alpha, a, aOff, lda, b, bOff, ldb, 0f, partials, (q - 1) * m * n, n);
                if (afterBand != null) afterBand.rows(k0, k1);
            }
        }

        void clear() {
            a = b = c = null;
            afterBand = after = null;
            busy = false;
        }
    }

    private final ThreadLocal<Inner> inners = ThreadLocal.withInitial(Inner::new);

    /**
     * {@code y[yOff + i] = y[yOff + i] + x[xOff + i]}, the same float sum whoever adds it: the
     * kernels' {@code axpy} with α = 1 (1·x is x, and the sum is the plain one), which ran
     * faster than a plain loop here in a profile of a 1000-layer step.
     */
    private void add(float[] x, int xOff, float[] y, int yOff, int n) {
        kernels.axpy(1f, x, xOff, y, yOff, n);
    }

    /**
     * Cut along the inner dimension into the grid's bands of B's rows, each band's partial
     * product one library call (band 0 into C, the others into partials) followed by
     * {@code afterBand} on that worker; then a second hand-off adds the partials into C in
     * band order, each worker a band of C's rows, and runs {@code after} on them. The bands
     * and the order of the sums depend on the shape and the grid alone.
     */
    @Override
    public void sgemmInnerBands(int m, int n, int k, float alpha, float[] a, int aOffset, int lda,
                                float[] b, int bOffset, int ldb, float[] c, int cOffset, int ldc,
                                Gemm.Epilogue afterBand, Gemm.Epilogue after) {
        int kBands = small(m, n, k) || Workers.inside() ? 1 : bands(k);
        if (kBands < 2) {
            band(false, false, m, n, k, alpha, a, aOffset, lda, b, bOffset, ldb, 0f, c, cOffset, ldc);
            if (afterBand != null) afterBand.all(k);
            if (after != null) after.all(m);
            return;
        }
        Inner t = inners.get();
        if (t.busy) t = new Inner();
        try {
            t.busy = true;
            t.m = m;
            t.n = n;
            t.k = k;
            t.kBands = kBands;
            t.mBands = bands(m);
            t.alpha = alpha;
            t.a = a;
            t.aOffset = aOffset;
            t.lda = lda;
            t.b = b;
            t.bOffset = bOffset;
            t.ldb = ldb;
            t.c = c;
            t.cOffset = cOffset;
            t.ldc = ldc;
            t.afterBand = afterBand;
            t.after = after;
            int need = (kBands - 1) * m * n;
            if (t.partials.length < need) t.partials = new float[need];
            Workers pool = Workers.pool();
            t.summing = false;
            pool.run(kBands, t);
            t.summing = true;
            pool.run(t.mBands, t);
        } finally {
            t.clear();
        }
    }

    @Override
    public void syrkLower(int n, int k, float alpha, float[] a, int aOffset, int lda,
                          float beta, float[] c, int cOffset, int ldc) {
        inner.syrkLower(n, k, alpha, a, aOffset, lda, beta, c, cOffset, ldc);
    }

    @Override
    public String name() {
        return inner.name();
    }
}
