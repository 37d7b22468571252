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
import saturn.cli.Cli;
import saturn.cli.run.ConfigFile;
import saturn.cli.run.Json;

/** {@code saturn train --control}: recorded, logged with its reasons, drawn, and the same bits on any cores and across a resume. */
class ControlOptionTest {

    private static final String DATA = "synthetic:spirals?n=256&test=64";

    @TempDir
    Path tmp;

    private String[] train(Path out, String threads, String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--data", DATA, "--depth", "6", "--width", "16",
                "--activation", "sigmoid", "--batch", "32", "--threads", threads, "--diag-every", "2", "--out", out.toString()));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    private static List<JsonNode> diagnostics(Path run) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(run.resolve("diagnostics.jsonl"))) out.add(Json.MAPPER.readTree(line));
        return out;
    }

    @Test
    void everyActionIsLoggedWithItsReasonRecordedAndDrawn() throws IOException {
        Path run = tmp.resolve("run");
        Cli r = Cli.run(train(run, "1", "--max-steps", "30", "--control", "gain,lr=5,iso=1e-3"));
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode config = ConfigFile.YAML.readTree(run.resolve(ConfigFile.RUN_CONFIG).toFile());
        assertThat(config.path("options").path("control").asText()).isEqualTo("gain=0.5,lr=5,iso=0.001");
        assertThat(config.path("derived").path("control_rule").asText()).contains("a_l of a*phi (a0 1)").contains("lr factor")
                .contains("(G - cI)W");
        List<JsonNode> diag = diagnostics(run);
        assertThat(diag).hasSize(16);   // step 1, then every second step
        for (JsonNode d : diag) {
            JsonNode c = d.path("control");
            assertThat(c.path("gain")).hasSize(6);
            assertThat(c.path("lr")).hasSize(6);
            assertThat(c.path("iso").path("matrices")).hasSize(6);
            for (JsonNode e : c.path("gain")) assertThat(e.path("why").asText()).isNotEmpty();
        }
        // naive sigmoid: the first layers pass back a fraction of the gradient, so their a grows
        assertThat(diag.getFirst().path("control").path("gain").path(0).path("why").asText()).contains("< 1: a x");
        assertThat(diag.getLast().path("control").path("gain").path(0).path("a").asDouble()).isGreaterThan(1.5);
        assertThat(Files.readString(run.resolve("report.html"))).contains("Gain controller").contains("Output gain a per layer")
                .contains("Learning-rate factor per layer").contains("Mean distance from isometry");
        Cli eval = Cli.run("eval", "--run", run.toString());
        assertThat(eval.exitCode()).as(eval.err()).isZero();
    }

    @Test
    void aControlledRunHasTheSameBitsOnOneAndThreeCoresAndAcrossAResume() throws IOException {
        String[] control = {"--control", "gain,lr,iso", "--checkpoint-every", "7"};
        Path one = tmp.resolve("one");
        Path three = tmp.resolve("three");
        Path part = tmp.resolve("part");
        assertThat(Cli.run(train(one, "1", concat("--max-steps", "20", control))).exitCode()).isZero();
        assertThat(Cli.run(train(three, "3", concat("--max-steps", "20", control))).exitCode()).isZero();
        assertThat(Cli.run(train(part, "1", concat("--max-steps", "9", control))).exitCode()).isZero();
        Cli resumed = Cli.run("train", "--resume", "--out", part.toString(), "--max-steps", "20");
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        byte[] weights = Files.readAllBytes(one.resolve("checkpoints").resolve("step-20.safetensors"));
        for (Path other : List.of(three, part)) {
            assertThat(Files.readAllBytes(other.resolve("checkpoints").resolve("step-20.safetensors"))).as(other.toString())
                    .isEqualTo(weights);
            assertThat(Files.readAllLines(other.resolve("diagnostics.jsonl"))).as(other.toString())
                    .isEqualTo(Files.readAllLines(one.resolve("diagnostics.jsonl")));
        }
    }

    @Test
    void recurrentLayersTakeLearningRatesAndTheIsometryOfTheirRecurrentMatricesAndRbfLayersTheirGain() throws IOException {
        Path rnn = tmp.resolve("rnn");
        Cli r = Cli.run("train", "--data", "synthetic:adding?T=12&n=128&test=32", "--layer", "lstm", "--depth", "2", "--width", "8",
                "--activation", "tanh", "--batch", "32", "--threads", "1", "--max-steps", "6", "--diag-every", "3",
                "--control", "lr,iso", "--out", rnn.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode last = diagnostics(rnn).getLast().path("control");
        assertThat(last.path("lr")).hasSize(2);
        // one weight_hh matrix per LSTM layer, [4H, H] = [32, 8], its columns orthonormal times sqrt(c)
        assertThat(last.path("iso").path("matrices")).hasSize(2);
        for (JsonNode m : last.path("iso").path("matrices")) assertThat(m.path("deviation").asDouble()).isBetween(0.0, 2.0);

        Path rbf = tmp.resolve("rbf");
        Cli b = Cli.run("train", "--data", DATA, "--layer", "rbf", "--init", "rbf-data", "--depth", "3", "--width", "12", "--batch", "32",
                "--threads", "1", "--max-steps", "6", "--diag-every", "3", "--control", "gain", "--out", rbf.toString());
        assertThat(b.exitCode()).as(b.err()).isZero();
        JsonNode gain = diagnostics(rbf).getLast().path("control").path("gain");
        assertThat(gain).hasSize(3);
        assertThat(gain.path(0).path("why").asText()).matches("gain .*|.*within.*|no backward gain.*");
    }

    private static String[] concat(String a, String b, String[] rest) {
        List<String> out = new ArrayList<>(List.of(a, b));
        out.addAll(List.of(rest));
        return out.toArray(String[]::new);
    }

    @Test
    void whatTheControllerCannotSteerIsOneLineAndNothingWritten() {
        Path out = tmp.resolve("refused");
        assertBad(train(out, "1", "--control", "fast"), "--control: unknown action 'fast'");
        assertBad(train(out, "1", "--control", "gain=3"), "--control gain rate must be in (0, 1]");
        assertBad(train(out, "1", "--control", "gain", "--residual", "rezero"), "with --residual the backward gain is carried");
        assertBad(train(out, "1", "--control", "gain", "--norm", "batch"), "--control gain and --norm batch");
        assertBad(train(out, "1", "--control", "lr", "--optimizer", "vsgd"), "vSGD sets a step for every parameter");
        assertBad(train(out, "1", "--control", "gain", "--optimizer", "schedulefree"), "Schedule-Free keeps its own copies");
        assertBad(new String[] {"train", "--data", "synthetic:adding?T=20&n=64&test=16", "--layer", "rnn", "--depth", "1",
                "--width", "8", "--activation", "tanh", "--control", "gain", "--out", out.toString()}, "recurrent cells do not have");
        assertThat(out).doesNotExist();
    }

    private static void assertBad(String[] args, String message) {
        Cli r = Cli.run(args);
        assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r.err()).isEqualTo(2);
        assertThat(r.err()).contains(message);
        assertThat(r.err().strip().lines()).hasSize(1);
    }
}
