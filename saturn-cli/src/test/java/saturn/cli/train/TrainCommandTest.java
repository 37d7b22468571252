package saturn.cli.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import saturn.cli.Cli;
import saturn.cli.options.OptionText;
import saturn.cli.options.TrainOptions;
import saturn.cli.run.ConfigFile;
import saturn.cli.run.Json;
import saturn.engine.init.InitScheme;
import saturn.engine.remedy.Inits;
import saturn.engine.remedy.WeightInit;

class TrainCommandTest {

    private static final String DATA = "synthetic:spirals?n=256&test=64";

    @TempDir
    Path tmp;

    private String[] train(Path out, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("train", "--data", DATA, "--depth", "3", "--width", "8",
                "--activation", "tanh", "--batch", "32", "--threads", "1", "--out", out.toString()));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    @Test
    void trainWritesEveryFileOfTheRunDirectoryAndEvalReadsIt() throws IOException {
        Path run = tmp.resolve("run");
        Cli r = Cli.run(train(run, "--max-steps", "20", "--eval-every", "8", "--diag-every", "5", "--checkpoint-every", "8"));
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains("data: synthetic 2-arm spirals");
        assertThat(r.out()).contains("step 20: test accuracy");

        JsonNode config = ConfigFile.YAML.readTree(run.resolve("config.yaml").toFile());
        JsonNode options = config.get("options");
        for (String key : TrainOptions.KEYS) assertThat(options.has(key)).as(key).isTrue();
        assertThat(options.get("init").asText()).isEqualTo("xavier");
        assertThat(options.get("optimizer").asText()).isEqualTo("adam");
        assertThat(options.get("lr").asDouble()).isEqualTo(1e-3);
        assertThat(options.get("seed").asLong()).isEqualTo(1);
        assertThat(options.get("max-steps").asLong()).isEqualTo(20);
        JsonNode derived = config.get("derived");
        for (String key : List.of("sigma_w2", "sigma_b2", "data_source", "preprocessing", "backends", "total_steps")) {
            assertThat(derived.has(key)).as(key).isTrue();
        }
        assertThat(derived.get("total_steps").asLong()).isEqualTo(20);

        List<String> metrics = Files.readAllLines(run.resolve("metrics.jsonl"));
        assertThat(metrics).hasSize(20 + 3);   // evaluations at 8, 16 and the end (20)
        JsonNode first = Json.MAPPER.readTree(metrics.getFirst());
        assertThat(first.fieldNames()).toIterable().containsExactly("step", "kind", "epoch", "loss", "accuracy", "lr",
                "wall_seconds");
        assertThat(first.get("kind").asText()).isEqualTo("train");
        JsonNode eval = Json.MAPPER.readTree(metrics.getLast());
        assertThat(eval.fieldNames()).toIterable().containsExactly("step", "kind", "test_loss", "test_accuracy");
        assertThat(eval.get("kind").asText()).isEqualTo("eval");
        for (String line : metrics) {
            JsonNode m = Json.MAPPER.readTree(line);
            assertThat(m.get("kind").asText()).as(line).isEqualTo(m.has("test_loss") ? "eval" : "train");
        }
        assertThat(eval.get("step").asLong()).isEqualTo(20);

        List<String> diagnostics = Files.readAllLines(run.resolve("diagnostics.jsonl"));
        assertThat(diagnostics).hasSize(5);   // steps 1, 5, 10, 15, 20
        JsonNode d = Json.MAPPER.readTree(diagnostics.getLast());
        assertThat(d.get("step").asLong()).isEqualTo(20);
        assertThat(d.get("vanishing_factor").isNumber()).isTrue();
        assertThat(d.get("layers")).hasSize(3);
        assertThat(d.get("layers").get(0).fieldNames()).toIterable().contains("pre_mean", "pre_std", "post_mean",
                "post_std", "saturation", "delta_rms", "grad_norm", "update_ratio", "chi_emp");

        assertThat(files(run.resolve("checkpoints"))).containsExactlyInAnyOrder(
                "step-0.safetensors", "step-0.state.safetensors", "step-8.safetensors", "step-8.state.safetensors",
                "step-16.safetensors", "step-16.state.safetensors", "step-20.safetensors", "step-20.state.safetensors");

        JsonNode summary = Json.MAPPER.readTree(run.resolve("summary.json").toFile());
        for (String key : List.of("test_accuracy", "best_test_accuracy", "test_loss", "steps", "wall_seconds",
                "vanishing_factor", "data_source", "backends")) {
            assertThat(summary.has(key)).as(key).isTrue();
        }
        assertThat(summary.get("steps").asLong()).isEqualTo(20);
        assertThat(summary.get("test_accuracy").asDouble()).isEqualTo(eval.get("test_accuracy").asDouble());
        assertThat(summary.get("vanishing_factor").asDouble()).isEqualTo(d.get("vanishing_factor").asDouble());
        assertThat(summary.get("best_test_accuracy").asDouble()).isGreaterThanOrEqualTo(summary.get("test_accuracy").asDouble());

        Cli e = Cli.run("eval", "--run", run.toString(), "--json");
        assertThat(e.exitCode()).as(e.err()).isZero();
        JsonNode ev = Json.MAPPER.readTree(e.out());
        assertThat(ev.get("step").asLong()).isEqualTo(20);
        assertThat(ev.get("test_accuracy").asDouble()).isEqualTo(eval.get("test_accuracy").asDouble());
        assertThat(ev.get("test_loss").asDouble()).isCloseTo(eval.get("test_loss").asDouble(), org.assertj.core.api.Assertions.within(1e-9));

        Cli initial = Cli.run("eval", "--run", run.toString(), "--checkpoint", run.resolve("checkpoints/step-0.safetensors").toString());
        assertThat(initial.exitCode()).isZero();
        assertThat(initial.out()).contains("(step 0): test loss");
    }

