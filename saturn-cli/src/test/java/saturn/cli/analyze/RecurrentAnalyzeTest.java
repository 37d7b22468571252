package saturn.cli.analyze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import saturn.cli.Cli;
import saturn.cli.run.Json;

class RecurrentAnalyzeTest {

    /** The root of f on [lo, hi] by bisection. */
    private static double bisect(java.util.function.DoubleUnaryOperator f, double lo, double hi) {
        double flo = f.applyAsDouble(lo);
        for (int i = 0; i < 200; i++) {
            double mid = 0.5 * (lo + hi);
            double fm = f.applyAsDouble(mid);
            if ((fm > 0) == (flo > 0)) {
                lo = mid;
                flo = fm;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    /** erf's recurrence in closed form: E[erf(√q z)²] = (2/π) asin(2q/(1+2q)), E[erf'²] = (4/π)/√(1+4q). */
    @Test
    void rnnJsonCarriesTheErfClosedForms() throws Exception {
        Cli r = Cli.run("analyze", "--recurrent", "--json", "--horizon", "50", "--sigma-w2", "1.7", "--sigma-u2", "0.6",
                "--sigma-b2", "0.05", "--input-variance", "0.8", "--input-correlation", "0.3", "erf");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode o = Json.MAPPER.readTree(r.out());
        assertThat(o.get("cell").asText()).isEqualTo("rnn");
        assertThat(o.get("horizon").asInt()).isEqualTo(50);
        double v = 0.6 * 0.8 + 0.05;
        double q = bisect(x -> 1.7 * 2 / Math.PI * Math.asin(2 * x / (1 + 2 * x)) + v - x, 1e-9, 100);
        JsonNode mf = o.get("mean_field");
        assertThat(mf.get("q_star").asDouble()).isCloseTo(q, within(1e-9));
        double chi = 1.7 * 4 / Math.PI / Math.sqrt(1 + 4 * q);
        assertThat(mf.get("chi").asDouble()).isCloseTo(chi, within(1e-9));
        assertThat(mf.get("gradient_timescale").asDouble()).isCloseTo(-1 / Math.log(chi), within(1e-6));
        assertThat(mf.get("phase").asText()).isEqualTo(chi < 1 ? "ordered" : "chaotic");
        assertThat(mf.get("c_star").asDouble()).isBetween(0.0, 1.0);
        double qc = bisect(x -> x - Math.PI / 4 * Math.sqrt(1 + 4 * x) * 2 / Math.PI * Math.asin(2 * x / (1 + 2 * x)) - v,
                1e-9, 100);
        assertThat(o.get("critical").get("sigma_w2").asDouble()).isCloseTo(Math.PI / 4 * Math.sqrt(1 + 4 * qc), within(1e-8));
        JsonNode dks = o.get("transforms").get("dks");
        assertThat(dks.get("network_slope").asDouble()).isCloseTo(1.5, within(1e-8));
        assertThat(dks.get("input_share").asDouble()).isCloseTo(0.3 / 200, within(1e-15));
        assertThat(dks.get("sigma_w2").asDouble()).isCloseTo(1 - 0.3 / 200, within(1e-15));
        JsonNode tat = o.get("transforms").get("tat");
        assertThat(tat.get("step_slope").asDouble()).isCloseTo(1, within(1e-9));
        assertThat(tat.get("network_curvature").asDouble()).isCloseTo(0.3, within(1e-8));
    }

    @Test
    void lstmReportsItsForgetBiasWindowAndTheRecommendedPoint() throws Exception {
        Cli r = Cli.run("analyze", "--recurrent", "--cell", "lstm", "--json", "--horizon", "784", "--sigma-w2", "0.3333",
                "--sigma-u2", "0.0026", "--sigma-b2", "0.005", "tanh");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode o = Json.MAPPER.readTree(r.out());
        assertThat(o.get("gate").asText()).isEqualTo("sigmoid(x)");
        JsonNode b = o.get("memory_bias");
        assertThat(b.get("gate").asText()).isEqualTo("forget");
        assertThat(b.get("lower").asDouble()).isLessThan(b.get("critical").asDouble());
        assertThat(b.get("critical").asDouble()).isLessThan(b.get("upper").asDouble());
        assertThat(b.get("recommended").asDouble()).isEqualTo(b.get("critical").asDouble());
        assertThat(o.get("at_recommended").get("chi").asDouble()).isCloseTo(1, within(1e-8));
        assertThat(o.get("mean_field").get("chi").asDouble()).isLessThan(0.5);
        assertThat(o.get("recurrent_scale").asDouble()).isGreaterThan(1);
    }

    @Test
    void gruReachesTheHorizonFromBelow() throws Exception {
        Cli r = Cli.run("analyze", "--recurrent", "--cell", "GRU", "--json", "--horizon", "200", "tanh");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).doesNotContain("NaN").doesNotContain("Infinity");
        JsonNode o = Json.MAPPER.readTree(r.out());
        JsonNode b = o.get("memory_bias");
        assertThat(b.get("gate").asText()).isEqualTo("update");
        assertThat(b.get("critical").isNull()).isTrue();
        assertThat(b.get("upper").isNull()).isTrue();
        assertThat(o.get("at_recommended").get("timescale").asDouble()).isCloseTo(200, within(1e-4));
        assertThat(o.get("mean_field").get("q_cell").isNull()).isTrue();
    }

    @Test
    void humanReportEndsInAVerdict() {
        Cli r = Cli.run("analyze", "--recurrent", "--horizon", "50", "--sigma-w2", "1.2", "--sigma-u2", "0.5", "tanh");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("critical line").contains("DKS ζ=1.5").contains("TAT τ=0.3");
        String last = r.out().strip().lines().reduce((a, b) -> b).orElseThrow();
        assertThat(last).contains("verdict").contains("ordered phase").contains("over 50 steps").contains("shrinks")
                .contains("critical σw² is");
        Cli g = Cli.run("analyze", "--recurrent", "--cell", "lstm", "--horizon", "50", "tanh");
        assertThat(g.exitCode()).as(g.err()).isZero();
        assertThat(g.out()).contains("forget-gate bias").contains("recommended");
        assertThat(g.out().strip().lines().reduce((a, b) -> b).orElseThrow()).contains("set the forget-gate bias to");
    }

    @Test
    void factorsBeyondDoublePrecisionArePowersOfTen() {
        assertThat(RecurrentReport.power(0.5, 10)).isEqualTo("0.000976563");
        assertThat(RecurrentReport.power(0.1, 784)).isEqualTo("10^-784");
        assertThat(RecurrentReport.power(10, 400)).isEqualTo("10^400");
        assertThat(RecurrentReport.power(Double.POSITIVE_INFINITY, 5)).isEqualTo("∞");
        assertThat(RecurrentReport.power(0, 5)).isEqualTo("0");
    }

    @Test
    void anUnboundedRecurrenceIsNullNeverNaN() throws Exception {
        Cli r = Cli.run("analyze", "--recurrent", "--json", "--sigma-w2", "1.2", "x");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).doesNotContain("NaN").doesNotContain("Infinity");
        JsonNode o = Json.MAPPER.readTree(r.out());
        assertThat(o.get("mean_field").get("phase").asText()).isEqualTo("unbounded");
        assertThat(o.get("mean_field").get("q_star").isNull()).isTrue();
        assertThat(o.get("critical").isNull()).isTrue();
        assertThat(o.get("unavailable").get("critical").asText()).contains("no critical recurrent sigma_w2");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--horizon|0|--horizon",
        "--input-correlation|2|--input-correlation",
        "--input-share|1|--input-share",
        "--sigma-u2|-1|--sigma-u2",
        "--input-variance|nan|--input-variance",
        "--cell|cnn|--cell",
        "--q-star|0.5|--q-star",
        "--depth|10|--depth",
        "--gate|tahn|did you mean 'tanh'",
    })
    void badRecurrentInputIsOneLineAndExitTwo(String flag, String value, String expected) {
        Cli r = Cli.run("analyze", "--recurrent", "--cell", flag.equals("--cell") ? value : "lstm", flag, value, "tanh");
        if (flag.equals("--cell")) r = Cli.run("analyze", "--recurrent", flag, value, "tanh");
        assertThat(r.exitCode()).as(r.out()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains(expected);
        assertThat(r.out()).isEmpty();
    }
}
