package saturn.engine;

import org.junit.jupiter.api.Test;
import saturn.engine.blas.JavaGemm;
import saturn.engine.blas.OpenBlasGemm;
import saturn.engine.kernel.ScalarKernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The selection honours the property values; built from values, no global state. */
class BackendsTest {

    @Test
    void javaAndOffAreHonoured() {
        Backends.Selection s = Backends.select("java", "off");
        assertThat(s.gemm()).isInstanceOf(JavaGemm.class);
        assertThat(s.kernels()).isInstanceOf(ScalarKernels.class);
        assertThat(s.describe()).isEqualTo("gemm=java (requested by saturn.blas=java); "
                + "simd=scalar (requested by saturn.simd=off)");
    }

    @Test
    void explicitOpenBlasAndSimdOn() {
        Backends.Selection s = Backends.select("OpenBLAS", " on ");
        assertThat(s.gemm()).isInstanceOf(OpenBlasGemm.class);
        assertThat(s.kernels().name()).startsWith("vector-");
        assertThat(s.kernels().getClass().getName()).isEqualTo("saturn.engine.simd.VectorKernels");
    }

    @Test
    void autoPicksTheFastBackendsHereAndSaysWhy() {
        // the test JVM runs with --add-modules jdk.incubator.vector and the OpenBLAS jar
        Backends.Selection s = Backends.select("auto", "auto");
        assertThat(s.gemm().name()).isEqualTo("openblas");
        assertThat(s.kernels().name()).matches("vector-\\d+");
        assertThat(s.describe()).matches("gemm=openblas 0\\.3\\.31 \\(\\w+, \\d+ threads?\\); "
                + "simd=vector-\\d+ \\(\\d+ float lanes\\)");
        assertThat(Backends.select(null, null).gemm().name()).isEqualTo("openblas");
    }

    @Test
    void unknownValuesAreRejected() {
        assertThatThrownBy(() -> Backends.select("mkl", "auto"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("saturn.blas=mkl");
        assertThatThrownBy(() -> Backends.select("auto", "yes"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("saturn.simd");
    }

    @Test
    void globalSelectionFollowsTheSystemProperties() {
        // surefire sets neither property: the global choice must equal auto/auto
        Backends.Selection selection = Backends.select(System.getProperty("saturn.blas", "auto"),
                System.getProperty("saturn.simd", "auto"));
        assertThat(Backends.describe()).startsWith("gemm=" + selection.gemm().name())
                .contains("simd=" + selection.kernels().name() + " (" + selection.simdReason() + ")")
                .contains("workers=" + saturn.engine.parallel.Workers.pool().size());
        assertThatThrownBy(() -> Backends.setThreads(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void setThreadsSizesTheWorkersAndKeepsOpenBlasOnOneThread() {
        try {
            Backends.setThreads(3);
            assertThat(saturn.engine.parallel.Workers.pool().size()).isEqualTo(3);
            assertThat(Backends.describe()).contains("workers=3");
            if (Backends.gemm() instanceof saturn.engine.parallel.ParallelGemm) {
                assertThat(saturn.engine.blas.OpenBlasGemm.load().threads()).isEqualTo(1);
                assertThat(Backends.describe()).contains("1 thread per call");
            }
        } finally {
            Backends.setThreads(1);
        }
        assertThat(saturn.engine.parallel.Workers.pool().size()).isEqualTo(1);
    }
}
