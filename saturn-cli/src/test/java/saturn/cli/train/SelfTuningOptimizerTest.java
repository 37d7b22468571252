package saturn.cli.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import saturn.cli.Cli;
import saturn.cli.run.ConfigFile;
import saturn.cli.run.Json;

/** The optimizers that set their own step (dadapt, prodigy, vsgd) and Schedule-Free, through the command line. */
class SelfTuningOptimizerTest {

    private static final String DATA = "synthetic:spirals?n=256&test=64";

    @TempDir
    Path tmp;

    private static String[] train(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--data", DATA, "--depth", "3", "--width", "8",
                "--activation", "tanh", "--batch", "32", "--threads", "1", "--out", out.toString()));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    /**
     * Without --lr, --remedy auto leaves the multiplier of an optimizer that sets its own step at
     * 1 (the depth rule is for Adam-like steps), and says so; Schedule-Free's rate, an Adam-like
     * step, follows the rule.
     */
    @Test
    void theRemedysDepthRuleLeavesTheirOwnStepAlone() throws IOException {
        for (String opt : List.of("prodigy", "dadapt", "vsgd")) {
            Path run = tmp.resolve(opt);
            Cli r = Cli.run("train", "--data", DATA, "--depth", "20", "--width", "8", "--activation", "tanh", "--remedy", "auto",
                    "--optimizer", opt, "--max-steps", "2", "--threads", "1", "--out", run.toString());
            assertThat(r.exitCode()).as(r.err()).isZero();
            JsonNode config = ConfigFile.YAML.readTree(run.resolve("config.yaml").toFile());
            assertThat(config.at("/optimizer/lr").asDouble()).as(opt).isEqualTo(1.0);
            assertThat(config.at("/derived/remedy_lr_rule").asText()).contains("sets its own step");
            assertThat(r.err()).contains("--lr 1.0: ").contains("sets its own step").doesNotContain("without --lr");
        }
        Path sf = tmp.resolve("schedulefree");
        Cli r = Cli.run("train", "--data", DATA, "--depth", "20", "--width", "8", "--activation", "tanh", "--remedy", "auto",
                "--optimizer", "schedulefree", "--max-steps", "2", "--threads", "1", "--out", sf.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode config = ConfigFile.YAML.readTree(sf.resolve("config.yaml").toFile());
        assertThat(config.at("/optimizer/lr").asDouble()).isEqualTo(2.5e-3 * Math.pow(10, -0.9), org.assertj.core.api.Assertions.within(1e-12));
        assertThat(config.at("/optimizer/warmup").asLong()).isZero();
        assertThat(config.at("/optimizer/rule").asText()).contains("Schedule-Free");
    }

    /**
     * Schedule-Free's weights between steps are its average x: the run's final evaluation and
     * {@code saturn eval} of its last checkpoint read the same weights, to the bit.
     */
    @Test
    void scheduleFreeEvaluatesAndSavesItsAverage() throws IOException {
        Path run = tmp.resolve("sf");
        Cli r = Cli.run(train(run, "--optimizer", "schedulefree", "--lr", "0.02", "--max-steps", "30", "--eval-every", "30"));
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> lines = Files.readAllLines(run.resolve("metrics.jsonl"));
        JsonNode last = Json.MAPPER.readTree(lines.getLast());
        Cli e = Cli.run("eval", "--run", run.toString(), "--json");
        assertThat(e.exitCode()).as(e.err()).isZero();
        JsonNode eval = Json.MAPPER.readTree(e.out());
        assertThat(eval.get("test_loss").asDouble()).isEqualTo(last.get("test_loss").asDouble());
        assertThat(eval.get("test_accuracy").asDouble()).isEqualTo(last.get("test_accuracy").asDouble());
        // and that point is not the gradient point y kept in the state
        var state = saturn.engine.checkpoint.SafeTensors.read(run.resolve("checkpoints/step-30.state.safetensors"));
        var weights = saturn.engine.checkpoint.SafeTensors.read(run.resolve("checkpoints/step-30.safetensors"));
        assertThat(state.get("optimizer.0.y.0").data()).isNotEqualTo(weights.get("layers.0.weight").data());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dadapt", "prodigy", "schedulefree", "vsgd"})
    void benchReportsTheirShareOfTheStep(String optimizer) throws IOException {
        Cli r = Cli.run("bench", "--depth", "2", "--width", "16", "--batch", "8", "--steps", "2", "--json", "--optimizer", optimizer);
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode o = Json.MAPPER.readTree(r.out());
        assertThat(o.get("optimizer").asText()).isEqualTo(optimizer);
        assertThat(o.at("/in_step_ms/optimizer").asDouble()).isPositive();
    }

    @Test
    void badValuesExitWithCode2AndOneLine() {
        Path out = tmp.resolve("never");
        assertBad(train(out, "--optimizer", "vsgd", "--clip", "norm"), "--optimizer vsgd reads its curvature from two gradients");
        assertBad(train(out, "--optimizer", "vsgd", "--norm", "batch"), "BatchNorm's running statistics");
        assertBad(train(out, "--optimizer", "vsgd:c=0.5"), "--optimizer vsgd needs c >= 1");
        assertBad(train(out, "--optimizer", "dadapt:d0=0"), "--optimizer dadapt needs d0 > 0");
        assertBad(train(out, "--optimizer", "prodigy:d_coef=0"), "--optimizer prodigy needs d_coef > 0");
        assertBad(train(out, "--optimizer", "schedulefree:warmup=2.5"), "warmup is a number of steps");
        assertBad(train(out, "--optimizer", "prodigy:b3=0.9"), "unknown parameter 'b3' for --optimizer prodigy");
        assertThat(out).doesNotExist();
    }

    private static void assertBad(String[] args, String message) {
        Cli r = Cli.run(args);
        assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r.err()).isEqualTo(2);
        assertThat(r.err()).contains(message);
        assertThat(r.err().strip()).doesNotContain("\n");
    }
}
