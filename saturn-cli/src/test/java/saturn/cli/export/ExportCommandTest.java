package saturn.cli.export;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import saturn.cli.Cli;
import saturn.cli.run.Json;
import saturn.cli.run.RunModel;
import saturn.engine.data.Dataset;
import saturn.engine.model.Model;
import saturn.engine.tensor.Tensor;

/**
 * {@code saturn export}: a trained run's ONNX model, run in ONNX Runtime on raw test rows,
 * gives the run's model's logits on the preprocessed rows and {@code saturn eval}'s accuracy;
 * bad input is one line, exit 2, nothing written.
 */
class ExportCommandTest {

    @TempDir
    Path tmp;

    private Path train(String name, String data, String... extra) {
        Path run = tmp.resolve(name);
        List<String> args = new ArrayList<>(List.of("train", "--data", data, "--depth", "2", "--width", "8", "--batch", "32",
                "--threads", "1", "--max-steps", "6", "--out", run.toString()));
        args.addAll(List.of(extra));
        Cli r = Cli.run(args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.err()).isZero();
        return run;
    }

    private static float[][] ort(Path onnx, float[] rows, int n, int features, String output) throws IOException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(Files.readAllBytes(onnx), new OrtSession.SessionOptions());
             OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(rows), new long[] {n, features});
             OrtSession.Result result = session.run(Map.of("input", input))) {
            return (float[][]) result.get(output).orElseThrow().getValue();
        } catch (OrtException e) {
            throw new AssertionError("ONNX Runtime refused " + onnx + ": " + e.getMessage(), e);
        }
    }

    /** Exports {@code run}, runs the file on the raw test rows and checks it against the run's model; returns ORT's accuracy. */
    private double exportAndCompare(Path run) throws IOException {
        Path onnx = tmp.resolve(run.getFileName() + ".onnx");
        Cli r = Cli.run("export", "--run", run.toString(), "--onnx", onnx.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains(onnx.toString(), "opset 17", "logits", "probabilities");

        RunModel rebuilt = RunModel.load(run, null, null, false, line -> { });
        Model model = rebuilt.training().model();
        model.setTraining(false);
        Dataset raw = rebuilt.training().rawData().test();
        Dataset pre = rebuilt.training().data().split().test();
        assertThat(raw.x()).as("the test rows are preprocessed").isNotEqualTo(pre.x());
        float[] expected = model.forward(new Tensor(pre.x().clone(), pre.n(), pre.features())).data();
        float[][] logits = ort(onnx, raw.x(), raw.n(), raw.features(), "logits");
        float[][] probabilities = ort(onnx, raw.x(), raw.n(), raw.features(), "probabilities");
        int classes = model.outputSize(), correct = 0;
        double worst = 0;
        for (int b = 0; b < raw.n(); b++) {
            int best = 0;
            for (int j = 0; j < classes; j++) {
                double e = expected[b * classes + j];
                worst = Math.max(worst, Math.abs(logits[b][j] - e) / Math.max(1, Math.abs(e)));
                if (probabilities[b][j] > probabilities[b][best]) best = j;
            }
            if (best == raw.y()[b]) correct++;
        }
        assertThat(worst).as("largest difference from the run's model").isLessThanOrEqualTo(1e-5);
        return (double) correct / raw.n();
    }

    private static double evalAccuracy(Path run) throws IOException {
        Cli e = Cli.run("eval", "--run", run.toString(), "--json");
        assertThat(e.exitCode()).as(e.err()).isZero();
        JsonNode o = Json.MAPPER.readTree(e.out());
        return o.get("test_accuracy").asDouble();
    }

    @Test
    void aDenseRunWithAFormulaAndLayerNormGivesEvalsAccuracyFromRawRows() throws IOException {
        Path run = train("dense", "synthetic:spirals?n=256&test=64", "--activation", "x*exp(-x^2/2)", "--norm", "layer");
        assertThat(exportAndCompare(run)).isEqualTo(evalAccuracy(run));
    }

    @Test
    void aCheckpointAloneExportsTheSameModelAsItsRun() throws IOException {
        Path run = train("alone", "synthetic:spirals?n=256&test=64", "--activation", "tanh", "--remedy", "auto");
        Path withRun = tmp.resolve("with-run.onnx");
        Path alone = tmp.resolve("alone.onnx");
        Path weights = run.resolve("checkpoints").resolve("step-6.safetensors");
        Cli a = Cli.run("export", "--run", run.toString(), "--checkpoint", weights.toString(), "--onnx", withRun.toString());
        assertThat(a.exitCode()).as(a.err()).isZero();
        java.nio.file.Files.move(run.resolve("config.yaml"), tmp.resolve("config.yaml.aside"));   // no run folder to lean on
        Cli b = Cli.run("export", "--checkpoint", weights.toString(), "--onnx", alone.toString());
        assertThat(b.exitCode()).as(b.err()).isZero();
        assertThat(Files.readAllBytes(alone)).isEqualTo(Files.readAllBytes(withRun));
        assertOneLine(Cli.run("export", "--onnx", tmp.resolve("x.onnx").toString()), "give --run DIR or --checkpoint FILE");
    }

    @Test
    void anLstmRunExportsUnrolled() throws IOException {
        Path run = train("lstm", "synthetic:teacher?n=256&test=64&d=16&classes=3", "--activation", "tanh",
                "--layer", "lstm", "--sequence", "rows");
        assertThat(exportAndCompare(run)).isEqualTo(evalAccuracy(run));
    }

    private static void assertOneLine(Cli r, String... parts) {
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        for (String p : parts) assertThat(r.err()).contains(p);
        assertThat(r.err().strip().lines().filter(l -> !l.startsWith("data: "))).as(r.err()).hasSize(1);
    }

    @Test
    void badInputIsOneLineAndWritesNothing() throws IOException {
        Path run = train("small", "synthetic:spirals?n=128&test=32", "--activation", "tanh");
        Path onnx = tmp.resolve("out/model.onnx");

        assertOneLine(Cli.run("export", "--run", tmp.resolve("nowhere").toString(), "--onnx", onnx.toString()), "is not a saturn run");
        assertOneLine(Cli.run("export", "--run", run.toString(), "--checkpoint", tmp.resolve("none.safetensors").toString(),
                "--onnx", onnx.toString()), "none.safetensors: no such file");
        assertOneLine(Cli.run("export", "--run", run.toString(), "--onnx", tmp.toString()), "is a directory");
        assertOneLine(Cli.run("export", "--run", run.toString()), "--onnx");
        assertThat(tmp.resolve("out")).doesNotExist();

        Files.createDirectories(onnx.getParent());
        Files.writeString(onnx, "keep me");
        assertOneLine(Cli.run("export", "--run", run.toString(), "--onnx", onnx.toString()), "exists", "--force");
        assertThat(Files.readString(onnx)).isEqualTo("keep me");
        assertThat(tmp.resolve("out")).isDirectoryContaining(p -> true);
        try (var files = Files.list(onnx.getParent())) {
            assertThat(files.toList()).containsExactly(onnx);
        }

        Cli forced = Cli.run("export", "--run", run.toString(), "--onnx", onnx.toString(), "--force");
        assertThat(forced.exitCode()).as(forced.err()).isZero();
        assertThat(Files.readAllBytes(onnx)).hasSizeGreaterThan(100);
        try (var files = Files.list(onnx.getParent())) {
            assertThat(files.toList()).as("no temporary file left").containsExactly(onnx);
        }
    }
}
