package saturn.engine.tensor;

import saturn.engine.Backends;
import saturn.engine.blas.Gemm;
import saturn.engine.blas.JavaGemm;
import saturn.engine.kernel.Kernels;
import saturn.engine.kernel.ScalarKernels;

/**
 * The compute backends a layer runs on, injected at construction so that the same layer
 * runs on the reference ({@link JavaGemm} + {@link ScalarKernels}) and on the fast backends.
 */
public record Ops(Gemm gemm, Kernels kernels) {

    public Ops {
        if (gemm == null || kernels == null) throw new IllegalArgumentException("gemm and kernels are required");
    }

    /**
     * The backends selected at start-up ({@link Backends#gemm()}, {@link Backends#kernels()}:
     * OpenBLAS and the Vector API when available, with the reason logged): the default for
     * models.
     */
    public static Ops selected() {
        return new Ops(Backends.gemm(), Backends.kernels());
    }

    /** Plain Java GEMM and scalar loops: slow, readable, the reference for tests. */
    public static Ops reference() {
        return new Ops(new JavaGemm(), new ScalarKernels());
    }

    public String describe() {
        return "gemm=" + gemm.name() + " kernels=" + kernels.name();
    }
}
