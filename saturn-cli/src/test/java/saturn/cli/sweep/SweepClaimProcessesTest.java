package saturn.cli.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import saturn.cli.Cli;

/**
 * {@code saturn sweep --claim} for real: three JVMs started at once on one folder, the first
 * to start a trial killed ({@code kill -9}) once that trial has a checkpoint past step 0. The
 * two others finish every trial, take the dead claim over after the timeout and resume the
 * trial; every trial completes exactly once, each run directory holds the metrics of one
 * writer, and the results equal a single process's.
 */
class SweepClaimProcessesTest {

    private static final String GRID = """
            data: "synthetic:spirals?n=512&test=64"
            activation: tanh
            width: 32
            batch: 32
            threads: 1
            max-steps: 150
            eval-every: 50
            checkpoint-every: 25
            diag-every: 50
            depth: [2, 3]
            lr: [0.01, 0.05, 0.1]
            """;
    private static final Pattern CHECKPOINT = Pattern.compile("step-([0-9]+)\\.safetensors");

    @TempDir
    Path tmp;

    private Process claimer(Path grid, Path sweep, Path log, String... more) throws IOException {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new ArrayList<>(List.of(java.toString(), "--add-modules", "jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED", "-cp", classPath, "saturn.cli.Main", "sweep", "--config", grid.toString(),
                "--out", sweep.toString(), "--claim", "--claim-timeout", "2s"));
        cmd.addAll(List.of(more));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static Optional<String> firstStarted(Path log) {
        return read(log).lines().filter(l -> l.startsWith("start ")).map(l -> l.substring("start ".length()).strip())
                .findFirst();
    }

    private static long lastCheckpoint(Path run) {
        long last = -1;
        try (Stream<Path> s = Files.list(run.resolve("checkpoints"))) {
            for (Path p : s.toList()) {
                Matcher m = CHECKPOINT.matcher(p.getFileName().toString());
                if (m.matches()) last = Math.max(last, Long.parseLong(m.group(1)));
            }
        } catch (IOException e) {
            return -1;
        }
        return last;
    }

    private static void sleep() throws InterruptedException {
        Thread.sleep(20);
    }

    @Test
    void claimProcessesOneKilledMidTrialRunEveryTrialOnceWithTheResultsOfOneProcess() throws Exception {
        Path grid = tmp.resolve("grid.yaml");
        Files.writeString(grid, GRID);
        Path sweep = tmp.resolve("shared");
        List<Path> logs = List.of(tmp.resolve("a.log"), tmp.resolve("b.log"), tmp.resolve("c.log"));
        List<Process> ps = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ps.add(i == 2 ? claimer(grid, sweep, logs.get(i), "--workers", "2") : claimer(grid, sweep, logs.get(i)));
        }
        int victim = -1;
        String trial = null;
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);   // a guard against a hang, not a measure
            while (victim < 0 && System.nanoTime() < deadline) {
                for (int i = 0; i < 3 && victim < 0; i++) {
                    Optional<String> t = firstStarted(logs.get(i));
                    if (t.isPresent()) {
                        victim = i;
                        trial = t.get();
                    }
                }
                sleep();
            }
            assertThat(victim).as("a process started a trial").isNotNegative();
            Path run = sweep.resolve(trial);
            while (lastCheckpoint(run) < 25 && ps.get(victim).isAlive() && System.nanoTime() < deadline) sleep();
            assertThat(lastCheckpoint(run)).as("the victim's trial has a checkpoint past step 0").isGreaterThanOrEqualTo(25);
            ps.get(victim).destroyForcibly();
            assertThat(ps.get(victim).waitFor(1, TimeUnit.MINUTES)).isTrue();
            assertThat(run.resolve(SweepRunner.MARKER)).as("killed mid-trial").doesNotExist();
            assertThat(read(logs.get(victim))).doesNotContain(trial + " completed");

            for (int i = 0; i < 3; i++) {
                if (i == victim) continue;
                assertThat(ps.get(i).waitFor(5, TimeUnit.MINUTES)).as("process " + i + " ends").isTrue();
                assertThat(ps.get(i).exitValue()).as(read(logs.get(i))).isZero();
            }
        } finally {
            for (Process p : ps) p.destroyForcibly();
        }

        String victimPid = Long.toString(ps.get(victim).pid());
        String survivors = "";
        for (int i = 0; i < 3; i++) if (i != victim) survivors += read(logs.get(i));
        assertThat(survivors).contains("taking over " + trial + " from ").contains(" pid " + victimPid + ": its heartbeat")
                .contains("start " + trial + " (resuming)");

        // each trial completed once, in one process
        Path single = tmp.resolve("single");
        Cli alone = Cli.run("sweep", "--config", grid.toString(), "--out", single.toString());
        assertThat(alone.exitCode()).as(alone.err()).isZero();
        SweepCsv want = SweepCsv.read(single);
        String all = survivors + read(logs.get(victim));
        for (String t : want.rows().keySet()) {
            assertThat(Pattern.compile("\\] " + Pattern.quote(t) + " completed").matcher(all).results().count())
                    .as(t + " completed once").isEqualTo(1);
            // one writer per run directory: its metrics are those of an uninterrupted run, line for line
            assertThat(SweepCommandTest.metricsWithoutTimes(sweep.resolve(t)))
                    .isEqualTo(SweepCommandTest.metricsWithoutTimes(single.resolve(t)));
        }
        try (Stream<Path> s = Files.list(sweep.resolve(TrialClaims.FOLDER))) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).as("every claim released").isEmpty();
        }

        Cli c = Cli.run("sweep", "--collect", "--out", sweep.toString());
        assertThat(c.exitCode()).as(c.err()).isZero();
        assertThat(c.out()).contains("sweep: 6 trials: 6 finished, 0 running, 0 pending");
        SweepCsv got = SweepCsv.read(sweep);
        assertThat(got.deterministic()).isEqualTo(want.deterministic());
    }
}
