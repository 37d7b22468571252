package saturn.engine.simd;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import javax.management.ObjectName;

/**
 * Asks HotSpot to inline {@link VectorMath} (and the vector Adam step that Adam's and LAMB's
 * loops share) into the kernel loops, through a compiler directive added at run time (the
 * {@code Compiler.directives_add} diagnostic command).
 *
 * <p>Why: the JDK's own Vector API code relies on {@code @ForceInline}, which application
 * code cannot use. Without it C2 compiles a shared function such as {@code exp} on its
 * own first, and then refuses to inline its large machine code into the loops that call
 * it ("callee is too large"), so every lane vector is boxed; measured on tanh and erf this
 * costs 2-3x. The directive is a performance hint only: results are identical either way.
 * When the command is unavailable (another VM, a security policy) nothing else changes, and
 * the reason is logged once, as a warning, like the backend selection's fallbacks.
 *
 * <p>It also keeps {@link VectorActivationKernel}'s loops out of each other (they pass arrays,
 * never vectors, so a call between them boxes nothing): otherwise C2, once the profile calls
 * every loop of {@code erf} hot, inlines them all into one compilation, reaches
 * {@code NodeCountInliningCutoff} half way through the forced {@code VectorMath} inlining and
 * calls {@code VectorMath.scaleByPowerOfTwo} out of line, boxing its vectors (~18 KB a step on
 * {@code TrainingStepTest}'s mixed stack, for good, in a share of runs that grew with the
 * JVM's history).
 *
 * <p>The norms' loops ({@code sumSquares16Range}, {@code sumSquares8Range},
 * {@code VectorUpdateKernels.lambMomentsRange}) are kept compilations of their own and store
 * their vector accumulators into arrays: an earlier version handed them as vectors to a lane-extracting
 * {@code combine}, which, inlined into an optimizer's step (a compilation outside this
 * package), C2 left out of line, boxing ~7.7 KB a step.
 *
 * <p>The elementwise and update kernels' loops ({@code VectorKernels.*Range},
 * {@code VectorUpdateKernels.*Range}) are compilations of their own too: they are called from
 * one dispatcher per class, the {@code switch} that runs a chunk of a kernel cut between the
 * cores, and inlined all into it they made C2 give up part way and box vectors (2.7–7.7 KB a
 * step in half the runs of {@code aWarmStepAllocatesNothing}).
 *
 * <p>Being the one place that adds directives, it also keeps {@code OpenBlasGemm.sgemm} a
 * compilation of its own: inlined into a large caller ({@code Highway.backward}, say) C2
 * sometimes gave up inlining its {@code slice} there (NodeCountInliningCutoff), so the heap
 * segments it hands to the downcall escaped and were allocated (48 B each, 144 B per GEMM;
 * what was left of {@code aWarmStepAllocatesNothing}'s failures). Compiled on its own the
 * segments are scalar-replaced; the extra call is nothing next to a GEMM.
 */
final class InlineDirective {

    /** Adds a directive file to the compiler; throws when it cannot. */
    @FunctionalInterface
    interface Command {
        void add(Path file) throws Exception;
    }

    private static final String DIRECTIVES = """
            [{ match: "saturn/engine/simd/*.*",
               inline: ["+saturn/engine/simd/VectorMath.*",
                       "+saturn/engine/simd/VectorUpdateKernels.adamStep",
                       "-saturn/engine/simd/VectorActivationKernel.*",
                       "-saturn/engine/simd/VectorKernels.*Range",
                       "-saturn/engine/simd/VectorUpdateKernels.*Range"] },
             { match: "*.*", inline: ["-saturn/engine/blas/OpenBlasGemm.sgemm",
                                      "-saturn/engine/blas/OpenBlasGemm.syrkLower",
                                      "-saturn/engine/simd/VectorKernels.*Range",
                                      "-saturn/engine/simd/VectorUpdateKernels.*Range"] }]
            """;

    private static final InlineDirective VM = new InlineDirective(InlineDirective::addToVm,
            System.getLogger(InlineDirective.class.getName()));

    private final Command command;
    private final System.Logger log;
    private String status = "not installed";

    InlineDirective(Command command, System.Logger log) {
        this.command = Objects.requireNonNull(command);
        this.log = Objects.requireNonNull(log);
    }

    /** Installs the directive in this VM, once; a failure is logged with its reason. */
    static void install() {
        VM.installOnce();
    }

    /** {@code installed}, or why not, for this VM. */
    static String status() {
        return VM.state();
    }

    /** The first call adds the directive (or logs why it could not); later calls do nothing. */
    synchronized void installOnce() {
        if (!status.equals("not installed")) return;
        try {
            Path file = Files.createTempFile("saturn-inline-", ".json");
            try {
                Files.writeString(file, DIRECTIVES);
                command.add(file);
            } finally {
                Files.deleteIfExists(file);
            }
            status = "installed";
        } catch (Exception | LinkageError e) {
            status = "unavailable: " + e;
            log.log(System.Logger.Level.WARNING, "SIMD kernels: compiler inlining directive " + status
                    + "; results are the same, the activation kernels may run 2-3x slower");
        }
    }

    synchronized String state() {
        return status;
    }

    /** The {@code Compiler.directives_add} diagnostic command of this HotSpot VM. */
    private static void addToVm(Path file) throws Exception {
        ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "compilerDirectivesAdd",
                new Object[] {new String[] {file.toString()}}, new String[] {String[].class.getName()});
    }
}
