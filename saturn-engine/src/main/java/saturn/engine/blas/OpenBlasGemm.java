package saturn.engine.blas;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.List;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * {@code cblas_sgemm}, {@code cblas_ssyrk} (and, for {@link CholeskyKernels}, {@code cblas_dsyrk},
 * {@code LAPACKE_dpotrf}, {@code LAPACKE_dpotri}, their float versions and {@code cblas_dtrsm}) from the OpenBLAS build inside the
 * {@code org.bytedeco:openblas} jar, called through {@code java.lang.foreign} without JavaCPP. The shared libraries are
 * extracted once to {@code ~/.saturn/native/openblas-0.3.31/}; the GCC runtime libraries
 * are loaded before {@code libopenblas.so.0} so that its dependencies resolve to them.
 *
 * <p>Operands are heap arrays passed without copying: the downcall is linked with
 * {@link Linker.Option#critical(boolean) critical(true)}, so the native code reads and
 * writes the Java arrays in place (the GC is held off for the duration of the call).
 * Every extent is bounds-checked in Java first ({@link GemmArgs}).
 *
 * <p>The library is loaded once per JVM; {@link #load()} returns that instance. The
 * thread count is process-wide state of OpenBLAS.
 */
public final class OpenBlasGemm implements Gemm, CholeskyKernels {

    /** Version of the bundled OpenBLAS; also names the cache directory. */
    public static final String VERSION = "0.3.31";

    private static final String RESOURCE_DIR = "org/bytedeco/openblas/linux-x86_64";
    /** Load order: dependencies first. */
    private static final List<String> RUNTIME = List.of("libgcc_s.so.1", "libquadmath.so.0", "libgfortran.so.5");
    private static final String OPENBLAS = "libopenblas.so.0";

    private static final int ROW_MAJOR = 101;
    private static final int NO_TRANS = 111;
    private static final int TRANS = 112;
    private static final int COL_MAJOR = 102;
    private static final int UPPER = 121;
    private static final int LOWER = 122;
    private static final int RIGHT = 142;
    private static final int NON_UNIT = 131;
    private static final byte LAPACK_UPPER = 'U';

    private final MethodHandle sgemm;
    private final MethodHandle ssyrk;
    private final MethodHandle dsyrk;
    private final MethodHandle dpotrf;
    private final MethodHandle dpotri;
    private final MethodHandle spotrf;
    private final MethodHandle spotri;
    private final MethodHandle dtrsm;
    private final MethodHandle setThreads;
    private final MethodHandle getThreads;
    private final MethodHandle shutdownWorkers;
    private final String config;
    private final String coreName;
    private final Path directory;

    private OpenBlasGemm(Path directory) {
        this.directory = directory;
        Arena arena = Arena.global();
        for (String lib : RUNTIME) SymbolLookup.libraryLookup(directory.resolve(lib), arena);
        SymbolLookup blas = SymbolLookup.libraryLookup(directory.resolve(OPENBLAS), arena);
        Linker linker = Linker.nativeLinker();
        sgemm = linker.downcallHandle(find(blas, "cblas_sgemm"),
                FunctionDescriptor.ofVoid(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
                        JAVA_FLOAT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT,
                        JAVA_FLOAT, ADDRESS, JAVA_INT),
                Linker.Option.critical(true));
        ssyrk = linker.downcallHandle(find(blas, "cblas_ssyrk"),
                FunctionDescriptor.ofVoid(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
                        JAVA_FLOAT, ADDRESS, JAVA_INT, JAVA_FLOAT, ADDRESS, JAVA_INT),
                Linker.Option.critical(true));
        dsyrk = linker.downcallHandle(find(blas, "cblas_dsyrk"),
                FunctionDescriptor.ofVoid(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
                        JAVA_DOUBLE, ADDRESS, JAVA_INT, JAVA_DOUBLE, ADDRESS, JAVA_INT),
                Linker.Option.critical(true));
        dpotrf = linker.downcallHandle(find(blas, "LAPACKE_dpotrf"),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_BYTE, JAVA_INT, ADDRESS, JAVA_INT),
                Linker.Option.critical(true));
        dpotri = linker.downcallHandle(find(blas, "LAPACKE_dpotri"),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_BYTE, JAVA_INT, ADDRESS, JAVA_INT),
                Linker.Option.critical(true));
        spotrf = linker.downcallHandle(find(blas, "LAPACKE_spotrf"),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_BYTE, JAVA_INT, ADDRESS, JAVA_INT),
                Linker.Option.critical(true));
        spotri = linker.downcallHandle(find(blas, "LAPACKE_spotri"),
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_BYTE, JAVA_INT, ADDRESS, JAVA_INT),
                Linker.Option.critical(true));
        dtrsm = linker.downcallHandle(find(blas, "cblas_dtrsm"),
                FunctionDescriptor.ofVoid(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
                        JAVA_DOUBLE, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT),
                Linker.Option.critical(true));
        setThreads = linker.downcallHandle(find(blas, "openblas_set_num_threads"),
                FunctionDescriptor.ofVoid(JAVA_INT));
        getThreads = linker.downcallHandle(find(blas, "openblas_get_num_threads"),
                FunctionDescriptor.of(JAVA_INT));
        shutdownWorkers = linker.downcallHandle(find(blas, "blas_thread_shutdown_"),
                FunctionDescriptor.of(JAVA_INT));
        MethodHandle getConfig = linker.downcallHandle(find(blas, "openblas_get_config"),
                FunctionDescriptor.of(ADDRESS));
        MethodHandle getCore = linker.downcallHandle(find(blas, "openblas_get_corename"),
                FunctionDescriptor.of(ADDRESS));
        config = cString(getConfig);
        coreName = cString(getCore);
        setThreads(Runtime.getRuntime().availableProcessors());
    }

    /**
     * Loads OpenBLAS (first call) and returns the process-wide instance.
     *
     * @throws IllegalStateException with the reason when the library cannot be loaded
     */
    public static OpenBlasGemm load() {
        Holder.check();
        return Holder.INSTANCE;
    }

    private static final class Holder {
        static final OpenBlasGemm INSTANCE;
        static final Throwable FAILURE;

        static {
            OpenBlasGemm instance = null;
            Throwable failure = null;
            try {
                instance = new OpenBlasGemm(NativeCache.extract(RESOURCE_DIR,
                        concat(RUNTIME, OPENBLAS), "openblas-" + VERSION));
            } catch (IOException | RuntimeException | LinkageError e) {
                failure = e;
            }
            INSTANCE = instance;
            FAILURE = failure;
        }

        static void check() {
            if (FAILURE != null) {
                throw new IllegalStateException("OpenBLAS " + VERSION + " unavailable: " + FAILURE, FAILURE);
            }
        }
    }

    @Override
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                      float[] a, int aOffset, int lda,
                      float[] b, int bOffset, int ldb,
                      float beta, float[] c, int cOffset, int ldc) {
        GemmArgs.check(transA, transB, m, n, k, a, aOffset, lda, b, bOffset, ldb, c, cOffset, ldc);
        if (m == 0 || n == 0) return;
        if (k == 0 || alpha == 0f) {
            GemmArgs.scaleC(m, n, beta, c, cOffset, ldc);
            return;
        }
        try {
            Downcall.SGEMM.invokeExact(ROW_MAJOR, transA ? TRANS : NO_TRANS, transB ? TRANS : NO_TRANS, m, n, k,
                    alpha, slice(a, aOffset), lda, slice(b, bOffset), ldb,
                    beta, slice(c, cOffset), ldc);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public void syrkLower(int n, int k, float alpha, float[] a, int aOffset, int lda,
                          float beta, float[] c, int cOffset, int ldc) {
        GemmArgs.check(true, false, n, n, k, a, aOffset, lda, a, aOffset, lda, c, cOffset, ldc);
        if (n == 0) return;
        if (k == 0 || alpha == 0f) {
            GemmArgs.scaleC(n, n, beta, c, cOffset, ldc);
            return;
        }
        try {
            Downcall.SSYRK.invokeExact(ROW_MAJOR, LOWER, TRANS, n, k, alpha, slice(a, aOffset), lda,
                    beta, slice(c, cOffset), ldc);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * {@link #sgemm} with the operands' segments already made ({@code a}, {@code b}, {@code c}
     * each starting at its operand's offset into {@code aArray}, …), for callers that keep
     * them: a heap segment at a non-zero offset is allocated on every call otherwise (C2's
     * escape analysis does not remove {@code asSlice}'s copy), which a GEMM split between two
     * threads needs for one half of every product. Bounds are checked on the arrays.
     */
    public void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                      float[] aArray, int aOffset, MemorySegment a, int lda,
                      float[] bArray, int bOffset, MemorySegment b, int ldb,
                      float beta, float[] cArray, int cOffset, MemorySegment c, int ldc) {
        GemmArgs.check(transA, transB, m, n, k, aArray, aOffset, lda, bArray, bOffset, ldb, cArray, cOffset, ldc);
        if (m == 0 || n == 0) return;
        if (k == 0 || alpha == 0f) {
            GemmArgs.scaleC(m, n, beta, cArray, cOffset, ldc);
            return;
        }
        try {
            Downcall.SGEMM.invokeExact(ROW_MAJOR, transA ? TRANS : NO_TRANS, transB ? TRANS : NO_TRANS, m, n, k,
                    alpha, a, lda, b, ldb, beta, c, ldc);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * The sgemm handle as a constant: C2 then inlines the downcall and scalar-replaces the
     * heap segments of {@link #slice}, so a call allocates nothing (StepBench measures the
     * bytes per step). Only initialized once a library has loaded.
     */
    private static final class Downcall {
        static final MethodHandle SGEMM = Holder.INSTANCE.sgemm;
        static final MethodHandle SSYRK = Holder.INSTANCE.ssyrk;
        static final MethodHandle SPOTRF = Holder.INSTANCE.spotrf;
        static final MethodHandle SPOTRI = Holder.INSTANCE.spotri;
        static final MethodHandle DPOTRF = Holder.INSTANCE.dpotrf;
        static final MethodHandle DPOTRI = Holder.INSTANCE.dpotri;
    }

    // Cholesky QR kernels: column-major, unpadded, heap arrays read in place like sgemm's.
    // Init-time code, so the handles are plain fields.

    @Override
    public void gram(int n, int k, double[] a, double[] g) {
        CholeskyKernels.check(n, k, a, g);
        if (k == 0) return;
        if (n == 0) {
            for (int j = 0; j < k; j++) java.util.Arrays.fill(g, j * k, j * k + j + 1, 0.0);
            return;
        }
        try {
            dsyrk.invokeExact(COL_MAJOR, UPPER, TRANS, k, n,
                    1.0, MemorySegment.ofArray(a), n, 0.0, MemorySegment.ofArray(g), k);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    // The LAPACK handles are constants (Downcall) and each routine has its own call site, so
    // that C2 inlines the downcall and the heap segments do not escape: a K-FAC refresh
    // allocated ~48 bytes a call when one method took the handle as an argument.

    @Override
    public int cholesky(int k, double[] g) {
        checkSquare(k, g.length);
        if (k == 0) return 0;
        try {
            return info("LAPACKE_dpotrf", (int) Downcall.DPOTRF.invokeExact(COL_MAJOR, LAPACK_UPPER, k,
                    MemorySegment.ofArray(g), k));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int inverseFromCholesky(int k, double[] r) {
        checkSquare(k, r.length);
        if (k == 0) return 0;
        try {
            return info("LAPACKE_dpotri", (int) Downcall.DPOTRI.invokeExact(COL_MAJOR, LAPACK_UPPER, k,
                    MemorySegment.ofArray(r), k));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int cholesky(int k, float[] g) {
        checkSquare(k, g.length);
        if (k == 0) return 0;
        try {
            return info("LAPACKE_spotrf", (int) Downcall.SPOTRF.invokeExact(COL_MAJOR, LAPACK_UPPER, k,
                    MemorySegment.ofArray(g), k));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    @Override
    public int inverseFromCholesky(int k, float[] r) {
        checkSquare(k, r.length);
        if (k == 0) return 0;
        try {
            return info("LAPACKE_spotri", (int) Downcall.SPOTRI.invokeExact(COL_MAJOR, LAPACK_UPPER, k,
                    MemorySegment.ofArray(r), k));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** LAPACKE routines of the shape {@code (column-major, 'U', k, a, k)} need exactly {@code k×k} values. */
    private static void checkSquare(int k, int length) {
        if (k < 0 || length != (long) k * k) {
            throw new IllegalArgumentException("square factor has " + length + " values, not " + k + " x " + k);
        }
    }

    /**
     * A LAPACKE routine's info, returned when ≥ 0 (> 0: no factor or inverse); a negative
     * info, which LAPACKE also returns for a NaN in the input, is thrown.
     */
    private static int info(String name, int info) {
        if (info < 0) {
            throw new IllegalArgumentException(name + " rejected argument " + -info
                    + (info == -4 ? " (the matrix holds a NaN)" : ""));
        }
        return info;
    }

    @Override
    public void solveUpperRight(int n, int k, double[] r, double[] a) {
        CholeskyKernels.check(n, k, a, r);
        if (n == 0 || k == 0) return;
        try {
            dtrsm.invokeExact(COL_MAJOR, RIGHT, UPPER, NO_TRANS, NON_UNIT, n, k,
                    1.0, MemorySegment.ofArray(r), k, MemorySegment.ofArray(a), n);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static MemorySegment slice(float[] x, int offset) {
        MemorySegment s = MemorySegment.ofArray(x);
        return offset == 0 ? s : s.asSlice((long) offset * Float.BYTES);
    }

    /** Sets the number of OpenBLAS worker threads (process-wide). */
    @Override
    public void setThreads(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1: " + threads);
        try {
            setThreads.invokeExact(threads);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * Ends OpenBLAS's worker threads ({@code blas_thread_shutdown_}, what OpenBLAS itself runs
     * before a fork). After a multi-threaded call they spin waiting for the next one for up to
     * ~0.1 s: two Java threads each running single-threaded kernels beside them got no more
     * than one core's worth of work done (measured: 202 K-FAC inversions split in two took
     * 144 ms instead of ~90 ms). The next multi-threaded call starts them again (~0.3 ms).
     * Call only while no other thread is inside OpenBLAS.
     */
    @Override
    public void stopWorkers() {
        try {
            int ignored = (int) shutdownWorkers.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** The number of OpenBLAS worker threads in use. */
    @Override
    public int threads() {
        try {
            return (int) getThreads.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code openblas_get_config()}, e.g. {@code OpenBLAS 0.3.31 DYNAMIC_ARCH ... Haswell MAX_THREADS=...}. */
    public String config() {
        return config;
    }

    /** The kernel family OpenBLAS picked for this CPU, e.g. {@code Haswell}. */
    public String coreName() {
        return coreName;
    }

    /** Where the shared libraries were extracted. */
    public Path directory() {
        return directory;
    }

    @Override
    public String name() {
        return "openblas";
    }

    @Override
    public String toString() {
        return "openblas " + VERSION + " (" + coreName + ", " + threads() + " threads)";
    }

    private static MemorySegment find(SymbolLookup lookup, String symbol) {
        return lookup.find(symbol).orElseThrow(() -> new UnsatisfiedLinkError("symbol not found: " + symbol));
    }

    private static String cString(MethodHandle nullary) {
        try {
            MemorySegment p = (MemorySegment) nullary.invokeExact();
            return p.equals(MemorySegment.NULL) ? "" : p.reinterpret(4096).getString(0).strip();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException(t);
    }

    private static List<String> concat(List<String> head, String last) {
        var all = new java.util.ArrayList<>(head);
        all.add(last);
        return List.copyOf(all);
    }
}
