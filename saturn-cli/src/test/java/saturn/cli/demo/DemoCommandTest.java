package saturn.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import saturn.cli.Cli;
import saturn.cli.html.HtmlChecks;
import saturn.cli.run.RunData;
import saturn.cli.sweep.Trial;

/** The demo end to end at its test size (--scale tiny): the same code as --quick and the default, on spirals. */
class DemoCommandTest {

    @TempDir
    Path tmp;

    @Test
    void trainsEveryActivationWithEverySetupAndPrintsTheTableAndTheReport() throws IOException {
        Path out = tmp.resolve("demo");
        Cli r = Cli.run("demo", "--scale", "tiny", "--out", out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("data: ").contains("synthetic 2-arm spirals");
        List<String> rows = r.out().lines().filter(l -> l.matches("(sigmoid|tanh|gauss) .*")).toList();
        assertThat(rows).hasSize(DemoCommand.ACTIVATIONS.size() * Remedy.DEMO.size());
        for (Remedy remedy : Remedy.DEMO) {
            assertThat(rows).filteredOn(l -> l.contains(remedy.label())).hasSize(3)
                    .allSatisfy(l -> assertThat(l).contains(" → ").containsPattern("\\d+\\.\\d\\d%"));
        }
        assertThat(r.out()).contains("report: " + out.resolve("report.html"));
        String html = Files.readString(out.resolve("report.html"));
        assertThat(html).contains(">Comparison</h2>").contains("gauss_auto").contains("auto: TAT + orthogonal");
        HtmlChecks.assertNoUrl(html);
        List<String> rbf = r.out().lines().filter(l -> l.startsWith("rbf×" + DemoCommand.TINY.rbfDepth() + " ")).toList();
        assertThat(rbf).hasSize(Remedy.RBF.size());
        RunData rbfData = RunData.read(out.resolve("rbf_rbf-data"));
        assertThat(rbfData.option("init")).isEqualTo("rbf-data");
        assertThat(rbfData.status()).isEqualTo("completed");
        RunData tat = RunData.read(out.resolve("sigmoid_auto"));
        assertThat(tat.option("transform")).startsWith("tat");
        assertThat(tat.option("init")).isEqualTo("orthogonal");
        assertThat(tat.options().get("depth").asInt()).isEqualTo(DemoCommand.TINY.depth());
        assertThat(tat.status()).isEqualTo("completed");
        List<String> seq = r.out().lines().filter(l -> l.startsWith("seq:tanh ")).toList();
        assertThat(seq).hasSize(Remedy.RECURRENT.size()).allSatisfy(l -> assertThat(l).contains(" → "));
        RunData lstm = RunData.read(out.resolve("seq_lstm-torch"));
        assertThat(lstm.option("layer")).isEqualTo("lstm");
        assertThat(lstm.option("sequence")).isEqualTo("pixels");   // the spirals' two features, one a step
        assertThat(lstm.status()).isEqualTo("completed");
        assertThat(RunData.read(out.resolve("seq_rnn-auto")).option("transform")).startsWith("tat");
    }

    @Test
    void theTrialsAreEveryActivationTimesEveryRemedyWithTheRowsLearningRate() {
        List<Trial> trials = DemoCommand.trials(DemoCommand.FULL);
        assertThat(trials).hasSize(12 + Remedy.RBF.size() + Remedy.RECURRENT.size());
        Trial rnn = trials.stream().filter(x -> x.name().equals("seq_rnn-auto")).findFirst().orElseThrow();
        assertThat(rnn.options()).containsEntry("layer", "rnn").containsEntry("remedy", "auto")
                .containsEntry("sequence", "rows").containsEntry("depth", "1").containsEntry("width", "128");
        assertThat(DemoCommand.FULL.depth()).isEqualTo(100);
        assertThat(DemoCommand.QUICK.depth()).isGreaterThanOrEqualTo(50);
        Trial t = trials.stream().filter(x -> x.name().equals("gauss_critical")).findFirst().orElseThrow();
        assertThat(t.options()).containsEntry("activation", "gauss").containsEntry("init", "critical")
                .containsEntry("data", "fashion-mnist").containsEntry("depth", "100").containsEntry("width", "256");
        assertThat(Double.parseDouble(t.options().get("lr"))).isEqualTo(Remedy.DEMO.get(2).lr());
    }
}
