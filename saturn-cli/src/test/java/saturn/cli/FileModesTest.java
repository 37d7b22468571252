package saturn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run folder written under umask 022 can be read by the group and others, as every other
 * file the user makes: {@code config.yaml}, checkpoints, logs, summary and report alike. The
 * command runs in its own JVM, started by a shell that sets the umask.
 */
class FileModesTest {

    @TempDir
    Path tmp;

    @Test
    void everyFileOfARunGetsTheUmasksMode() throws IOException, InterruptedException {
        Path run = tmp.resolve("run");
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = List.of("bash", "-c", "umask 022 && exec \"$@\"", "bash", java.toString(),
                "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-cp", classPath,
                "saturn.cli.Main", "train", "--data", "synthetic:spirals?n=128&test=32", "--depth", "2", "--width", "8",
                "--activation", "tanh", "--max-steps", "6", "--eval-every", "3", "--checkpoint-every", "3",
                "--out", run.toString());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(3, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();

        List<Path> files;
        try (Stream<Path> s = Files.walk(run)) {
            files = s.toList();
        }
        assertThat(files).extracting(f -> run.relativize(f).toString())
                .contains("config.yaml", "metrics.jsonl", "diagnostics.jsonl", "summary.json", "report.html",
                        "checkpoints/step-6.safetensors", "checkpoints/step-6.state.safetensors");
        for (Path f : files) {
            String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(f));
            assertThat(mode).as(run.relativize(f).toString()).isEqualTo(Files.isDirectory(f) ? "rwxr-xr-x" : "rw-r--r--");
        }
    }
}
