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

/** A resumed run continues the run it was: the same options, the same schedule, unless a change is asked for. */
class ResumeOptionsTest {

    private static final String DATA = "synthetic:spirals?n=256&test=64";

    @TempDir
    Path tmp;

    private static String[] train(Path out, String... extra) {
        List<String> args = new ArrayList<>(List.of("train", "--data", DATA, "--depth", "3", "--width", "8",
                "--activation", "tanh", "--batch", "32", "--threads", "1", "--out", out.toString()));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    private static void assertRefused(Cli r, String... parts) {
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        for (String p : parts) assertThat(r.err()).contains(p);
        assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
    }

    private static void edit(Path run, String from, String to) throws IOException {
        Path config = run.resolve("config.yaml");
        String text = Files.readString(config);
        assertThat(text).contains(from);
        Files.writeString(config, text.replace(from, to));
    }

    @Test
    void aHandEditedLearningRateOrBatchInConfigYamlIsRefused() throws IOException {
        Path run = tmp.resolve("run");
        assertThat(Cli.run(train(run, "--max-steps", "6", "--checkpoint-every", "3")).exitCode()).isZero();
        byte[] metrics = Files.readAllBytes(run.resolve("metrics.jsonl"));

        edit(run, "lr: 0.001\n", "lr: 0.5\n");
        assertRefused(Cli.run("train", "--out", run.toString(), "--resume", "--max-steps", "9"),
                "lr 0.5 (trained with 0.001)", "a resumed run keeps the options it was trained with");
        edit(run, "lr: 0.5\n", "lr: 0.001\n");
        edit(run, "batch: 32\n", "batch: 64\n");
        assertRefused(Cli.run("train", "--out", run.toString(), "--resume", "--max-steps", "9"),
                "batch 64 (trained with 32)");
        assertThat(Files.readAllBytes(run.resolve("metrics.jsonl"))).isEqualTo(metrics);

        edit(run, "batch: 64\n", "batch: 32\n");
        assertThat(Cli.run("train", "--out", run.toString(), "--resume", "--max-steps", "9").exitCode()).isZero();
    }

    @Test
    void extendingACosineRunNeedsStretchScheduleAndRecordsTheStretch() throws IOException {
        Path run = tmp.resolve("run");
        assertThat(Cli.run(train(run, "--max-steps", "6", "--schedule", "cosine")).exitCode()).isZero();
        byte[] metrics = Files.readAllBytes(run.resolve("metrics.jsonl"));

        assertRefused(Cli.run("train", "--out", run.toString(), "--resume", "--max-steps", "12"),
                "the cosine schedule of " + run + " is laid over 6 steps", "would jump at step 6", "--stretch-schedule");
        assertThat(Files.readAllBytes(run.resolve("metrics.jsonl"))).isEqualTo(metrics);

        Cli r = Cli.run("train", "--out", run.toString(), "--resume", "--max-steps", "12", "--stretch-schedule");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).contains("the cosine schedule stretched from 6 steps");
        JsonNode derived = ConfigFile.YAML.readTree(run.resolve("config.yaml").toFile()).get("derived");
        assertThat(derived.get("schedule_stretched")).hasSize(1);
        assertThat(derived.get("schedule_stretched").get(0).asText()).isEqualTo("at step 6: cosine from 6 to 12 steps");
        // step 7 follows the cosine over 12 steps: lr/2 (1 + cos(pi 6/12))
        JsonNode step7 = Files.readAllLines(run.resolve("metrics.jsonl")).stream().map(ResumeOptionsTest::json)
                .filter(n -> n.get("step").asInt() == 7 && n.has("lr")).findFirst().orElseThrow();
        assertThat(step7.get("lr").asDouble()).isCloseTo(0.001 / 2 * (1 + Math.cos(Math.PI * 6 / 12)),
                org.assertj.core.api.Assertions.within(1e-12));

        // a constant schedule extends freely; the flag alone, without --resume, is refused
        assertRefused(Cli.run(train(tmp.resolve("other"), "--max-steps", "2", "--stretch-schedule")), "use it with --resume");
    }

    private static JsonNode json(String line) {
        try {
            return Json.MAPPER.readTree(line);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
