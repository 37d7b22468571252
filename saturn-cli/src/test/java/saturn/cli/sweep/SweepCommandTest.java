package saturn.cli.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import saturn.cli.Cli;
import saturn.cli.run.RunData;

class SweepCommandTest {

    private static final String BASE = """
            data: "synthetic:spirals?n=256&test=64"
            activation: tanh
            width: 8
            batch: 32
            threads: 1
            max-steps: 12
            eval-every: 4
            diag-every: 4
            """;

    @TempDir
    Path tmp;

    private Path grid(String name, String axes) throws IOException {
        Path f = tmp.resolve(name);
        Files.writeString(f, BASE + axes);
        return f;
    }

    private static Map<String, List<String>> csv(Path sweep) throws IOException {
        List<String> lines = Files.readAllLines(sweep.resolve("results.csv"));
        List<String> head = List.of(lines.getFirst().split(","));
        Map<String, List<String>> byName = new HashMap<>();
        for (String l : lines.subList(1, lines.size())) {
            List<String> cells = List.of(l.split(",", -1));
            byName.put(cells.getFirst(), cells);
        }
        byName.put("#header", head);
        return byName;
    }

    private static String cell(Map<String, List<String>> csv, String trial, String column) {
        return csv.get(trial).get(csv.get("#header").indexOf(column));
    }

    @Test
    void writesOneRunPerTrialResultsAndAReport() throws IOException {
        Path out = tmp.resolve("sweep");
        Cli r = Cli.run("sweep", "--config", grid("g.yaml", "depth: [2, 3]\n").toString(), "--out", out.toString(),
                "--target", "0.5");
        assertThat(r.exitCode()).as(r.err()).isZero();
        for (String trial : List.of("depth-2", "depth-3")) {
            assertThat(out.resolve(trial).resolve("summary.json")).exists();
            assertThat(out.resolve(trial).resolve("report.html")).exists();
            assertThat(out.resolve(trial).resolve(SweepRunner.MARKER)).exists();
        }
        Map<String, List<String>> csv = csv(out);
        assertThat(csv.get("#header")).containsSubsequence("name", "depth", "status", "final_test_accuracy",
                "best_test_accuracy", "steps_to_target", "vanishing_factor_start", "vanishing_factor_end", "wall_seconds",
                "run_dir");
        RunData run = RunData.read(out.resolve("depth-3"));
        assertThat(cell(csv, "depth-3", "status")).isEqualTo("completed");
        assertThat(Double.parseDouble(cell(csv, "depth-3", "final_test_accuracy"))).isEqualTo(run.finalAccuracy());
        assertThat(Double.parseDouble(cell(csv, "depth-3", "vanishing_factor_start")))
                .isEqualTo(run.diagnostics().getFirst().get("vanishing_factor").asDouble());
        assertThat(Double.parseDouble(cell(csv, "depth-3", "vanishing_factor_end")))
                .isEqualTo(run.diagnostics().getLast().get("vanishing_factor").asDouble());
        assertThat(run.options().get("depth").asInt()).isEqualTo(3);
        assertThat(run.options().get("max-steps").asInt()).isEqualTo(12);
        assertThat(Files.readString(out.resolve("results.md"))).contains("| depth-3 | 3 | completed |");
        assertThat(r.out()).contains("| trial | depth | status").contains("report: " + out.resolve("report.html"));
        assertThat(out.resolve("report.html")).exists();
    }

    @Test
    void stepsToTargetIsTheFirstEvaluationAtOrAboveIt() throws IOException {
        Path out = tmp.resolve("sweep");
        Cli r = Cli.run("sweep", "--config", grid("g.yaml", "depth: [2]\n").toString(), "--out", out.toString(),
                "--target", "0.01");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(cell(csv(out), "depth-2", "steps_to_target")).isEqualTo("4");   // the first evaluation
    }

