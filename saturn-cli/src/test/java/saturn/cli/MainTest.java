package saturn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MainTest {

    @Test
    void versionNamesTheReleaseAndTheBackends() {
        Cli r = Cli.run("--version");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).startsWith("saturn 0.1.0").contains("gemm=").contains("simd=");
    }

    @Test
    void unknownOptionIsBadUsageOnOneLine() {
        Cli r = Cli.run("--no-such-option");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("--no-such-option");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void unknownCommandIsBadUsage() {
        Cli r = Cli.run("anlyze", "tanh");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
    }
}
