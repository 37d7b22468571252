package saturn.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import saturn.cli.Cli;
import saturn.cli.run.Json;

class BenchCommandTest {

    @Test
    void jsonHasOneObjectPerConfigurationWithTheDocumentedFields() throws Exception {
        Cli r = Cli.run("bench", "--depth", "3", "--width", "16", "--batch", "8", "--steps", "2", "--json");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out().strip().lines()).hasSize(1);
        JsonNode o = Json.MAPPER.readTree(r.out());
        assertThat(o.get("depth").asInt()).isEqualTo(3);
        assertThat(o.get("width").asInt()).isEqualTo(16);
        assertThat(o.get("batch").asInt()).isEqualTo(8);
        for (String f : new String[] {"step_ms", "gemm_ms", "ratio", "gemm_cached_ms", "ratio_cached", "gflops"}) {
            assertThat(o.get(f).asDouble()).as(f).isPositive();
        }
        // two steps: one round of four (the ratios are medians over rounds: here the ratios of the medians)
        assertThat(o.get("ratio").asDouble())
                .isCloseTo(o.get("step_ms").asDouble() / o.get("gemm_ms").asDouble(), org.assertj.core.data.Percentage.withPercentage(0.5));
        assertThat(o.get("ratio_cached").asDouble())
                .isCloseTo(o.get("step_ms").asDouble() / o.get("gemm_cached_ms").asDouble(), org.assertj.core.data.Percentage.withPercentage(0.5));
        assertThat(o.get("alloc_bytes_per_step").isIntegralNumber()).isTrue();
        assertThat(o.get("backends").asText()).contains("gemm=").contains("simd=");
        // 3 hidden layers + read-out: forward 4 GEMMs, backward 4 weight gradients + 3 input gradients
        assertThat(o.get("gemm_calls").asInt()).isEqualTo(11);
    }

    @Test
    void anOptimizerIsTimedInsideTheStep() throws Exception {
        for (String opt : new String[] {"rprop", "rprop:step_max=0.01", "lamb"}) {
            Cli r = Cli.run("bench", "--depth", "3", "--width", "16", "--batch", "8", "--steps", "2", "--json",
                    "--optimizer", opt);
            assertThat(r.exitCode()).as(r.err()).isZero();
            JsonNode o = Json.MAPPER.readTree(r.out());
            assertThat(o.get("optimizer").asText()).isEqualTo(opt);
            assertThat(o.get("optimizer_share").asDouble()).as(opt).isPositive();
        }
        Cli bad = Cli.run("bench", "--depth", "3", "--optimizer", "rprop:step_max=-1");
        assertThat(bad.exitCode()).isEqualTo(2);
    }

    @Test
    void nonPositiveSizeIsBadInput() {
        Cli r = Cli.run("bench", "--depth", "0");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
    }

    @Test
    void aBenchModelBeyondMemoryIsOneLineBeforeAnythingIsAllocated() {
        Cli r = Cli.run("bench", "--depth", "2", "--width", "1000000", "--steps", "1");
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("bench depth 2 x width 1000000: this network needs an array of 1.00e12 elements");
        assertThat(r.err().strip().lines()).hasSize(1);
    }
}
