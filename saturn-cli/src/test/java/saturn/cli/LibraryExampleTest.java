package saturn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code examples/TrainSpirals.java} compiles and runs against the library and trains above chance. */
class LibraryExampleTest {

    @TempDir
    Path tmp;

    @Test
    void theExampleTrainsThroughTheLibraryAndPrintsAnAccuracyAboveChance() throws IOException, InterruptedException {
        Path example = Path.of("..", "examples", "TrainSpirals.java").toAbsolutePath().normalize();
        assertThat(example).exists();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(List.of(java.toString(), "--add-modules", "jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED", "-cp", classPath, example.toString(), tmp.resolve("run").toString()))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        String line = out.lines().filter(l -> l.startsWith("test accuracy: ")).findFirst().orElseThrow(
                () -> new AssertionError("no accuracy printed:\n" + out));
        double accuracy = Double.parseDouble(line.substring("test accuracy: ".length()).strip());
        assertThat(accuracy).as(out).isGreaterThan(0.6);   // two balanced classes: chance is 0.5
        assertThat(out).contains("remedy: smooth activation: TAT");
        assertThat(tmp.resolve("run/metrics.jsonl")).exists();
    }
}
