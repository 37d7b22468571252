package saturn.cli.data;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import saturn.cli.Cli;

class DataCommandTest {

    @Test
    void fetchNamesWhatItCanDownload() {
        Cli r = Cli.run("data", "fetch", "mnist");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip()).isEqualTo("saturn: cannot download 'mnist' (known downloads: fashion-mnist)");
    }

    @Test
    void dataWithoutASubcommandPrintsItsUsage() {
        Cli r = Cli.run("data");
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("fetch");
    }
}
