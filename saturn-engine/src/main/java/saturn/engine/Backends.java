package saturn.engine;

import saturn.engine.blas.CholeskyKernels;
import saturn.engine.blas.Gemm;
import saturn.engine.blas.JavaGemm;
import saturn.engine.blas.OpenBlasGemm;
import saturn.engine.kernel.Kernels;
import saturn.engine.kernel.ScalarKernels;
import saturn.engine.parallel.ParallelGemm;
import saturn.engine.parallel.Workers;

import java.util.Locale;
import java.util.Optional;

/**
 * The compute backends, chosen once at start-up and logged with the reason (the Lucene
 * vectorization-provider pattern):
 * <ul>
 *   <li>GEMM from {@code -Dsaturn.blas=auto|openblas|java}: auto takes OpenBLAS when it
 *       loads, else pure Java; an explicit {@code openblas} that fails to load is an error,
 *       never a silent fallback.</li>
 *   <li>Kernels from {@code -Dsaturn.simd=auto|on|off}: auto takes the Vector API when the
 *       {@code jdk.incubator.vector} module is present and the preferred float species has
 *       at least 4 lanes, else scalar; an explicit {@code on} without the module is an error.</li>
 * </ul>
 * The Vector API classes are loaded reflectively, only after the module check passed, so no
 * incubator static initializer runs before it.
 */
public final class Backends {

    private static final String VECTOR_KERNELS = "saturn.engine.simd.VectorKernels";
    private static final int MIN_LANES = 4;

    /** One selection: the implementations and, for each, why it was chosen. */
    public record Selection(Gemm gemm, String gemmReason, Kernels kernels, String simdReason) {

        /** e.g. {@code gemm=openblas 0.3.31 (Haswell, 2 threads); simd=vector-512 (16 float lanes)}. */
        public String describe() {
            String g = gemm instanceof OpenBlasGemm o ? o.toString() : gemm.name() + " (" + gemmReason + ")";
            return "gemm=" + g + "; simd=" + kernels.name() + " (" + simdReason + ")";
        }
    }

    private Backends() {
    }

    private static final class Selected {
        static final Selection SELECTION = select(System.getProperty("saturn.blas", "auto"),
                System.getProperty("saturn.simd", "auto"));

        static {
            // the workers parallelize; a product's band, a Cholesky factorization, runs on one core
            if (SELECTION.gemm() instanceof OpenBlasGemm o) o.setThreads(1);
            boolean fellBack = SELECTION.gemm() instanceof JavaGemm && SELECTION.gemmReason().contains("unavailable")
                    || SELECTION.kernels() instanceof ScalarKernels && SELECTION.simdReason().contains("unavailable");
            System.getLogger(Backends.class.getName())
                    .log(fellBack ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG, SELECTION.describe());
        }
    }

    /**
     * The GEMM chosen at start-up: OpenBLAS, single-threaded, cut into bands on the engine's
     * {@link Workers} ({@link ParallelGemm}); or the Java GEMM, whole on the caller.
     */
    public static Gemm gemm() {
        return Parallel.GEMM != null ? Parallel.GEMM : Selected.SELECTION.gemm();
    }

    private static final class Parallel {
        static final Gemm GEMM;

        static {
            if (Selected.SELECTION.gemm() instanceof OpenBlasGemm o) {
                GEMM = new ParallelGemm(o, Selected.SELECTION.kernels());
            } else {
                GEMM = null;
            }
        }
    }

    /** The elementwise kernels chosen at start-up. */
    public static Kernels kernels() {
        return Selected.SELECTION.kernels();
    }

    /**
     * The double-precision Cholesky QR kernels of the GEMM backend: present with OpenBLAS,
     * empty with the Java GEMM (orthogonal initialization then uses Gram–Schmidt).
     */
    public static Optional<CholeskyKernels> choleskyKernels() {
        return Selected.SELECTION.gemm() instanceof CholeskyKernels c ? Optional.of(c) : Optional.empty();
    }

    /** The backends in use and why, and the number of workers, one line. */
    public static String describe() {
        String d = Selected.SELECTION.describe();
        if (Parallel.GEMM != null) d = d.replace("1 threads)", "1 thread per call)");
        int n = Workers.pool().size();
        return d + "; workers=" + n + " (" + n + (n == 1 ? " core" : " cores") + ", the same bits on any number)";
    }

    /**
     * Sets the number of cores the engine computes on: the calling thread and
     * {@code threads - 1} {@link Workers}. OpenBLAS runs single-threaded inside each band of
     * a product; results do not depend on {@code threads}.
     */
    public static void setThreads(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1: " + threads);
        gemm();   // OpenBLAS single-threaded before any work is cut
        Workers.use(threads);
    }

    /**
     * The selection the two property values ask for; no global state, so tests can call it.
     *
     * @throws IllegalArgumentException for an unknown value
     * @throws IllegalStateException when an explicitly requested backend is unavailable
     */
    public static Selection select(String blas, String simd) {
        Gemm gemm;
        String gemmReason;
        switch (normalize("saturn.blas", blas, "auto", "openblas", "java")) {
            case "java" -> {
                gemm = new JavaGemm();
                gemmReason = "requested by saturn.blas=java";
            }
            case "openblas" -> {
                gemm = OpenBlasGemm.load();
                gemmReason = "requested by saturn.blas=openblas";
            }
            default -> {
                Gemm g;
                String why;
                try {
                    g = OpenBlasGemm.load();
                    why = "loaded";
                } catch (IllegalStateException e) {
                    g = new JavaGemm();
                    why = "OpenBLAS unavailable: " + e.getMessage();
                }
                gemm = g;
                gemmReason = why;
            }
        }
        Kernels kernels;
        String simdReason;
        switch (normalize("saturn.simd", simd, "auto", "on", "off")) {
            case "off" -> {
                kernels = new ScalarKernels();
                simdReason = "requested by saturn.simd=off";
            }
            case "on" -> {
                if (!vectorModulePresent()) {
                    throw new IllegalStateException("saturn.simd=on but the jdk.incubator.vector module is not "
                            + "present (run with --add-modules jdk.incubator.vector)");
                }
                kernels = vectorKernels();
                simdReason = lanes() + " float lanes, requested by saturn.simd=on";
            }
            default -> {
                if (!vectorModulePresent()) {
                    kernels = new ScalarKernels();
                    simdReason = "Vector API unavailable: module jdk.incubator.vector not present "
                            + "(run with --add-modules jdk.incubator.vector)";
                } else if (lanes() < MIN_LANES) {
                    kernels = new ScalarKernels();
                    simdReason = "Vector API unavailable: preferred float species has only " + lanes() + " lanes";
                } else {
                    kernels = vectorKernels();
                    simdReason = lanes() + " float lanes";
                }
            }
        }
        return new Selection(gemm, gemmReason, kernels, simdReason);
    }

    private static String normalize(String property, String value, String... allowed) {
        String v = value == null ? "auto" : value.strip().toLowerCase(Locale.ROOT);
        for (String a : allowed) {
            if (a.equals(v)) return v;
        }
        throw new IllegalArgumentException(property + "=" + value + ": expected one of " + String.join("|", allowed));
    }

    static boolean vectorModulePresent() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    private static int lanes() {
        try {
            return (int) Class.forName(VECTOR_KERNELS).getMethod("preferredFloatLanes").invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot load " + VECTOR_KERNELS, e);
        }
    }

    private static Kernels vectorKernels() {
        try {
            return (Kernels) Class.forName(VECTOR_KERNELS).getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot load " + VECTOR_KERNELS, e);
        }
    }
}