    @Test
    void layerRatesAreRecordedAndDrawnAndResumeToTheSameBits() throws IOException {
        Path whole = tmp.resolve("rates-whole");
        Path part = tmp.resolve("rates-part");
        String[] rates = {"--optimizer", "sgd", "--lr", "0.05", "--lr-layers", "list:2,1,0.5", "--eval-every", "10"};
        Cli r = Cli.run(train(whole, Stream.concat(Stream.of("--max-steps", "20"), Stream.of(rates)).toArray(String[]::new)));
        assertThat(r.exitCode()).as(r.err()).isZero();
        String config = Files.readString(whole.resolve(ConfigFile.RUN_CONFIG));
        assertThat(config).contains("lr-layers: \"list:2.0,1.0,0.5\"").contains("lr_layer_factors:");
        assertThat(Files.readString(whole.resolve("report.html"))).contains("Learning-rate factor per hidden layer");
        assertThat(Cli.run(train(part, Stream.concat(Stream.of("--max-steps", "10"), Stream.of(rates)).toArray(String[]::new)))
                .exitCode()).isZero();
        Cli resumed = Cli.run("train", "--resume", "--out", part.toString(), "--max-steps", "20");
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(Files.readAllBytes(part.resolve("checkpoints").resolve("step-20.safetensors")))
                .isEqualTo(Files.readAllBytes(whole.resolve("checkpoints").resolve("step-20.safetensors")));
    }

    @Test
    void resumeExtendsAFinishedRunToTheSameMetricsAsOneLongRun() throws IOException {
        Path whole = tmp.resolve("whole");
        assertThat(Cli.run(train(whole, "--max-steps", "24", "--eval-every", "10")).exitCode()).isZero();

        Path part = tmp.resolve("part");
        assertThat(Cli.run(train(part, "--max-steps", "13", "--eval-every", "10")).exitCode()).isZero();
        Cli same = Cli.run("train", "--out", part.toString(), "--resume");
        assertThat(same.exitCode()).isEqualTo(2);
        assertThat(same.err()).contains("already finished").contains("--max-steps");

        Cli more = Cli.run("train", "--out", part.toString(), "--resume", "--max-steps", "24");
        assertThat(more.exitCode()).as(more.err()).isZero();
        assertThat(more.err()).contains("resuming").contains("at step 13");
        assertThat(withoutWall(part)).isEqualTo(withoutWall(whole));
        assertThat(Files.readAllLines(part.resolve("diagnostics.jsonl")))
                .isEqualTo(Files.readAllLines(whole.resolve("diagnostics.jsonl")));
        assertThat(ConfigFile.readRunOptions(part)).containsEntry("max-steps", "24");
    }

