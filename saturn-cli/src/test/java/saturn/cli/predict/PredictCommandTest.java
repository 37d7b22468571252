package saturn.cli.predict;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import saturn.cli.Cli;
import saturn.engine.checkpoint.SafeTensors;
import saturn.engine.checkpoint.SafeTensorsFile;
import saturn.engine.data.Dataset;
import saturn.engine.data.DatasetResolver;

/** {@code saturn predict}: its file's contents against eval, raw features from a CSV, and its refusals. */
class PredictCommandTest {

    private static final String DATA = "synthetic:spirals?n=256&test=64";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;

    private static Path weights;

    @BeforeAll
    static void trainOnce() {
        Path run = tmp.resolve("run");
        Cli r = Cli.run("train", "--data", DATA, "--depth", "2", "--width", "8", "--activation", "tanh", "--remedy", "auto",
                "--batch", "32", "--threads", "1", "--max-steps", "20", "--out", run.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        weights = run.resolve("checkpoints/step-20.safetensors");
    }

    private static List<Map<String, String>> csv(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        String[] head = lines.getFirst().split(",");
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            assertThat(cells).hasSameSizeAs(head);
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < head.length; i++) row.put(head[i], cells[i]);
            rows.add(row);
        }
        return rows;
    }

    @Test
    void theFileHoldsProbabilitiesTheirArgmaxAndEvalsAccuracy() throws IOException {
        Path out = tmp.resolve("pred.csv");
        Cli p = Cli.run("predict", "--checkpoint", weights.toString(), "--data", DATA, "--out", out.toString());
        assertThat(p.exitCode()).as(p.err()).isZero();
        Cli e = Cli.run("eval", "--checkpoint", weights.toString(), "--json");
        assertThat(e.exitCode()).as(e.err()).isZero();
        JsonNode eval = JSON.readTree(e.out());

        List<Map<String, String>> rows = csv(out);
        assertThat(rows).hasSize(eval.path("rows").asInt()).hasSize(64);
        int correct = 0;
        for (int i = 0; i < rows.size(); i++) {
            Map<String, String> r = rows.get(i);
            assertThat(r.get("row")).isEqualTo(Integer.toString(i));
            double l0 = Float.parseFloat(r.get("logit_0")), l1 = Float.parseFloat(r.get("logit_1"));   // floats, as written
            double p0 = Double.parseDouble(r.get("prob_0")), p1 = Double.parseDouble(r.get("prob_1"));
            assertThat(p0 + p1).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
            assertThat(p1 / p0).isCloseTo(Math.exp(l1 - l0), org.assertj.core.data.Percentage.withPercentage(1e-10));
            int predicted = Integer.parseInt(r.get("predicted"));
            assertThat(predicted).isEqualTo(l1 > l0 ? 1 : 0).isEqualTo(p1 > p0 ? 1 : 0);
            if (predicted == Integer.parseInt(r.get("label"))) correct++;
        }
        assertThat((double) correct / rows.size()).isEqualTo(eval.path("test_accuracy").asDouble());
        assertThat(tmp.toFile().list()).noneMatch(AtomicName::isTemporary);
    }

    @Test
    void jsonLinesCarryTheSameNumbersAsTheCsv() throws IOException {
        Path csv = tmp.resolve("same.csv");
        Path jsonl = tmp.resolve("same.jsonl");
        assertThat(Cli.run("predict", "--checkpoint", weights.toString(), "--data", DATA, "--split", "train",
                "--out", csv.toString()).exitCode()).isZero();
        assertThat(Cli.run("predict", "--checkpoint", weights.toString(), "--data", DATA, "--split", "train",
                "--out", jsonl.toString()).exitCode()).isZero();
        List<Map<String, String>> rows = csv(csv);
        List<String> lines = Files.readAllLines(jsonl);
        assertThat(lines).hasSize(rows.size()).hasSize(256);
        for (int i = 0; i < rows.size(); i++) {
            JsonNode o = JSON.readTree(lines.get(i));
            assertThat(o.path("row").asInt()).isEqualTo(i);
            assertThat(o.path("logits").get(1).asDouble()).isEqualTo(Double.parseDouble(rows.get(i).get("logit_1")));
            assertThat(o.path("predicted").asInt()).isEqualTo(Integer.parseInt(rows.get(i).get("predicted")));
            assertThat(o.path("label").asInt()).isEqualTo(Integer.parseInt(rows.get(i).get("label")));
        }
    }

    @Test
    void aCsvOfRawFeaturesGivesTheLogitsOfTheSameRowsInTheDataSet() throws IOException {
        Dataset test = DatasetResolver.system().resolve(DATA).test();
        StringBuilder sb = new StringBuilder("a,b\n");
        for (int i = 0; i < test.n(); i++) sb.append(test.x()[2 * i]).append(',').append(test.x()[2 * i + 1]).append('\n');
        Path features = tmp.resolve("features.csv");
        Files.writeString(features, sb);
        Path fromCsv = tmp.resolve("from-csv.csv");
        Path fromData = tmp.resolve("from-data.csv");
        Cli a = Cli.run("predict", "--checkpoint", weights.toString(), "--data", features.toString(), "--out", fromCsv.toString());
        Cli b = Cli.run("predict", "--checkpoint", weights.toString(), "--data", DATA, "--out", fromData.toString());
        assertThat(a.exitCode()).as(a.err()).isZero();
        assertThat(b.exitCode()).as(b.err()).isZero();
        List<Map<String, String>> x = csv(fromCsv), y = csv(fromData);
        assertThat(x).hasSize(test.n()).hasSameSizeAs(y);
        assertThat(x.getFirst()).doesNotContainKey("label");
        for (int i = 0; i < x.size(); i++) {
            Map<String, String> expected = new LinkedHashMap<>(y.get(i));
            expected.remove("label");
            assertThat(x.get(i)).isEqualTo(expected);
        }
        // features:PATH names the same file
        Cli c = Cli.run("predict", "--checkpoint", weights.toString(), "--data", "features:" + features, "--format", "csv");
        assertThat(c.exitCode()).as(c.err()).isZero();
        assertThat(c.out()).isEqualTo(Files.readString(fromCsv));
    }

    private static void assertRefused(Cli r, Path out, String... parts) {
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        for (String p : parts) assertThat(r.err()).contains(p);
        assertThat(r.err().strip().lines().filter(l -> !l.startsWith("data: "))).as(r.err()).hasSize(1);
        assertThat(r.out()).isEmpty();
        if (out != null) assertThat(out).doesNotExist();
    }

    @Test
    void aMissingCheckpointIsOneLine() {
        Path out = tmp.resolve("missing.csv");
        Path none = tmp.resolve("none.safetensors");
        assertRefused(Cli.run("predict", "--checkpoint", none.toString(), "--data", DATA, "--out", out.toString()), out,
                none.toString(), "no such file");
        assertRefused(Cli.run("eval", "--checkpoint", none.toString()), null, none.toString(), "no such file");
    }

    @Test
    void aCheckpointWithoutMetadataIsOneLine() throws IOException {
        SafeTensorsFile f = SafeTensors.read(weights);
        Path old = tmp.resolve("old.safetensors");
        SafeTensors.write(old, f.tensors(), Map.of("format", "pt", "step", "20"));
        Path out = tmp.resolve("old.csv");
        assertRefused(Cli.run("predict", "--checkpoint", old.toString(), "--data", DATA, "--out", out.toString()), out,
                old.toString(), "saturn.options", "--run");
        assertRefused(Cli.run("eval", "--checkpoint", old.toString()), null, old.toString(), "saturn.options", "--run");
    }

    @Test
    void aCsvWithTheWrongColumnCountIsOneLine() throws IOException {
        Path features = tmp.resolve("three.csv");
        Files.writeString(features, "0.1,0.2\n0.3,0.4,0.5\n");
        Path out = tmp.resolve("three-out.csv");
        assertRefused(Cli.run("predict", "--checkpoint", weights.toString(), "--data", features.toString(), "--out",
                out.toString()), out, features.toString(), "line 2", "3 columns", "2 features");
        Files.writeString(features, "0.1,0.2\n0.3,abc\n");
        assertRefused(Cli.run("predict", "--checkpoint", weights.toString(), "--data", features.toString(), "--out",
                out.toString()), out, "line 2", "'abc' is not a finite number");
    }

    @Test
    void anExistingOutputIsKeptWithoutForce() throws IOException {
        Path out = tmp.resolve("kept.csv");
        Files.writeString(out, "mine\n");
        Cli r = Cli.run("predict", "--checkpoint", weights.toString(), "--data", DATA, "--out", out.toString());
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains(out.toString(), "--force").hasLineCount(1);
        assertThat(Files.readString(out)).isEqualTo("mine\n");
        Cli forced = Cli.run("predict", "--checkpoint", weights.toString(), "--data", DATA, "--out", out.toString(), "--force");
        assertThat(forced.exitCode()).as(forced.err()).isZero();
        assertThat(Files.readString(out)).startsWith("row,logit_0,");
    }

    @Test
    void regressionWritesOutputsAndTargets() throws IOException {
        Path run = tmp.resolve("adding");
        Cli t = Cli.run("train", "--data", "synthetic:adding?T=12&n=256&test=64", "--layer", "rnn", "--activation", "tanh",
                "--depth", "1", "--width", "8", "--batch", "32", "--threads", "1", "--max-steps", "4", "--out", run.toString());
        assertThat(t.exitCode()).as(t.err()).isZero();
        Path out = tmp.resolve("adding.jsonl");
        Cli p = Cli.run("predict", "--checkpoint", run.resolve("checkpoints/step-4.safetensors").toString(),
                "--data", "synthetic:adding?T=12&n=256&test=64", "--out", out.toString());
        assertThat(p.exitCode()).as(p.err()).isZero();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(64);
        double se = 0;
        for (String line : lines) {
            JsonNode o = JSON.readTree(line);
            assertThat(o.has("probabilities")).isFalse();
            double d = o.path("outputs").get(0).asDouble() - o.path("targets").get(0).asDouble();
            se += d * d;
        }
        Cli e = Cli.run("eval", "--checkpoint", run.resolve("checkpoints/step-4.safetensors").toString(), "--json");
        assertThat(se / lines.size()).isCloseTo(JSON.readTree(e.out()).path("test_loss").asDouble(),
                org.assertj.core.data.Percentage.withPercentage(1e-3));
    }

    /** AtomicFiles' temporary names: a dot, the target's name, a dot, digits, .tmp. */
    private static final class AtomicName {
        static boolean isTemporary(String name) {
            return name.endsWith(".tmp");
        }
    }
}