    @Test
    void aRerunSkipsFinishedTrialsAndTrainsOnlyTheNewOnes() throws IOException {
        Path out = tmp.resolve("sweep");
        // the first invocation stands for a sweep killed after two of its four trials
        Cli first = Cli.run("sweep", "--config", grid("a.yaml", "depth: [2, 3]\n").toString(), "--out", out.toString());
        assertThat(first.exitCode()).as(first.err()).isZero();
        FileTime d2 = Files.getLastModifiedTime(out.resolve("depth-2/metrics.jsonl"));
        FileTime d3 = Files.getLastModifiedTime(out.resolve("depth-3/checkpoints/step-0.safetensors"));

        Cli second = Cli.run("sweep", "--config", grid("b.yaml", "depth: [2, 3, 4, 5]\n").toString(), "--out", out.toString());
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.err()).contains("depth-2 already completed").contains("depth-3 already completed")
                .doesNotContain("start depth-2").doesNotContain("start depth-3").contains("start depth-4");
        assertThat(Files.getLastModifiedTime(out.resolve("depth-2/metrics.jsonl"))).isEqualTo(d2);
        assertThat(Files.getLastModifiedTime(out.resolve("depth-3/checkpoints/step-0.safetensors"))).isEqualTo(d3);
        Map<String, List<String>> csv = csv(out);
        for (String t : List.of("depth-2", "depth-3", "depth-4", "depth-5")) assertThat(cell(csv, t, "status")).isEqualTo("completed");
    }

    @Test
    void aTrialLeftWithoutItsMarkerIsResumedFromItsCheckpointNotRestarted() throws IOException {
        Path out = tmp.resolve("sweep");
        Path g = grid("a.yaml", "depth: [2]\n");
        assertThat(Cli.run("sweep", "--config", g.toString(), "--out", out.toString()).exitCode()).isZero();
        Path trial = out.resolve("depth-2");
        List<String> metrics = Files.readAllLines(trial.resolve("metrics.jsonl"));
        // killed after the last checkpoint, before the summary and the marker were written
        Files.delete(trial.resolve(SweepRunner.MARKER));
        Files.delete(trial.resolve("summary.json"));
        Files.delete(trial.resolve("report.html"));
        FileTime step0 = Files.getLastModifiedTime(trial.resolve("checkpoints/step-0.safetensors"));

        Cli again = Cli.run("sweep", "--config", g.toString(), "--out", out.toString());
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.err()).contains("start depth-2 (resuming)");
        assertThat(Files.getLastModifiedTime(trial.resolve("checkpoints/step-0.safetensors"))).isEqualTo(step0);
        assertThat(Files.readAllLines(trial.resolve("metrics.jsonl"))).isEqualTo(metrics);
        assertThat(cell(csv(out), "depth-2", "status")).isEqualTo("completed");
    }

    @Test
    void aDivergingTrialAndABadOptionAreRecordedWithTheirReasonAndTheOthersFinish() throws IOException {
        Path out = tmp.resolve("sweep");
        Path g = tmp.resolve("g.yaml");
        Files.writeString(g, BASE.replace("activation: tanh\n", "depth: 3\noptimizer: sgd\n") + """
                activation: [tanh, linear]
                lr: [0.01, 1e20]
                init: [xavier, bogus]
                """);
        Cli r = Cli.run("sweep", "--config", g.toString(), "--out", out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        Map<String, List<String>> csv = csv(out);
        assertThat(csv).hasSize(8 + 1);
        String diverged = "activation-linear_lr-1.0e20_init-xavier";   // YAML reads 1e20 as the number 1.0E20
        assertThat(cell(csv, diverged, "status")).isEqualTo("diverged");
        assertThat(cell(csv, diverged, "reason")).contains("diverged at step");
        for (String act : List.of("tanh", "linear")) {
            for (String lr : List.of("0.01", "1.0e20")) {
                String bad = "activation-" + act + "_lr-" + lr + "_init-bogus";
                assertThat(cell(csv, bad, "status")).isEqualTo("bad-option");
                assertThat(cell(csv, bad, "reason")).contains("unknown value 'bogus' for --init");
            }
        }
        for (String ok : List.of("activation-tanh_lr-0.01_init-xavier", "activation-linear_lr-0.01_init-xavier")) {
            assertThat(cell(csv, ok, "status")).isEqualTo("completed");
            assertThat(cell(csv, ok, "final_test_accuracy")).isNotEmpty();
        }
        assertThat(Files.readString(out.resolve("results.md"))).contains("bad-option, unknown value 'bogus'");
        // recorded failures are final: a rerun does not retry them
        Cli again = Cli.run("sweep", "--config", g.toString(), "--out", out.toString());
        assertThat(again.err()).contains(diverged + " already diverged").doesNotContain("start ");
    }

    @Test
    void parallelTrialsGiveTheSameMetricsAsSerialOnes() throws IOException {
        Path g = grid("g.yaml", "depth: [2, 3, 4]\n");
        Path serial = tmp.resolve("serial");
        Path parallel = tmp.resolve("parallel");
        assertThat(Cli.run("sweep", "--config", g.toString(), "--out", serial.toString()).exitCode()).isZero();
        Cli p = Cli.run("sweep", "--config", g.toString(), "--out", parallel.toString(), "--workers", "3");
        assertThat(p.exitCode()).as(p.err()).isZero();
        for (String t : List.of("depth-2", "depth-3", "depth-4")) {
            assertThat(metricsWithoutTimes(parallel.resolve(t))).isEqualTo(metricsWithoutTimes(serial.resolve(t)));
        }
    }

    static List<String> metricsWithoutTimes(Path run) throws IOException {
        return Files.readAllLines(run.resolve("metrics.jsonl")).stream()
                .map(l -> l.replaceAll(",\"wall_seconds\":[^,}]+", "")).toList();
    }

    @Test
    void aRerunWhoseGridChangedAFixedOptionIsRefusedNamingTheTrial() throws IOException {
        Path out = tmp.resolve("sweep");
        assertThat(Cli.run("sweep", "--config", grid("a.yaml", "depth: [2, 3]\n").toString(), "--out", out.toString())
                .exitCode()).isZero();
        byte[] results = Files.readAllBytes(out.resolve("results.csv"));
        byte[] index = Files.readAllBytes(out.resolve("sweep.json"));

        Path changed = tmp.resolve("b.yaml");
        Files.writeString(changed, BASE.replace("batch: 32", "batch: 16") + "depth: [2, 3]\n");
        Cli r = Cli.run("sweep", "--config", changed.toString(), "--out", out.toString());
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("saturn: trial depth-2 in " + out + " was run with other options than asked: "
                + "batch 16 (it has 32) (and 1 other trials); a sweep folder holds one grid");
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(Files.readAllBytes(out.resolve("results.csv"))).isEqualTo(results);
        assertThat(Files.readAllBytes(out.resolve("sweep.json"))).isEqualTo(index);

        // an option left out falls back to its default, which differs too
        Path dropped = tmp.resolve("c.yaml");
        Files.writeString(dropped, BASE.replace("batch: 32\n", "") + "depth: [2]\n");
        assertThat(Cli.run("sweep", "--config", dropped.toString(), "--out", out.toString()).err())
                .contains("batch 128 (it has 32)");
        // the same grid spelled differently is the same sweep
        Path respelled = tmp.resolve("d.yaml");
        Files.writeString(respelled, BASE.replace("activation: tanh", "activation: \" tanh\"") + "depth: [2, 3]\nlr: 1e-3\n");
        Cli same = Cli.run("sweep", "--config", respelled.toString(), "--out", out.toString());
        assertThat(same.exitCode()).as(same.err()).isZero();
        assertThat(same.err()).contains("depth-2 already completed");
    }

    @Test
    void aRefusedTrialIsComparedByTheOptionsItsMarkerRecords() throws IOException {
        Path out = tmp.resolve("sweep");
        assertThat(Cli.run("sweep", "--config", grid("a.yaml", "init: [bogus]\n").toString(), "--out", out.toString())
                .exitCode()).isZero();
        Cli r = Cli.run("sweep", "--config", grid("b.yaml", "init: [bogus]\nlr: 0.5\n").toString(), "--out", out.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("trial init-bogus").contains("lr 0.5 (it had none)");
    }

    @Test
    void aDamagedTrialIsARowNotACrash() throws IOException {
        Path out = tmp.resolve("sweep");
        Path g = grid("a.yaml", "depth: [2, 3]\n");
        assertThat(Cli.run("sweep", "--config", g.toString(), "--out", out.toString()).exitCode()).isZero();
        Files.writeString(out.resolve("depth-2/summary.json"), "{\"steps\":");
        Path html = tmp.resolve("s.html");
        Cli r = Cli.run("report", out.toString(), "--out", html.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(Files.readString(html)).contains("damaged").contains("summary.json is damaged");
    }

    @Test
    void aFolderThatIsNeitherEmptyNorASweepIsRefused() throws IOException {
        Path out = tmp.resolve("busy");
        Files.createDirectories(out);
        Files.writeString(out.resolve("notes.txt"), "mine");
        Cli r = Cli.run("sweep", "--config", grid("g.yaml", "depth: [2]\n").toString(), "--out", out.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("holds no sweep");
    }
}
