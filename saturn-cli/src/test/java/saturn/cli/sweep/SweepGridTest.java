package saturn.cli.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import saturn.cli.Cli;
import saturn.cli.options.BadInputException;

class SweepGridTest {

    @TempDir
    Path tmp;

    private SweepGrid grid(String yaml) throws IOException {
        Path f = tmp.resolve("grid.yaml");
        Files.writeString(f, yaml);
        return SweepGrid.read(f);
    }

    @Test
    void listsAreAxesScalarsHoldForEveryTrialAndTheFirstAxisVariesSlowest() throws IOException {
        SweepGrid g = grid("""
                data: synthetic:spirals
                depth: [10, 20]
                init: ["gaussian:1.5,0.05", "gaussian:2,0.05", xavier]
                lr: 1e-3
                """);
        List<Trial> trials = g.trials();
        assertThat(trials).hasSize(6);
        assertThat(trials).extracting(t -> t.axes().get("depth")).containsExactly("10", "10", "10", "20", "20", "20");
        assertThat(trials).extracting(t -> t.axes().get("init"))
                .containsExactly("gaussian:1.5,0.05", "gaussian:2,0.05", "xavier", "gaussian:1.5,0.05", "gaussian:2,0.05", "xavier");
        for (Trial t : trials) {
            assertThat(t.axes().keySet()).containsExactly("depth", "init");
            assertThat(t.options()).containsEntry("data", "synthetic:spirals").containsEntry("lr", "0.001")
                    .containsEntry("depth", t.axes().get("depth")).containsEntry("init", t.axes().get("init"));
        }
        assertThat(trials.get(1).name()).isEqualTo("depth-10_init-gaussian-2-0.05");
        assertThat(trials).extracting(Trial::name).doesNotHaveDuplicates()
                .allSatisfy(n -> assertThat(n).matches("[A-Za-z0-9._+~-]+").doesNotStartWith("."));
    }

    @Test
    void valuesThatSanitizeAlikeStillGetDistinctNames() throws IOException {
        List<Trial> trials = grid("activation: [\"x/(1+abs(x))\", \"x/(1+abs(x)) \", \"../..\"]\n").trials();
        assertThat(trials).extracting(Trial::name).doesNotHaveDuplicates();
        assertThat(trials.get(2).name()).doesNotContain("..").doesNotContain("/");
    }

    @Test
    void noAxesIsOneTrial() throws IOException {
        List<Trial> trials = grid("depth: 3\nwidth: 8\n").trials();
        assertThat(trials).hasSize(1);
        assertThat(trials.getFirst().options()).isEqualTo(Map.of("depth", "3", "width", "8"));
    }

    @Test
    void unknownKeysOutAndNestedValuesAreBadInput() {
        assertThatThrownBy(() -> grid("depht: [1, 2]\n")).isInstanceOf(BadInputException.class).hasMessageContaining("depht");
        assertThatThrownBy(() -> grid("out: x\n")).isInstanceOf(BadInputException.class).hasMessageContaining("out");
        assertThatThrownBy(() -> grid("depth: {a: 1}\n")).isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> grid("depth: []\n")).isInstanceOf(BadInputException.class).hasMessageContaining("empty");
    }

    @Test
    void theCommandRefusesAnUnknownKeyWithOneLineAndWritesNothing() throws IOException {
        Path f = tmp.resolve("bad.yaml");
        Files.writeString(f, "data: synthetic:spirals\ndepth: [2, 3]\nwidht: 8\n");
        Path out = tmp.resolve("sweep");
        Cli r = Cli.run("sweep", "--config", f.toString(), "--out", out.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("unknown option 'widht'");
        assertThat(out).doesNotExist();
    }

    @Test
    void aGridOfMoreThanTenThousandTrialsIsRefusedBeforeItIsBuilt() throws IOException {
        StringBuilder yaml = new StringBuilder("data: synthetic:spirals\n");
        for (String axis : List.of("lr", "depth", "width")) {
            yaml.append(axis).append(": [");
            for (int i = 1; i <= 100; i++) yaml.append(i == 1 ? "" : ", ").append(i);
            yaml.append("]\n");
        }
        Path f = tmp.resolve("grid.yaml");
        Files.writeString(f, yaml.toString());
        assertThatThrownBy(() -> SweepGrid.read(f)).isInstanceOf(BadInputException.class)
                .hasMessage(f + ": the grid has 1000000 trials (100 lr × 100 depth × 100 width); a sweep runs at most "
                        + "10000: split it into several sweeps");
        assertThat(grid("depth: [" + "1, ".repeat(99) + "1]\nwidth: [" + "2, ".repeat(99) + "2]\n").trials()).hasSize(10_000);
    }
}
