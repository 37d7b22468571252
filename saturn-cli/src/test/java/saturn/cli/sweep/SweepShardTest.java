package saturn.cli.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import saturn.cli.Cli;

/** {@code saturn sweep --shard I/N} and {@code --collect}, in process, and the refusals of the options of shared sweeps. */
class SweepShardTest {

    private static final String GRID = """
            data: "synthetic:spirals?n=256&test=64"
            activation: tanh
            width: 8
            batch: 32
            threads: 1
            max-steps: 8
            eval-every: 4
            diag-every: 4
            depth: [2, 3, 4]
            lr: [0.01, 0.1]
            """;
    private static final List<String> TRIALS = List.of("depth-2_lr-0.01", "depth-2_lr-0.1", "depth-3_lr-0.01",
            "depth-3_lr-0.1", "depth-4_lr-0.01", "depth-4_lr-0.1");

    @TempDir
    Path tmp;

    private Path grid() throws IOException {
        Path f = tmp.resolve("grid.yaml");
        Files.writeString(f, GRID);
        return f;
    }

    private static List<String> started(Cli r) {
        return r.err().lines().filter(l -> l.startsWith("start ")).map(l -> l.substring("start ".length())).toList();
    }

    @Test
    void shardsOneToNRunEveryTrialOnceAndCollectEqualsASingleProcessSweep() throws IOException {
        Path g = grid();
        Path single = tmp.resolve("single");
        Cli alone = Cli.run("sweep", "--config", g.toString(), "--out", single.toString());
        assertThat(alone.exitCode()).as(alone.err()).isZero();

        Path shared = tmp.resolve("shared");
        List<String> all = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            Cli r = Cli.run("sweep", "--config", g.toString(), "--out", shared.toString(), "--shard", i + "/4");
            assertThat(r.exitCode()).as(r.err()).isZero();
            // trial p (grid order, from 0) belongs to shard p mod 4 + 1
            List<String> mine = new ArrayList<>();
            for (int p = i - 1; p < TRIALS.size(); p += 4) mine.add(TRIALS.get(p));
            assertThat(started(r)).as("shard " + i).containsExactlyElementsOf(mine);
            all.addAll(started(r));
        }
        assertThat(all).containsExactlyInAnyOrderElementsOf(TRIALS);   // disjoint, and together the grid

