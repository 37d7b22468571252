package saturn.djl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code examples/DjlFashionMnist.java} compiles and runs against saturn-djl as a single-file
 * program: a 30-layer tanh MLP with Saturn's TAT prescription, whose loss on a fixed batch of
 * Fashion-MNIST falls over its training steps.
 */
class DjlExampleTest {

    @Test
    void theDeepMlpWithSaturnsPrescriptionTrainsOnFashionMnist() throws IOException, InterruptedException {
        String out = run("DjlFashionMnist.java", "30", "40");
        System.out.println(out);
        assertThat(out).contains("remedy: smooth activation: TAT").contains("activation: ").contains("Haar orthogonal");
        double before = number(out, "loss before: ");
        double after = number(out, "loss after 40 steps: ");
        assertThat(before).as(out).isBetween(1.5, 4.0);   // ten classes: ln 10 = 2.3 at a neutral start
        assertThat(after).as(out).isLessThan(0.8 * before);
    }

    private static double number(String out, String prefix) {
        String line = out.lines().filter(l -> l.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no line '" + prefix + "':\n" + out));
        return Double.parseDouble(line.substring(prefix.length()).strip());
    }

    /** Runs {@code examples/NAME} with the test class path (this module, the engine, DJL) and returns its output. */
    static String run(String name, String... args) throws IOException, InterruptedException {
        Path example = Path.of("..", "examples", name).toAbsolutePath().normalize();
        assertThat(example).exists();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new java.util.ArrayList<>(List.of(java.toString(), "--add-modules", "jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED", "-cp", classPath, example.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
