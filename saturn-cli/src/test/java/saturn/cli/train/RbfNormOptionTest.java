package saturn.cli.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import saturn.cli.Cli;
import saturn.cli.run.ConfigFile;
import saturn.cli.run.Json;
import saturn.engine.checkpoint.SafeTensors;
import saturn.engine.checkpoint.StoredTensor;

/** {@code --rbf-norm}, {@code --transform scale} on RBF layers, their diagnostics, and what RBF layers refuse. */
class RbfNormOptionTest {

    private static final String DATA = "synthetic:spirals?n=256&test=64";

    @TempDir
    Path tmp;

    private static String[] train(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--data", DATA, "--depth", "3", "--width", "16",
                "--layer", "rbf", "--batch", "32", "--threads", "1", "--max-steps", "6", "--diag-every", "3",
                "--out", out.toString()));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    private static List<JsonNode> diagnostics(Path run) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String l : Files.readAllLines(run.resolve("diagnostics.jsonl"))) lines.add(Json.MAPPER.readTree(l));
        return lines;
    }

    @Test
    void exampleNormPutsEveryUnitsArgumentAtOneOnAverageAtTheStart() throws IOException {
        Path run = tmp.resolve("example");
        Cli r = Cli.run(train(run, "--rbf-norm", "example"));
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode config = ConfigFile.YAML.readTree(run.resolve("config.yaml").toFile());
        assertThat(config.get("options").get("rbf-norm").asText()).isEqualTo("example");
        assertThat(config.get("derived").get("rbf_norm_rule").asText()).contains("m = mean_k d_k + 1e-8 of the same example");
        // rbf-random with a normalization: every s² = 1/2 and mean_j d_bj / m_b = 1, so the mean argument is 1
        JsonNode first = diagnostics(run).getFirst();
        assertThat(first.get("step").asInt()).isEqualTo(1);
        for (JsonNode layer : first.get("layers")) {
            assertThat(layer.get("rbf_arg_mean").asDouble()).isCloseTo(1.0, within(1e-5));
            assertThat(layer.get("rbf_arg_std").asDouble()).isPositive();
            assertThat(layer.get("rbf_near_zero").asDouble()).isBetween(0.0, 1.0);
            assertThat(layer.get("rbf_near_one").asDouble()).isBetween(0.0, 1.0);
        }
    }

    @Test
    void withoutNormalizationTheArgumentIsTheScaledDistance() throws IOException {
        Path run = tmp.resolve("none");
        Cli r = Cli.run(train(run));
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(ConfigFile.YAML.readTree(run.resolve("config.yaml").toFile()).get("options").get("rbf-norm").asText())
                .isEqualTo("none");
        for (JsonNode layer : diagnostics(run).getFirst().get("layers")) {
            // the argument is d/(2s²) = pre²/2, so its mean is (pre_mean² + pre_std²)/2
            double pre = layer.get("pre_mean").asDouble();
            double sd = layer.get("pre_std").asDouble();
            assertThat(layer.get("rbf_arg_mean").asDouble()).isCloseTo((pre * pre + sd * sd) / 2, within(1e-6));
        }
        String report = Files.readString(run.resolve("report.html"));
        assertThat(report).contains("id=\"rbf-units\"");
    }

    @Test
    void runningNormSavesItsStatisticsAndEvaluationReadsThemBack() throws IOException {
        Path run = tmp.resolve("running");
        Cli r = Cli.run(train(run, "--rbf-norm", "running", "--init", "rbf-data"));
        assertThat(r.exitCode()).as(r.err()).isZero();
        var file = SafeTensors.read(run.resolve("checkpoints/step-6.safetensors"));
        List<String> names = file.tensors().stream().map(StoredTensor::name).toList();
        assertThat(names).contains("layers.0.input_mean", "layers.0.input_var", "layers.0.tracked", "layers.2.input_var");
        // the first layer sees the standardized spirals: mean ≈ 0 and variance ≈ 1 per coordinate
        for (float v : file.get("layers.0.input_var").data()) assertThat(v).isBetween(0.5f, 1.5f);
        assertThat(file.get("layers.0.tracked").data()[0]).isGreaterThan(6f);
        JsonNode summary = Json.MAPPER.readTree(run.resolve("summary.json").toFile());
        Cli eval = Cli.run("eval", "--run", run.toString());
        assertThat(eval.exitCode()).as(eval.err()).isZero();
        assertThat(eval.out()).contains(String.format(Locale.ROOT, "test loss %.4f", summary.get("test_loss").asDouble()));
    }

    @Test
    void scaleGivesEachRbfLayerALearnableGainWithItsRegularizer() throws IOException {
        Path run = tmp.resolve("scale");
        Cli r = Cli.run(train(run, "--transform", "scale:0.5,reg=0.1", "--rbf-norm", "example"));
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode derived = ConfigFile.YAML.readTree(run.resolve("config.yaml").toFile()).get("derived");
        assertThat(derived.get("scale_initial").asDouble()).isEqualTo(0.5);
        assertThat(derived.get("scale_regularization").asDouble()).isEqualTo(0.1);
        assertThat(derived.get("scale_rule").asText()).contains("a*RBF");
        var start = SafeTensors.read(run.resolve("checkpoints/step-0.safetensors"));
        var end = SafeTensors.read(run.resolve("checkpoints/step-6.safetensors"));
        for (String name : List.of("layers.1.scale", "layers.3.scale", "layers.5.scale")) {
            assertThat(start.get(name).data()[0]).isEqualTo(0.5f);
            assertThat(end.get(name).data()[0]).as(name).isNotEqualTo(0.5f);
        }
        // a·RBF keeps one diagnosed hidden layer per RBF layer
        assertThat(diagnostics(run).getFirst().get("layers")).hasSize(3);

        Path plain = tmp.resolve("scale-default");
        assertThat(Cli.run(train(plain, "--transform", "scale")).exitCode()).isZero();
        assertThat(ConfigFile.YAML.readTree(plain.resolve("config.yaml").toFile()).get("derived").get("scale_initial")
                .asDouble()).isEqualTo(1.0);
    }

    @Test
    void whatRbfLayersCannotTakeIsOneLineWithItsReason() {
        Path out = tmp.resolve("never");
        assertBad(train(out, "--rbf-norm", "batch"), "unknown value 'batch' for --rbf-norm; choose one of none, example, running");
        assertBad(train(out, "--transform", "tat"), "--transform tat:0.3 reshapes phi for Gaussian pre-activations; RBF units see "
                + "squared distances, so --layer rbf takes --transform none or scale");
        assertBad(train(out, "--transform", "normalize"), "--layer rbf takes --transform none or scale");
        assertBad(train(out, "--norm", "weight"), "--norm weight re-parametrizes dense weights; RBF layers have centres");
        assertBad(train(out, "--norm", "ws"), "--norm ws re-parametrizes dense weights");
        assertBad(train(out, "--rbf-norm", "running", "--optimizer", "vsgd"), "would update --rbf-norm running's input statistics");
        assertBad(new String[] {"train", "--data", DATA, "--depth", "2", "--width", "8", "--activation", "tanh",
                "--rbf-norm", "example", "--out", out.toString()}, "--rbf-norm normalizes the distances of RBF layers: use it with --layer rbf");
        assertBad(new String[] {"train", "--data", DATA, "--depth", "2", "--width", "8", "--activation", "tanh",
                "--layer", "gru", "--transform", "scale", "--out", out.toString()}, "--transform scale");
        assertThat(out).doesNotExist();
    }

    private static void assertBad(String[] args, String message) {
        Cli r = Cli.run(args);
        assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r.err()).isEqualTo(2);
        assertThat(r.err()).contains(message);
        assertThat(r.err().strip().lines()).hasSize(1);
    }
}
