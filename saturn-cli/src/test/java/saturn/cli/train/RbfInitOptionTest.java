package saturn.cli.train;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import saturn.cli.Cli;
import saturn.cli.run.ConfigFile;

class RbfInitOptionTest {

    private static final String DATA = "synthetic:spirals?n=256&test=64";

    @TempDir
    Path tmp;

    private static String[] train(Path out, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("train", "--data", DATA, "--depth", "3", "--width", "16",
                "--layer", "rbf", "--batch", "32", "--threads", "1", "--max-steps", "2", "--out", out.toString()));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    @Test
    void rbfDataRecordsPerLayerWidthsFactorsAndVariances() throws IOException {
        Path run = tmp.resolve("data");
        Cli r = Cli.run(train(run, "--init", "rbf-data"));
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode config = ConfigFile.YAML.readTree(run.resolve("config.yaml").toFile());
        assertThat(config.get("options").get("activation").asText()).isEqualTo("gauss");
        JsonNode derived = config.get("derived");
        assertThat(derived.get("rbf_median_widths")).hasSize(3);
        for (JsonNode f : derived.get("rbf_width_factors")) assertThat(f.asDouble()).isBetween(1.0 / 8, 8.0);
        for (JsonNode v : derived.get("rbf_unit_variances")) assertThat(v.asDouble()).isBetween(1e-4, 0.25);
    }

    @Test
    void rbfRandomIsTheDefaultForRbfLayersAndRecordsNoCalibration() throws IOException {
        Path run = tmp.resolve("random");
        Cli r = Cli.run(train(run));
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode config = ConfigFile.YAML.readTree(run.resolve("config.yaml").toFile());
        assertThat(config.get("options").get("init").asText()).isEqualTo("rbf-random");
        assertThat(config.get("derived").has("rbf_width_factors")).isFalse();
    }

    @Test
    void mismatchedLayerAndInitAreOneLineErrors() {
        Path out = tmp.resolve("never");
        assertBad(train(out, "--init", "xavier"), "--layer rbf takes --init rbf-data or rbf-random (got 'xavier')");
        assertBad(train(out, "--activation", "tanh"), "--layer rbf computes Gaussian units");
        assertBad(train(out, "--init", "rbf-data:3"), "unknown value 'rbf-data:3' for --init");
        assertThat(out).doesNotExist();
    }

    private static void assertBad(String[] args, String message) {
        Cli r = Cli.run(args);
        assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r.err()).isEqualTo(2);
        assertThat(r.err()).contains(message);
        assertThat(r.err().strip().lines()).hasSize(1);
    }
}
