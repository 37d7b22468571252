package saturn.cli.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import saturn.cli.Cli;
import saturn.cli.options.TrainOptions;
import saturn.cli.run.ConfigFile;

class AutoRemedyTest {

    private static final String DATA = "synthetic:spirals?n=256&test=64";

    @TempDir
    Path tmp;

    private static TrainOptions resolve(String activation, int depth, String... extra) {
        Map<String, String> g = new java.util.HashMap<>(Map.of("data", DATA, "depth", Integer.toString(depth),
                "width", "8", "activation", activation, "remedy", "auto"));
        for (int i = 0; i < extra.length; i += 2) g.put(extra[i], extra[i + 1]);
        return TrainOptions.resolveText(g);
    }

    @Test
    void smoothActivationsGetTatWithOrthogonalWeights() {
        for (String act : List.of("sigmoid", "tanh", "erf", "gauss", "exp(-x^2)*x")) {
            TrainOptions o = resolve(act, 100);
            assertThat(o.spec().transform().id()).as(act).isEqualTo("tat:0.3");
            assertThat(o.spec().init().id()).as(act).isEqualTo("orthogonal");
        }
    }

    @Test
    void kinkedActivationsGetDksAndRbfLayersGetRbfData() {
        TrainOptions softsign = resolve("softsign", 50);   // kinked at 0 in its second derivative: no TAT
        assertThat(softsign.spec().transform().id()).isEqualTo("dks:1.5");
        assertThat(softsign.spec().init().id()).isEqualTo("orthogonal");
        // relu: no DKS with maximal slope below 2; its edge of chaos is sigma_w2 = 2 (He), orthogonal
        TrainOptions relu = resolve("relu", 50);
        assertThat(relu.spec().transform().id()).isEqualTo("none");
        assertThat(relu.spec().init().id()).isEqualTo("critical");
        assertThat(resolve("gauss", 10, "layer", "rbf").spec().init().id()).isEqualTo("rbf-data");
    }

    @Test
    void theLearningRateFallsWithDepthUnlessGiven() {
        assertThat(resolve("tanh", 2).spec().lr()).isEqualTo(1e-3);
        assertThat(resolve("tanh", 20).spec().lr()).isCloseTo(1e-3 * Math.pow(10, -0.9), within(1e-15));
        // depth 100: the grid's best Adam step for TAT networks was 3e-5 for five activations
        assertThat(resolve("tanh", 100).spec().lr()).isCloseTo(1e-3 * Math.pow(50, -0.9), within(1e-15)).isBetween(2.5e-5, 3.5e-5);
        assertThat(resolve("tanh", 1000).spec().lr()).isEqualTo(2e-5);   // the floor: 1/50 of the default
        assertThat(resolve("tanh", 100, "optimizer", "sgd").spec().lr()).isCloseTo(1e-2 * Math.pow(50, -0.9), within(1e-15));
        assertThat(resolve("tanh", 100, "lr", "0.01").spec().lr()).isEqualTo(0.01);
    }

    @Test
    void theStoredOptionsOfAnAutoRunResolveToTheSameRun() {
        TrainOptions o = resolve("sigmoid", 30);
        TrainOptions again = TrainOptions.resolveText(o.toGiven());
        assertThat(again).isEqualTo(o);
    }

    @Test
    void autoRecordsItsChoiceAndReasonAndRefusesAConflictingInit() throws IOException {
        Path run = tmp.resolve("auto");
        Cli r = Cli.run(new String[] {"train", "--data", DATA, "--depth", "4", "--width", "8", "--activation", "sigmoid",
                "--remedy", "auto", "--max-steps", "2", "--threads", "1", "--out", run.toString()});
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode config = ConfigFile.YAML.readTree(run.resolve("config.yaml").toFile());
        assertThat(config.get("options").get("transform").asText()).isEqualTo("tat:0.3");
        assertThat(config.get("derived").get("remedy_reason").asText()).contains("TAT");
        assertThat(config.get("derived").get("transform_kind").asText()).isEqualTo("tat");

        Path never = tmp.resolve("never");
        Cli bad = Cli.run(new String[] {"train", "--data", DATA, "--depth", "4", "--width", "8", "--activation", "sigmoid",
                "--remedy", "auto", "--init", "xavier", "--out", never.toString()});
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).contains("--remedy auto chooses --init orthogonal here; leave out --init xavier");
        Cli unknown = Cli.run(new String[] {"train", "--data", DATA, "--depth", "4", "--width", "8", "--activation",
                "sigmoid", "--remedy", "magic", "--out", never.toString()});
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("unknown value 'magic' for --remedy; choose one of none, auto");
        assertThat(never).doesNotExist();
    }
}
