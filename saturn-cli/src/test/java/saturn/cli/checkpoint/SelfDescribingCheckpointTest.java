package saturn.cli.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import saturn.cli.Cli;
import saturn.cli.options.TrainOptions;
import saturn.cli.run.ConfigFile;
import saturn.engine.checkpoint.Checkpoints;
import saturn.engine.checkpoint.SafeTensors;
import saturn.engine.data.Dataset;
import saturn.engine.data.Split;
import saturn.engine.model.Model;
import saturn.engine.run.DataLoader;
import saturn.engine.run.TrainingRun;
import saturn.engine.tensor.Parameter;
import saturn.engine.tensor.Tensor;

/**
 * A weights file rebuilds its network and preprocessing from its metadata alone: the same
 * logits, bit for bit, as the network the run's folder rebuilds (config.yaml, preprocessing
 * refitted on the training split), and {@code saturn eval --checkpoint FILE} prints what
 * {@code saturn eval --run DIR} prints — for a TAT-transformed activation, a user formula
 * with LayerNorm and residual blocks, and an LSTM over image rows.
 */
class SelfDescribingCheckpointTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private static List<String> trainArgs(String config, Path out) {
        List<String> common = List.of("--batch", "32", "--threads", "1", "--seed", "3", "--out", out.toString());
        List<String> args = new ArrayList<>(List.of("train"));
        args.addAll(switch (config) {
            case "tat" -> List.of("--data", "synthetic:spirals?n=256&test=64", "--depth", "3", "--width", "8",
                    "--activation", "tanh", "--remedy", "auto", "--max-steps", "6");
            case "formula" -> List.of("--data", "synthetic:spirals?n=256&test=64", "--depth", "3", "--width", "8",
                    "--activation", "x/sqrt(1+x^2) + 0.1*erf(x)", "--norm", "layer", "--residual", "normalized:0.8",
                    "--max-steps", "6");
            case "lstm" -> List.of("--data", "fashion-mnist", "--layer", "lstm", "--activation", "tanh", "--sequence", "rows",
                    "--depth", "1", "--width", "8", "--max-steps", "2");
            default -> throw new IllegalArgumentException(config);
        });
        args.addAll(common);
        return args;
    }

    private static Path train(String config, Path out) {
        Cli r = Cli.run(trainArgs(config, out).toArray(String[]::new));
        assertThat(r.exitCode()).as(r.err()).isZero();
        return out;
    }

    private static Path latestWeights(Path run) throws Exception {
        Checkpoints c = new Checkpoints(run.resolve("checkpoints"));
        return c.weightsFile(c.latest().orElseThrow());
    }

    @ParameterizedTest
    @ValueSource(strings = {"tat", "formula", "lstm"})
    void theMetadataRebuildsTheTrainedNetworkBitForBit(String config) throws Exception {
        Path run = train(config, tmp.resolve(config));
        Path weights = latestWeights(run);

        // the run's folder: config.yaml's options, preprocessing refitted on the training split
        TrainOptions opts = TrainOptions.resolveText(ConfigFile.readRunOptions(run));
        Split raw = DataLoader.system().load(opts.spec().data(), opts.spec().dataDir());
        TrainingRun trained = TrainingRun.open(opts.plan(), raw, run);
        Checkpoints.loadWeights(weights, trained.model());
        trained.model().setTraining(false);
        Dataset test = trained.data().split().test();
        int rows = Math.min(256, test.n());
        float[] expected = forward(trained.model(), Arrays.copyOf(test.x(), rows * test.features()), rows);

        // the file alone: options, shape and the stored statistics from its metadata
        SavedNetwork net = SavedNetwork.read(weights);
        Dataset prepared = net.preprocessing().apply(raw.test());
        assertThat(prepared.x()).isEqualTo(test.x());
        float[] rebuilt = forward(net.model(), Arrays.copyOf(prepared.x(), rows * test.features()), rows);
        assertThat(rebuilt).isEqualTo(expected);
        assertThat(net.features()).isEqualTo(test.features());
        assertThat(net.classes()).isEqualTo(test.classes());

        // the file keeps exactly the model's tensors: load_state_dict(strict=True) takes it
        List<String> names = trained.model().parameters().stream().map(Parameter::name).toList();
        assertThat(SafeTensors.read(weights).tensors().stream().map(t -> t.name()).toList()).isEqualTo(names);
        Map<String, String> meta = SafeTensors.read(weights).metadata();
        assertThat(meta).containsEntry("format", "pt").containsKeys("step", WeightsMetadata.VERSION, WeightsMetadata.MODEL,
                WeightsMetadata.REMEDY, WeightsMetadata.PREPROCESSING, WeightsMetadata.DATA);
        JsonNode model = JSON.readTree(meta.get(WeightsMetadata.MODEL));
        String formula = trained.plan().networkActivation().formula();
        assertThat(model.toString()).contains(JSON.writeValueAsString(formula));
        if (config.equals("tat")) {
            assertThat(formula).as("TAT's constants are in the stored formula").isNotEqualTo("tanh(x)").contains("tanh(");
            assertThat(JSON.readTree(meta.get(WeightsMetadata.REMEDY)).path("reason").asText()).contains("TAT");
        }
        if (config.equals("lstm")) {
            JsonNode rnn = model.path("modules").get(0);
            assertThat(rnn.path("kind").asText()).isEqualTo("lstm");
            assertThat(rnn.path("steps").asInt()).isEqualTo(28);
            assertThat(rnn.path("gate_formula").asText()).isEqualTo("sigmoid(x)");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tat", "formula", "lstm"})
    void evalFromTheCheckpointAloneEqualsEvalWithTheRun(String config) throws Exception {
        Path run = train(config, tmp.resolve(config));
        Path weights = latestWeights(run);
        Cli withRun = Cli.run("eval", "--run", run.toString(), "--checkpoint", weights.toString(), "--json");
        Cli alone = Cli.run("eval", "--checkpoint", weights.toString(), "--json");
        assertThat(withRun.exitCode()).as(withRun.err()).isZero();
        assertThat(alone.exitCode()).as(alone.err()).isZero();
        JsonNode a = JSON.readTree(withRun.out());
        JsonNode b = JSON.readTree(alone.out());
        assertThat(b.path("test_loss").asDouble()).isEqualTo(a.path("test_loss").asDouble());
        assertThat(b.path("test_accuracy").asDouble()).isEqualTo(a.path("test_accuracy").asDouble());
        assertThat(b.path("rows").asInt()).isEqualTo(a.path("rows").asInt()).isPositive();
        assertThat(b.path("step").asLong()).isEqualTo(a.path("step").asLong());
    }

    private static float[] forward(Model model, float[] x, int rows) {
        return model.forward(new Tensor(x, rows, x.length / rows)).data().clone();
    }
}
