package saturn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import saturn.engine.model.LayerKind;
import saturn.engine.remedy.AutoRemedy;
import saturn.engine.remedy.Residual;
import saturn.engine.remedy.Transforms;
import saturn.theory.Activation;
import saturn.theory.transform.ActivationTransform;

/**
 * The programs in {@code examples/} compile and run against the library as single-file
 * programs, with the modules' classes and their dependencies on the class path, and print
 * what the library computes: the remedy of a formula, a training above chance, predictions
 * from a checkpoint.
 */
class LibraryExampleTest {

    @TempDir
    Path tmp;

    @Test
    void theRemedyExamplePrintsTheVerdictAndTheLibrarysTransformConstants() throws IOException, InterruptedException {
        String out = run("PrescribeRemedy.java", "x*exp(-x^2/2)", "50");
        Activation phi = Activation.parse("x*exp(-x^2/2)");
        assertThat(out).contains("activation: " + phi.formula());
        assertThat(line(out, "verdict: ")).isEqualTo(
                AutoRemedy.prescribe(phi, 50, LayerKind.DENSE, Residual.NONE, 1e-3).reason());
        assertThat(out).contains("verdict: smooth activation: TAT (network C-map curvature 0.3 at depth 50)");
        ActivationTransform t = Transforms.solve(AutoRemedy.TAT, phi, 50, Residual.NONE).transform();
        assertThat(line(out, "transform: ")).isEqualTo("tat alpha = " + t.alpha() + " beta = " + t.beta()
                + " gamma = " + t.gamma() + " delta = " + t.delta());
        assertThat(line(out, "init: ")).startsWith("orthogonal sigma_w2 = 1.0 sigma_b2 = 0.0");
        assertThat(Double.parseDouble(line(out, "learning rate: ").split(" ")[0]))
                .isEqualTo(AutoRemedy.learningRate(1e-3, 50));
    }

    @Test
    void theTrainingExampleTrainsThroughTheLibraryAndPrintsAnAccuracyAboveChance() throws IOException, InterruptedException {
        String out = run("TrainSpirals.java", tmp.resolve("run").toString());
        double accuracy = Double.parseDouble(line(out, "test accuracy: "));
        assertThat(accuracy).as(out).isGreaterThan(0.6);   // two balanced classes: chance is 0.5
        assertThat(out).contains("remedy: smooth activation: TAT");
        assertThat(tmp.resolve("run/metrics.jsonl")).exists();
    }

    @Test
    void thePredictionExampleLoadsTheCheckpointAndPredictsAsTheTrainedModel() throws IOException, InterruptedException {
        String out = run("PredictFromCheckpoint.java", tmp.resolve("run").toString());
        assertThat(line(out, "checkpoint: ")).startsWith("checkpoints/").endsWith("(step 400)");
        assertThat(line(out, "same predictions as the trained model: ")).as(out).isEqualTo("true");
        double accuracy = Double.parseDouble(line(out, "accuracy: "));
        assertThat(accuracy).as(out).isGreaterThan(0.6)
                .isEqualTo(Double.parseDouble(line(out, "trained model's accuracy: ")));
        String predictions = line(out, "predictions: ");
        assertThat(predictions).matches("\\[[01](, [01]){11}\\] \\.\\.\\.");
        assertThat(predictions).as("both classes predicted").contains("0").contains("1");
    }

    /** The rest of the first line starting with {@code prefix}. */
    private static String line(String out, String prefix) {
        return out.lines().filter(l -> l.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no line '" + prefix + "':\n" + out))
                .substring(prefix.length()).strip();
    }

    /** Runs {@code examples/NAME ARGS} as a single-file program with the test class path; fails unless it exits 0. */
    static String run(String name, String... args) throws IOException, InterruptedException {
        Path example = Path.of("..", "examples", name).toAbsolutePath().normalize();
        assertThat(example).exists();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "--add-modules", "jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED", "-cp", classPath, example.toString()));
        command.addAll(Arrays.asList(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
