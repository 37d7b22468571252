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
import saturn.engine.checkpoint.SafeTensors;

/** {@code saturn train --layer rnn|gru|lstm} end to end: files, names, resume, threads, refusals. */
class RecurrentTrainTest {

    /** 16 features: 4 rows of 4 with {@code --sequence rows}. */
    private static final String DATA = "synthetic:teacher?n=256&test=64&d=16&classes=3";

    @TempDir
    Path tmp;

    private static String[] train(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--data", DATA, "--depth", "2", "--width", "8",
                "--activation", "tanh", "--batch", "32", "--threads", "1", "--out", out.toString()));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    private static List<String> metricsWithoutTimes(Path run) throws IOException {
        return Files.readAllLines(run.resolve("metrics.jsonl")).stream()
                .map(l -> l.replaceAll(",\"wall_seconds\":[^,}]+", "")).toList();
    }

    @Test
    void anLstmRunRecordsItsSequenceTimeDiagnosticsAndPyTorchNames() throws IOException {
        Path run = tmp.resolve("lstm");
        Cli r = Cli.run(train(run, "--layer", "lstm", "--sequence", "rows", "--gate-bias", "1", "--max-steps", "12",
                "--diag-every", "4"));
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode config = ConfigFile.YAML.readTree(run.resolve("config.yaml").toFile());
        assertThat(config.get("options").get("layer").asText()).isEqualTo("lstm");
        assertThat(config.get("options").get("sequence").asText()).isEqualTo("rows");
        assertThat(config.get("options").get("init").asText()).isEqualTo("torch");
        assertThat(config.get("derived").get("cell").asText()).isEqualTo("LSTM");

        JsonNode d = Json.MAPPER.readTree(Files.readAllLines(run.resolve("diagnostics.jsonl")).getLast());
        assertThat(d.get("layers")).hasSize(2);
        JsonNode first = d.get("layers").get(0);
        assertThat(first.get("name").asText()).isEqualTo("rnn.l0");
        assertThat(first.get("grad_norms_over_time")).hasSize(4);   // 16 features read as 4 rows
        double ratio = first.get("grad_norms_over_time").get(0).asDouble() / first.get("grad_norms_over_time").get(3).asDouble();
        assertThat(first.get("vanishing_over_time").asDouble()).isCloseTo(ratio, org.assertj.core.data.Percentage.withPercentage(1e-9));
        assertThat(d.get("vanishing_factor").asDouble()).isEqualTo(first.get("vanishing_over_time").asDouble());

        var names = SafeTensors.read(run.resolve("checkpoints/step-12.safetensors")).tensors().stream()
                .map(t -> t.name()).toList();
        assertThat(names).containsExactlyInAnyOrder("rnn.weight_ih_l0", "rnn.weight_hh_l0", "rnn.bias_ih_l0",
                "rnn.bias_hh_l0", "rnn.weight_ih_l1", "rnn.weight_hh_l1", "rnn.bias_ih_l1", "rnn.bias_hh_l1",
                "fc.weight", "fc.bias");

        String report = Files.readString(run.resolve("report.html"));
        assertThat(report).contains("id=\"gradient-over-time\"").contains("time step t").contains("vanishing factor over time");

        Cli eval = Cli.run("eval", "--run", run.toString());
        assertThat(eval.exitCode()).as(eval.err()).isZero();
    }

    @Test
    void aResumedGruRunAndOneOnThreeThreadsAreTheBitsOfOneUninterruptedRun() throws IOException {
        Path whole = tmp.resolve("whole"), split = tmp.resolve("split"), threads = tmp.resolve("threads");
        String[] extra = {"--layer", "gru", "--sequence", "pixels:permuted", "--eval-every", "5", "--checkpoint-every", "5"};
        List<String> wholeArgs = new ArrayList<>(List.of(train(whole, extra)));
        wholeArgs.addAll(List.of("--max-steps", "20"));
        assertThat(Cli.run(wholeArgs.toArray(String[]::new)).exitCode()).isZero();

        List<String> first = new ArrayList<>(List.of(train(split, extra)));
        first.addAll(List.of("--max-steps", "10"));
        assertThat(Cli.run(first.toArray(String[]::new)).exitCode()).isZero();
        Cli resumed = Cli.run("train", "--out", split.toString(), "--resume", "--max-steps", "20");
        assertThat(resumed.exitCode()).as(resumed.err()).isZero();
        assertThat(metricsWithoutTimes(split)).isEqualTo(metricsWithoutTimes(whole));

        List<String> three = new ArrayList<>(List.of(train(threads, extra)));
        three.set(three.indexOf("--threads") + 1, "3");
        three.addAll(List.of("--max-steps", "20"));
        assertThat(Cli.run(three.toArray(String[]::new)).exitCode()).isZero();
        assertThat(metricsWithoutTimes(threads)).isEqualTo(metricsWithoutTimes(whole));
        assertThat(Files.readAllBytes(threads.resolve("checkpoints/step-20.safetensors")))
                .isEqualTo(Files.readAllBytes(whole.resolve("checkpoints/step-20.safetensors")));
    }

    @Test
    void recurrentOptionsThatDoNotFitAreOneLineAndExitTwo() {
        String[][] cases = {
                {"--sequence", "rows"},                                   // dense layers
                {"--layer", "rnn", "--gate-bias", "1"},                   // no gate
                {"--layer", "lstm", "--transform", "tat"},
                {"--layer", "gru", "--norm", "layer"},
                {"--layer", "lstm", "--init", "lsuv"},
                {"--init", "torch"},                                      // dense layers
                {"--layer", "rnn", "--sequence", "columns"},
                {"--layer", "rnn", "--gate", "nosuchfunction"},
        };
        for (String[] c : cases) {
            Path out = tmp.resolve("bad" + String.join("", c).hashCode());
            List<String> args = new ArrayList<>(List.of(train(out, c)));
            args.addAll(List.of("--max-steps", "2"));
            Cli r = Cli.run(args.toArray(String[]::new));
            assertThat(r.exitCode()).as(String.join(" ", c) + ": " + r.err()).isEqualTo(2);
            assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
            assertThat(Files.exists(out)).as(String.join(" ", c)).isFalse();
        }
        Path odd = tmp.resolve("odd");
        Cli r = Cli.run("train", "--data", "synthetic:teacher?n=64&test=16&d=15", "--depth", "1", "--width", "4",
                "--activation", "tanh", "--layer", "rnn", "--max-steps", "1", "--out", odd.toString());
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("not a square");
    }

    @Test
    void theAddingProblemIsARegressionAndTheCopyTaskPredictsAtEveryStep() throws IOException {
        Path adding = tmp.resolve("adding");
        Cli a = Cli.run("train", "--data", "synthetic:adding?T=12&n=256&test=64", "--layer", "rnn", "--depth", "1",
                "--width", "8", "--activation", "tanh", "--batch", "32", "--threads", "1", "--max-steps", "8", "--out",
                adding.toString());
        assertThat(a.exitCode()).as(a.err()).isZero();
        assertThat(a.out()).contains("step 8: test MSE");
        Path auto = tmp.resolve("adding-auto");
        Cli b = Cli.run("train", "--data", "synthetic:adding?T=12&n=256&test=64", "--layer", "rnn", "--depth", "1",
                "--width", "8", "--activation", "tanh", "--batch", "32", "--threads", "1", "--max-steps", "2",
                "--remedy", "auto", "--out", auto.toString());
        assertThat(b.exitCode()).as(b.err()).isZero();
        assertThat(b.err()).contains("remedy auto: --init orthogonal --transform tat:0.3 --lr 0.001: smooth activation: "
                + "TAT over the horizon of 12 steps");
        JsonNode config = ConfigFile.YAML.readTree(adding.resolve("config.yaml").toFile());
        assertThat(config.get("derived").get("preprocessing").asText()).contains("encodes its inputs itself");
        JsonNode d = Json.MAPPER.readTree(Files.readAllLines(adding.resolve("diagnostics.jsonl")).getFirst());
        assertThat(d.get("layers").get(0).get("grad_norms_over_time")).hasSize(12);   // the data's own steps: 2 inputs each
        JsonNode summary = Json.MAPPER.readTree(adding.resolve("summary.json").toFile());
        assertThat(summary.get("test_accuracy").isNull()).isTrue();
        assertThat(summary.get("test_loss").asDouble()).isPositive();

        Path copy = tmp.resolve("copy");
        Cli c = Cli.run("train", "--data", "synthetic:copy?T=5&n=128&test=32", "--layer", "gru", "--depth", "1",
                "--width", "8", "--activation", "tanh", "--batch", "32", "--threads", "1", "--max-steps", "4", "--out",
                copy.toString());
        assertThat(c.exitCode()).as(c.err()).isZero();
        var shapes = SafeTensors.read(copy.resolve("checkpoints/step-4.safetensors")).tensors().stream()
                .filter(t -> t.name().equals("fc.weight")).map(t -> java.util.Arrays.toString(t.shape())).toList();
        assertThat(shapes).containsExactly("[10, 8]");   // one read-out shared by the 25 steps
        Cli dense = Cli.run("train", "--data", "synthetic:copy?T=5&n=128&test=32", "--depth", "1", "--width", "8",
                "--activation", "tanh", "--max-steps", "1", "--out", tmp.resolve("dense").toString());
        assertThat(dense.exitCode()).isEqualTo(2);
        assertThat(dense.err()).contains("target at every time step");
    }
}