        Cli c = Cli.run("sweep", "--collect", "--out", shared.toString());
        assertThat(c.exitCode()).as(c.err()).isZero();
        assertThat(c.out()).contains("sweep: 6 trials: 6 finished, 0 running, 0 pending");
        SweepCsv want = SweepCsv.read(single);
        SweepCsv got = SweepCsv.read(shared);
        assertThat(got.header()).isEqualTo(want.header());
        assertThat(got.deterministic()).isEqualTo(want.deterministic());
        for (String t : TRIALS) assertThat(got.cell(t, "status")).isEqualTo("completed");
        assertThat(shared.resolve("report.html")).exists();
    }

    @Test
    void collectOnAPartlyFinishedFolderCountsAndWritesOnlyTheFinishedTrials() throws IOException {
        Path g = grid();
        Path shared = tmp.resolve("shared");
        Cli first = Cli.run("sweep", "--config", g.toString(), "--out", shared.toString(), "--shard", "1/3");
        assertThat(first.exitCode()).as(first.err()).isZero();
        // a trial another process started and left (its run directory, no marker)
        Path left = shared.resolve("depth-2_lr-0.1");
        Files.createDirectories(left);
        Files.delete(shared.resolve("results.csv"));

        Cli c = Cli.run("sweep", "--collect", "--out", shared.toString());
        assertThat(c.exitCode()).as(c.err()).isZero();
        assertThat(c.out()).contains("sweep: 6 trials: 2 finished, 0 running, 4 pending");
        SweepCsv csv = SweepCsv.read(shared);
        assertThat(csv.rows()).containsOnlyKeys(TRIALS);
        for (String done : List.of("depth-2_lr-0.01", "depth-3_lr-0.1")) {
            assertThat(csv.cell(done, "status")).isEqualTo("completed");
            assertThat(csv.cell(done, "final_test_accuracy")).isNotEmpty();
        }
        assertThat(csv.cell("depth-2_lr-0.1", "status")).isEqualTo("unfinished");
        for (String pending : List.of("depth-3_lr-0.01", "depth-4_lr-0.01", "depth-4_lr-0.1")) {
            assertThat(csv.cell(pending, "status")).isEqualTo("not started");
        }
        for (String pending : List.of("depth-2_lr-0.1", "depth-3_lr-0.01", "depth-4_lr-0.01", "depth-4_lr-0.1")) {
            assertThat(csv.cell(pending, "final_test_accuracy")).isEmpty();
        }
        // a trial claimed by a live process is running, and its run directory is not read
        Path claims = Files.createDirectories(shared.resolve(TrialClaims.FOLDER));
        Files.writeString(claims.resolve("depth-2_lr-0.1.claim"), "{\"token\":\"t\",\"host\":\"h\",\"pid\":1}\n");
        Files.writeString(left.resolve("config.yaml"), "half written");
        Cli again = Cli.run("sweep", "--collect", "--out", shared.toString());
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains("sweep: 6 trials: 2 finished, 1 running, 3 pending");
        assertThat(SweepCsv.read(shared).cell("depth-2_lr-0.1", "status")).isEqualTo("running");
    }

    @Test
    void badShardsAndModesAreOneLineAndWriteNothing() throws IOException {
        Path g = grid();
        Path out = tmp.resolve("out");
        for (String bad : List.of("3/2", "0/2", "1/0", "-1/2", "a/b", "2", "1/2/3", "")) {
            Cli r = Cli.run("sweep", "--config", g.toString(), "--out", out.toString(), "--shard", bad);
            assertThat(r.exitCode()).as(bad).isEqualTo(2);
            assertThat(r.err().strip().lines()).as(bad).hasSize(1);
            assertThat(r.err()).as(bad).contains("--shard");
        }
        assertThat(Cli.run("sweep", "--config", g.toString(), "--out", out.toString(), "--shard", "5/4").err())
                .contains("INDEX must be between 1 and 4 (shards count from 1), got 5");
        assertRefused(Cli.run("sweep", "--config", g.toString(), "--out", out.toString(), "--shard", "1/2", "--claim"),
                "--shard and --claim exclude each other");
        assertRefused(Cli.run("sweep", "--config", g.toString(), "--claim"), "--claim needs --out DIR");
        assertRefused(Cli.run("sweep", "--config", g.toString(), "--shard", "1/2"), "--shard needs --out DIR");
        assertRefused(Cli.run("sweep", "--config", g.toString(), "--out", out.toString(), "--claim-timeout", "5s"),
                "--claim-timeout applies to --claim");
        assertRefused(Cli.run("sweep", "--config", g.toString(), "--out", out.toString(), "--claim", "--claim-timeout", "0s"),
                "a duration must be positive");
        assertRefused(Cli.run("sweep", "--out", out.toString()), "--config GRID.yaml is required");
        assertRefused(Cli.run("sweep", "--collect", "--out", out.toString(), "--claim"), "--collect runs nothing");
        assertRefused(Cli.run("sweep", "--collect"), "--collect needs --out DIR");
        assertThat(out).doesNotExist();

        // a folder that is not a sweep: refused, nothing written into it
        Path notSweep = Files.createDirectories(tmp.resolve("notes"));
        Files.writeString(notSweep.resolve("notes.txt"), "mine");
        assertRefused(Cli.run("sweep", "--collect", "--out", notSweep.toString()), notSweep + " is not a sweep folder");
        try (Stream<Path> s = Files.list(notSweep)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactly("notes.txt");
        }
        assertRefused(Cli.run("sweep", "--collect", "--out", out.toString()), out + " is not a sweep folder");
        assertThat(out).doesNotExist();
    }

    private static void assertRefused(Cli r, String line) {
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
        assertThat(r.err()).contains(line);
    }
}