    @Test
    void resumeRefusesAFlagThatConflictsWithTheStoredConfiguration() throws IOException {
        Path run = tmp.resolve("run");
        assertThat(Cli.run(train(run, "--max-steps", "4")).exitCode()).isZero();
        byte[] metrics = Files.readAllBytes(run.resolve("metrics.jsonl"));
        Cli r = Cli.run("train", "--out", run.toString(), "--resume", "--max-steps", "8", "--lr", "0.5");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip()).startsWith("saturn: --resume: --lr 0.5 conflicts with the run's lr 0.001").doesNotContain("\n");
        assertThat(Files.readAllBytes(run.resolve("metrics.jsonl"))).isEqualTo(metrics);
        // the same value spelled differently is no conflict
        assertThat(Cli.run("train", "--out", run.toString(), "--resume", "--max-steps", "8", "--lr", "1e-3",
                "--activation", "tanh").exitCode()).isZero();
    }

    @Test
    void hugeLearningRateDivergesWithExitCode3AndKeepsTheLastGoodCheckpoint() throws IOException {
        Path run = tmp.resolve("run");
        Cli r = Cli.run("train", "--data", DATA, "--depth", "3", "--width", "8", "--activation", "x", "--optimizer", "sgd",
                "--lr", "1e8", "--max-steps", "50", "--batch", "32", "--out", run.toString());
        assertThat(r.exitCode()).as(r.err()).isEqualTo(3);
        assertThat(r.err()).containsPattern("training diverged at step \\d+: loss .*first non-finite values in layers\\.\\d+");
        JsonNode summary = Json.MAPPER.readTree(run.resolve("summary.json").toFile());
        assertThat(summary.get("status").asText()).isEqualTo("diverged");
        assertThat(files(run.resolve("checkpoints"))).containsExactlyInAnyOrder("step-0.safetensors", "step-0.state.safetensors");
        Cli e = Cli.run("eval", "--run", run.toString());
        assertThat(e.exitCode()).isZero();
        assertThat(e.out()).contains("(step 0)").doesNotContain("NaN");
    }

    @Test
    void criticalInitRecordsAnEdgeOfChaosPointInTheConfig() throws IOException {
        Path run = tmp.resolve("critical");
        Cli r = Cli.run(train(run, "--max-steps", "2", "--init", "critical"));
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode derived = ConfigFile.YAML.readTree(run.resolve("config.yaml").toFile()).get("derived");
        assertThat(derived.get("init_engine").asText()).isEqualTo("orthogonal");
        double sw2 = derived.get("sigma_w2").asDouble();
        double sb2 = derived.get("sigma_b2").asDouble();
        double q = derived.get("q_star").asDouble();
        assertThat(q).isCloseTo(1.0 / 3, org.assertj.core.data.Offset.offset(1e-12));   // 1/depth
        saturn.theory.meanfield.MeanField mf = saturn.theory.meanfield.MeanField.of(saturn.theory.Activation.parse("tanh"), sw2, sb2);
        assertThat(mf.chi1(q)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(mf.qMap(q)).isCloseTo(q, org.assertj.core.data.Offset.offset(1e-6));
    }

    @Test
    void lsuvReportsItsRescalingsPerLayerInTheConfig() throws IOException {
        Path run = tmp.resolve("lsuv");
        Cli r = Cli.run(train(run, "--max-steps", "2", "--init", "lsuv"));
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode derived = ConfigFile.YAML.readTree(run.resolve("config.yaml").toFile()).get("derived");
        assertThat(derived.get("lsuv_iterations")).hasSize(3);
        for (JsonNode k : derived.get("lsuv_iterations")) assertThat(k.asInt()).isBetween(0, 10);
        for (JsonNode v : derived.get("lsuv_variances")) assertThat(v.asDouble()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.1));
        assertBad(train(tmp.resolve("never"), "--init", "lsuv", "--norm", "layer"), "--init lsuv calibrates plain dense chains only");
        assertThat(tmp.resolve("never")).doesNotExist();
    }

    private static WeightInit init(String text, String activation, int depth) {
        return Inits.resolve(OptionText.init(text), OptionText.activation(activation), depth);
    }

    @Test
    void gainAndOrthogonalResolveToTheirMeanFieldConstants() {
        WeightInit gain = init("gain", "tanh", 5);
        assertThat(gain.scheme()).isEqualTo(InitScheme.GAUSSIAN);
        assertThat(Math.sqrt(gain.sigmaW2())).isCloseTo(1.592537, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(gain.qStar()).isEqualTo(1.0);
        WeightInit orth = init("orthogonal:1.5", "tanh", 5);
        assertThat(orth.scheme()).isEqualTo(InitScheme.ORTHOGONAL);
        assertThat(orth.sigmaW2()).isEqualTo(2.25);
        WeightInit q = init("critical-q:0.2", "tanh", 5);
        assertThat(q.qStar()).isEqualTo(0.2);
        assertThat(init("critical-gaussian:0.05", "tanh", 5).scheme()).isEqualTo(InitScheme.GAUSSIAN);
    }

    @Test
    void criticalFallsBackToZeroBiasWhenSmallQStarHasNoCriticalPoint() {
        // sigmoid's mean of 1/2 makes q* = 1/depth need sigma_b2 < 0; sigma_b2 = 0 has a critical point
        WeightInit sigmoid = init("critical", "sigmoid", 20);
        assertThat(sigmoid.sigmaB2()).isZero();
        assertThat(sigmoid.sigmaW2()).isCloseTo(103.008, org.assertj.core.data.Offset.offset(0.01));
        assertThat(sigmoid.note()).contains("sigma_b2 = 0").contains("1/depth");
        WeightInit tanh = init("critical", "tanh", 20);
        assertThat(tanh.qStar()).isEqualTo(0.05);
        assertThat(tanh.sigmaB2()).isPositive();
    }

    @Test
    void badInputExitsWithCode2AndOneLineAndWritesNothing() throws IOException {
        Path out = tmp.resolve("never");
        assertBad(train(out, "--init", "rbf-data"), "--init rbf-data initializes RBF layers: use it with --layer rbf");
        assertBad(train(out, "--init", "critical-q"), "unknown value 'critical-q' for --init; choose one of");
        assertBad(new String[] {"train", "--data", DATA, "--depth", "3", "--width", "8", "--activation", "relu",
                "--init", "critical:0.1", "--out", out.toString()}, "--init critical:0.1: no sigma_w2 puts max(x, 0) at the edge of chaos");
        assertBad(train(out, "--optimizer", "adamax"), "unknown value 'adamax' for --optimizer; choose one of sgd, momentum");
        assertBad(train(out, "--transform", "dks:x"), "--transform dks ζ: 'x' is not a number");
        assertBad(train(out, "--norm", "group"), "unknown value 'group' for --norm");
        assertBad(train(out, "--residual", "normalized:2"), "--residual normalized:W needs 0 < W < 1");
        assertThat(OptionText.residual("normalized")).isEqualTo(saturn.engine.remedy.Residual.NORMALIZED_FOR_DEPTH);
        assertBad(train(out, "--lr-layers", "list:1,x"), "--lr-layers list factor");
        assertBad(train(out, "--lr-layers", "fast"), "unknown value 'fast' for --lr-layers");
        assertBad(train(out, "--lr-layers", "list:1,1,1,1,1"), "--lr-layers list:1.0,1.0,1.0,1.0,1.0 has 5 factors for");
        assertBad(new String[] {"train", "--data", DATA, "--depth", "2", "--width", "8", "--layer", "rbf", "--lr-layers", "theory",
                "--out", out.toString()}, "--lr-layers theory reads the mean field of dense layers");
        assertThat(OptionText.residual("normalized").resolve(11).skipWeight()).isEqualTo(Math.exp(-0.1));
        assertBad(new String[] {"train", "--data", DATA, "--width", "8", "--activation", "tanh", "--out", out.toString()},
                "missing --depth");
        assertBad(new String[] {"train", "--data", DATA, "--depth", "2", "--width", "8", "--activation", "tanh(x",
                "--out", out.toString()}, "bad --activation 'tanh(x'");
        assertBad(train(out, "--max-steps", "-4"), "--max-steps must be >= 1, got -4");
        assertBad(train(out, "--epochs", "2", "--max-steps", "3"), "give --epochs or --max-steps, not both");
        assertBad(new String[] {"train", "--data", "fashion-mnist", "--data-dir", tmp.resolve("nothing").toString(),
                "--depth", "1", "--width", "4", "--activation", "tanh", "--out", out.toString()}, "no such folder");
        assertThat(out).doesNotExist();

        Path yaml = tmp.resolve("bad.yaml");
        Files.writeString(yaml, "depth: [1, 2\nwidth: 3\n");
        assertBad(train(out, "--config", yaml.toString()), "bad YAML in " + yaml);
        Files.writeString(yaml, "depht: 3\n");
        assertBad(train(out, "--config", yaml.toString()), "unknown option 'depht'");
        assertThat(out).doesNotExist();

        Path full = tmp.resolve("full");
        Files.createDirectories(full);
        Files.writeString(full.resolve("notes.txt"), "mine");
        assertBad(train(full, "--max-steps", "2"), "is not empty; pass --resume");
        assertThat(files(full)).containsExactly("notes.txt");
    }

    private static void assertBad(String[] args, String message) {
        Cli r = Cli.run(args);
        assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r.err()).isEqualTo(2);
        assertThat(r.err()).contains(message);
        assertThat(r.err().strip().lines()).hasSize(1);
    }

    @Test
    void optionsComeFromTheYamlConfigAndFlagsOverrideThem() throws IOException {
        Path yaml = tmp.resolve("run.yaml");
        Path run = tmp.resolve("run");
        Files.writeString(yaml, "data: " + DATA + "\ndepth: 2\nwidth: 6\nactivation: exp(-x^2/2)\n"
                + "init: gaussian:1.5,0.1\noptimizer: momentum\nmax-steps: 6\nbatch: 32\nlr: 0.05\nout: " + run + "\n");
        Cli r = Cli.run("train", "--config", yaml.toString(), "--lr", "0.02", "--norm", "layer");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode config = ConfigFile.YAML.readTree(run.resolve("config.yaml").toFile());
        assertThat(config.at("/options/activation").asText()).isEqualTo("exp(-x^2/2)");
        assertThat(config.at("/options/lr").asDouble()).isEqualTo(0.02);
        assertThat(config.at("/options/norm").asText()).isEqualTo("layer");
        assertThat(config.at("/options/width").asInt()).isEqualTo(6);
        assertThat(config.at("/derived/sigma_w2").asDouble()).isEqualTo(1.5);
        assertThat(config.at("/derived/sigma_b2").asDouble()).isEqualTo(0.1);
        assertThat(Files.readAllLines(run.resolve("metrics.jsonl")).getFirst()).contains("\"lr\":0.02");
    }

    private static List<String> withoutWall(Path run) throws IOException {
        return Files.readAllLines(run.resolve("metrics.jsonl")).stream()
                .map(l -> l.replaceAll(",\"wall_seconds\":[^,}]*", "")).toList();
    }

    private static List<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }
}
