package saturn.cli.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import saturn.cli.Cli;

/** A run directory has one writer, survives a kill or a full disk at any point, and keeps no debris. */
class RunFolderTest {

    private static final String DATA = "synthetic:spirals?n=256&test=64";

    @TempDir
    Path tmp;

    private static String[] train(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--data", DATA, "--depth", "3", "--width", "8",
                "--activation", "tanh", "--batch", "32", "--threads", "1", "--eval-every", "4", "--out", out.toString()));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    private static void assertOneLine(Cli r, int code, String message) {
        assertThat(r.exitCode()).as(r.err()).isEqualTo(code);
        assertThat(r.err()).contains(message);
        assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
    }

    private static List<String> withoutWall(Path run) throws IOException {
        return Files.readAllLines(run.resolve("metrics.jsonl")).stream()
                .map(l -> l.replaceAll(",\"wall_seconds\":[^,}]*", "")).toList();
    }

    private static List<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /**
     * Another process holding {@code dir}'s lock the way the operating system sees it (a file
     * lock on DIR/.lock), until its standard input closes.
     */
    private Process holdLock(Path dir) throws IOException {
        Path source = tmp.resolve("HoldLock.java");
        Files.writeString(source, """
                import java.nio.ByteBuffer;
                import java.nio.channels.FileChannel;
                import java.nio.file.Files;
                import java.nio.file.Path;
                import java.nio.file.StandardOpenOption;

                public class HoldLock {
                    public static void main(String[] args) throws Exception {
                        Path dir = Files.createDirectories(Path.of(args[0]));
                        try (FileChannel ch = FileChannel.open(dir.resolve(".lock"), StandardOpenOption.CREATE,
                                StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                            ch.lock();
                            ch.truncate(0);
                            ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\\n").getBytes()));
                            System.out.println("locked");
                            System.out.flush();
                            System.in.read();
                        }
                    }
                }
                """);
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                source.toString(), dir.toString()).redirectErrorStream(true).start();
        String first = new String(p.getInputStream().readNBytes(7));
        assertThat(first).as("the lock holder started").isEqualTo("locked\n");
        return p;
    }

    private static void release(Process p) throws IOException, InterruptedException {
        p.getOutputStream().close();
        p.waitFor();
    }

    @Test
    void aSecondWriterOfARunDirectoryGetsOneLineAndChangesNothing() throws Exception {
        Path run = tmp.resolve("run");
        assertThat(Cli.run(train(run, "--max-steps", "4")).exitCode()).isZero();
        byte[] metrics = Files.readAllBytes(run.resolve("metrics.jsonl"));
        byte[] config = Files.readAllBytes(run.resolve("config.yaml"));
        Process other = holdLock(run);
        try {
            String busy = run + " is in use by another saturn process (pid " + other.pid() + ")";
            assertOneLine(Cli.run("train", "--out", run.toString(), "--resume", "--max-steps", "8"), 2, busy);
            assertOneLine(Cli.run("report", run.toString()), 2, busy);
            assertThat(Files.readAllBytes(run.resolve("metrics.jsonl"))).isEqualTo(metrics);
            assertThat(Files.readAllBytes(run.resolve("config.yaml"))).isEqualTo(config);
            // reading it is allowed: a report written elsewhere
            assertThat(Cli.run("report", run.toString(), "--out", tmp.resolve("elsewhere.html").toString()).exitCode()).isZero();
        } finally {
            release(other);
        }
        assertThat(Cli.run("train", "--out", run.toString(), "--resume", "--max-steps", "8").exitCode()).isZero();
    }

    @Test
    void twoRunsIntoOneNewFolderAndTwoSweepsIntoOneFolderAreRefused() throws Exception {
        Path run = tmp.resolve("new");
        Process other = holdLock(run);
        try {
            assertOneLine(Cli.run(train(run, "--max-steps", "4")), 2, run + " is in use by another saturn process");
            assertThat(files(run)).containsExactly(".lock");
        } finally {
            release(other);
        }
        Path grid = tmp.resolve("g.yaml");
        Files.writeString(grid, "data: \"" + DATA + "\"\nactivation: tanh\nwidth: 8\nbatch: 32\nthreads: 1\n"
                + "max-steps: 4\ndepth: [2]\n");
        Path sweep = tmp.resolve("sweep");
        other = holdLock(sweep);
        try {
            assertOneLine(Cli.run("sweep", "--config", grid.toString(), "--out", sweep.toString()), 2,
                    sweep + " is in use by another saturn process");
            assertThat(files(sweep)).containsExactly(".lock");
        } finally {
            release(other);
        }
        assertThat(Cli.run(train(run, "--max-steps", "4")).exitCode()).isZero();
        assertThat(Cli.run("sweep", "--config", grid.toString(), "--out", sweep.toString()).exitCode()).isZero();
    }

    @Test
    void aRunKilledBeforeItsFirstCheckpointResumesFromStepZeroAndItsLeftoversGo() throws IOException {
        Path whole = tmp.resolve("whole");
        assertThat(Cli.run(train(whole, "--max-steps", "6")).exitCode()).isZero();

        Path run = tmp.resolve("run");
        assertThat(Cli.run(train(run, "--max-steps", "6")).exitCode()).isZero();
        // as if killed after config.yaml and one logged line, while writing the first checkpoint
        try (Stream<Path> s = Files.list(run.resolve("checkpoints"))) {
            for (Path p : s.toList()) Files.delete(p);
        }
        Files.delete(run.resolve("summary.json"));
        Files.delete(run.resolve("report.html"));
        Files.writeString(run.resolve("metrics.jsonl"), "{\"step\":1,\"epoch\":0,\"loss\":0.69");
        Files.writeString(run.resolve("checkpoints/.step-0.safetensors.5123456789.tmp"), "half a checkpoint");
        Files.writeString(run.resolve(".summary.json.77.tmp"), "{");

        Cli r = Cli.run("train", "--out", run.toString(), "--resume");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains("it has no checkpoint yet; starting from step 0");
        assertThat(withoutWall(run)).isEqualTo(withoutWall(whole));
        assertThat(files(run.resolve("checkpoints"))).noneMatch(n -> n.endsWith(".tmp"));
        assertThat(files(run)).noneMatch(n -> n.endsWith(".tmp"));
    }

    @Test
    void aFolderHoldingOnlyTheDebrisOfAKilledStartTakesAFreshRun() throws IOException {
        Path run = tmp.resolve("run");
        Files.createDirectories(run);
        Files.writeString(run.resolve(".config.yaml.8123456789.tmp"), "options:\n  dep");   // killed writing config.yaml
        Files.writeString(run.resolve(".lock"), "4242\n");
        Cli r = Cli.run(train(run, "--max-steps", "4"));
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(files(run)).noneMatch(n -> n.endsWith(".tmp")).contains("config.yaml", "summary.json");
    }

    @Test
    void aDamagedLatestCheckpointFallsBackToTheOneBeforeIt() throws IOException {
        Path whole = tmp.resolve("whole");
        assertThat(Cli.run(train(whole, "--max-steps", "12", "--checkpoint-every", "4")).exitCode()).isZero();

        Path run = tmp.resolve("run");
        assertThat(Cli.run(train(run, "--max-steps", "8", "--checkpoint-every", "4")).exitCode()).isZero();
        // a state file whose header nests a million brackets, and weights cut short
        Path state = run.resolve("checkpoints/step-8.state.safetensors");
        String deep = "[".repeat(1_000_000) + "]".repeat(1_000_000);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 + deep.length()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putLong(deep.length()).put(deep.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        Files.write(state, b.array());

        Cli r = Cli.run("train", "--out", run.toString(), "--resume", "--max-steps", "12");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains("checkpoint step 8 cannot be read, set aside as *.corrupt")
                .contains("nested deeper than").contains("resuming " + run + " at step 4 of 12");
        assertThat(files(run.resolve("checkpoints"))).contains("step-8.state.safetensors.corrupt", "step-12.safetensors");
        assertThat(withoutWall(run)).isEqualTo(withoutWall(whole));
    }

    @Test
    void aFullDiskIsOneLineAndTheRunResumesOnceThereIsRoom() throws IOException {
        Path full = Path.of("/dev/full");
        Assumptions.assumeTrue(Files.exists(full), "needs /dev/full, a device that is always out of space");
        Path run = tmp.resolve("run");
        assertThat(Cli.run(train(run, "--max-steps", "4")).exitCode()).isZero();
        try (Stream<Path> s = Files.list(run.resolve("checkpoints"))) {
            for (Path p : s.toList()) Files.delete(p);
        }
        Files.delete(run.resolve("summary.json"));
        Files.delete(run.resolve("metrics.jsonl"));
        Files.createSymbolicLink(run.resolve("metrics.jsonl"), full);

        Cli r = Cli.run("train", "--out", run.toString(), "--resume");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err().strip().lines().filter(l -> l.startsWith("saturn: "))).singleElement().asString()
                .contains("No space left on device").contains("continue with: saturn train --out " + run + " --resume");
        assertThat(r.err().strip().lines().toList().getLast()).startsWith("saturn: ");

        Files.delete(run.resolve("metrics.jsonl"));
        Cli again = Cli.run("train", "--out", run.toString(), "--resume");
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(Files.readAllLines(run.resolve("metrics.jsonl"))).hasSize(4 + 1);
    }

    @Test
    void anOutputFolderThatCannotBeCreatedIsOneLine() throws IOException {
        Path file = tmp.resolve("a-file");
        Files.writeString(file, "not a folder");
        assertOneLine(Cli.run(train(file.resolve("run"), "--max-steps", "2")), 2, "cannot write or read " + file);
    }
}
