package saturn.cli.analyze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import saturn.cli.Cli;
import saturn.cli.run.Json;
import saturn.theory.rbf.RbfMoments;
import saturn.theory.rbf.RbfPrescription;

class RbfAnalyzeTest {

    /**
     * The theory against the engine's seeded layer of 512 units on 4096 inputs: the mean within
     * 1%, the unit variance and the backward gain within 8% (their sampling error is a few %).
     */
    @ParameterizedTest(name = "centres {0}, v = {1}")
    @CsvSource({"normal, 1.0, 1.0", "data, 0.5, 0.5", "mean, 2.0, 0.0"})
    void theTheoryAgreesWithASeededWideLayer(String centres, double v, double vc) throws Exception {
        Cli r = Cli.run("analyze", "--layer", "rbf", "--json", "--input-dim", "48", "--width", "512", "--samples", "4096",
                "--centres", centres, "--input-variance", Double.toString(v), "--seed", "3");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode o = Json.MAPPER.readTree(r.out());
        assertThat(o.get("centre_variance").asDouble()).isEqualTo(vc);
        double s2 = RbfPrescription.recommend(48, v, vc).width2();
        assertThat(o.get("rbf_width").asDouble()).isCloseTo(Math.sqrt(s2), within(1e-9));
        JsonNode t = o.get("theory");
        JsonNode s = o.get("simulation");
        assertThat(t.get("variance").asDouble()).isCloseTo(RbfMoments.overRandomCentres(48, v, vc, s2).variance(), within(1e-15));
        assertThat(t.get("backward_gain").asDouble()).isCloseTo(RbfMoments.backwardGain(48, 512, v, vc, s2), within(1e-15));
        assertThat(s.get("mean").asDouble()).isCloseTo(t.get("mean").asDouble(), within(0.01 * t.get("mean").asDouble()));
        assertThat(s.get("variance").asDouble()).isCloseTo(t.get("variance").asDouble(), within(0.08 * t.get("variance").asDouble()));
        assertThat(s.get("backward_gain").asDouble())
                .isCloseTo(t.get("backward_gain").asDouble(), within(0.08 * t.get("backward_gain").asDouble()));
        assertThat(o.get("widths").get("max_gain").get("rbf_width").asDouble())
                .isCloseTo(Math.sqrt(RbfPrescription.maxGainWidth2(48, v, vc)), within(1e-12));
    }

    @Test
    void aGivenWidthIsAnalyzedAndTheTextShowsTheoryBesideSimulation() {
        Cli r = Cli.run("analyze", "--layer", "rbf", "--input-dim", "20", "--width", "64", "--rbf-width", "2.5",
                "--samples", "256", "--centres", "normal");
        assertThat(r.exitCode()).as(r.err()).isZero();
        String out = r.out();
        assertThat(out).contains("N = 20 inputs", "W = 64 units", "centres normal", "s = 2.5 (s^2 = 6.25; given)",
                "theory", "simulation (seed 1, 256 inputs)", "backward gain χ", "max gain", "max variance");
        String gain = AnalysisReport.num(RbfMoments.backwardGain(20, 64, 1, 1, 6.25));
        assertThat(out.lines().filter(l -> l.contains("backward gain χ")).findFirst().orElseThrow()).contains(gain);
    }

    @Test
    void twoInputsHaveNoMaxGainWidth() throws Exception {
        Cli r = Cli.run("analyze", "--layer", "rbf", "--json", "--input-dim", "2", "--width", "8", "--samples", "64");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(Json.MAPPER.readTree(r.out()).get("widths").get("max_gain").isNull()).isTrue();
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
            "analyze --layer rbf tanh|--layer rbf analyzes Gaussian RBF units: give no ACTIVATION (got 'tanh')",
            "analyze --layer rbf --sigma-w2 2|--sigma-w2 does not apply to --layer rbf",
            "analyze --layer rbf --recurrent|--recurrent does not apply to --layer rbf",
            "analyze --input-dim 10 tanh|--input-dim applies to --layer rbf",
            "analyze --layer conv|unknown value 'conv' for --layer; choose one of dense, rbf",
            "analyze --layer rbf --rbf-width -1|--rbf-width must be a finite number > 0, got -1.0",
            "analyze --layer rbf --samples 1|--samples must be an integer >= 2, got 1",
            "analyze --layer rbf --input-dim 0|--input-dim must be an integer in [1, 1000000], got 0",
            "analyze --layer rbf --input-variance 0|--input-variance must be a finite number > 0 for --layer rbf",
            "analyze --layer rbf --input-dim 100000 --samples 1000|--samples x max(--input-dim, --width) must stay under",
            "analyze|missing ACTIVATION"})
    void badInputIsOneLineAndExitTwo(String args, String message) {
        Cli r = Cli.run(args.split(" "));
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains(message);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.out()).isEmpty();
    }
}
