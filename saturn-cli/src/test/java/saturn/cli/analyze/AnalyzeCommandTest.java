package saturn.cli.analyze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import saturn.cli.Cli;
import saturn.cli.run.Json;

class AnalyzeCommandTest {

    @Test
    void jsonCarriesThePublishedTanhValues() throws Exception {
        Cli r = Cli.run("analyze", "--json", "--sigma-w2", "2", "--sigma-b2", "0.05", "tanh");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode o = Json.MAPPER.readTree(r.out());
        assertThat(o.get("activation").asText()).isEqualTo("tanh(x)");
        JsonNode mf = o.get("mean_field");
        assertThat(mf.get("q_star").asDouble()).isCloseTo(0.721762, within(1e-6));
        assertThat(mf.get("chi1").asDouble()).isCloseTo(1.047666, within(1e-6));
        assertThat(mf.get("phase").asText()).isEqualTo("chaotic");
        assertThat(mf.get("trainable_depth").asDouble()).isCloseTo(6 * mf.get("xi_c").asDouble(), within(1e-9));
        assertThat(o.get("critical").get("sigma_w2").asDouble()).isCloseTo(1.760955, within(1e-6));
        assertThat(o.get("critical").get("sigma_b2").asDouble()).isEqualTo(0.05);
        assertThat(o.get("moments").get("gamma").asDouble()).isCloseTo(1.592537, within(1e-6));
        JsonNode jac = o.get("jacobian");
        assertThat(jac.get("depth").asInt()).isEqualTo(100);
        assertThat(jac.get("orthogonal").get("mean").asDouble())
                .isCloseTo(Math.pow(mf.get("chi1").asDouble(), 100), within(1e-6 * Math.pow(1.047666, 100)));
        assertThat(jac.get("gaussian").get("variance").asDouble()).isGreaterThan(jac.get("orthogonal").get("variance").asDouble());
        for (String t : new String[] {"dks", "tat"}) {
            for (String f : new String[] {"alpha", "beta", "delta", "gamma"}) {
                assertThat(o.get("transforms").get(t).get(f).isNumber()).as(t + "." + f).isTrue();
            }
        }
    }

    @Test
    void dksAndTatAtDepthTenMatchThePublishedConstants() throws Exception {
        Cli r = Cli.run("analyze", "--json", "--depth", "10", "tanh", "sigmoid");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode array = Json.MAPPER.readTree(r.out());
        assertThat(array.isArray()).isTrue();
        assertThat(array).hasSize(2);
        JsonNode dks = array.get(0).get("transforms").get("dks");
        assertThat(dks.get("alpha").asDouble()).isCloseTo(0.29665, within(1e-5));
        assertThat(dks.get("beta").asDouble()).isCloseTo(0.652804, within(1e-6));
        assertThat(dks.get("delta").asDouble()).isCloseTo(-0.542496, within(1e-6));
        assertThat(dks.get("gamma").asDouble()).isCloseTo(4.9646, within(1e-4));
        JsonNode tat = array.get(1).get("transforms").get("tat");
        assertThat(tat.get("alpha").asDouble()).isCloseTo(0.369277, within(1e-6));
        assertThat(tat.get("beta").asDouble()).isCloseTo(1.114733, within(1e-6));
        assertThat(tat.get("delta").asDouble()).isCloseTo(-0.755272, within(1e-6));
        assertThat(tat.get("gamma").asDouble()).isCloseTo(14.469913, within(1e-5));
    }

    @Test
    void undefinedValuesAreNullNeverNaN() throws Exception {
        Cli r = Cli.run("analyze", "--json", "--sigma-w2", "2", "--sigma-b2", "0.05", "relu");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).doesNotContain("NaN").doesNotContain("Infinity");
        JsonNode o = Json.MAPPER.readTree(r.out());
        assertThat(o.get("mean_field").get("q_star").isNull()).isTrue();
        assertThat(o.get("mean_field").get("phase").asText()).isEqualTo("unbounded");
        assertThat(o.get("transforms").get("tat").isNull()).isTrue();
        assertThat(o.get("transforms").get("unavailable").get("tat").asText()).contains("smooth");
    }

    @Test
    void humanReportHasAVerdictNamingPhaseGradientAndCriticalPoint() {
        Cli r = Cli.run("analyze", "--sigma-w2", "1.2", "--sigma-b2", "0.05", "--depth", "50", "tanh");
        assertThat(r.exitCode()).as(r.err()).isZero();
        String verdict = r.out().lines().filter(l -> l.startsWith("  verdict")).findFirst().orElseThrow();
        assertThat(verdict).contains("ordered phase").contains("over 50 layers")
                .contains("shrinks").contains("critical σw² for σb² = 0.05 is 1.76095");
    }

    @Test
    void customFormulaIsAnalyzed() throws Exception {
        Cli r = Cli.run("analyze", "--json", "exp(-x^2)*x");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode o = Json.MAPPER.readTree(r.out());
        assertThat(o.get("activation").asText()).isEqualTo("exp(-x^2)*x");
        assertThat(o.get("critical").get("sigma_w2").asDouble()).isPositive();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "tahn|did you mean 'tanh'",
        "tanh(x|column",
        "exp(x^2)|diverges",
        "sin(y)|only variable is x",
    })
    void badActivationIsOneLineAndExitTwo(String activation, String expected) {
        Cli r = Cli.run("analyze", activation);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains(expected);
        assertThat(r.out()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--sigma-w2|-1",
        "--sigma-w2|nan",
        "--sigma-b2|-0.1",
        "--depth|0",
        "--zeta|1",
        "--tau|0",
        "--q-star|-2",
        "--depth|ten",
    })
    void outOfRangeOptionIsOneLineAndExitTwo(String flag, String value) {
        Cli r = Cli.run("analyze", flag, value, "tanh");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains(flag);
    }

    @Test
    void qStarParametrizationOfTheCriticalPoint() throws Exception {
        Cli r = Cli.run("analyze", "--json", "--q-star", "0.01", "tanh");
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode c = Json.MAPPER.readTree(r.out()).get("critical");
        assertThat(c.get("q_star").asDouble()).isEqualTo(0.01);
        assertThat(c.get("sigma_w2").asDouble()).isGreaterThan(1).isLessThan(1.1);
        assertThat(c.get("sigma_b2").asDouble()).isGreaterThan(0).isLessThan(1e-3);
    }

    @Test
    void phaseDiagramIsAStandAloneSvgWithTheCriticalLine(@TempDir Path dir) throws Exception {
        Path svg = dir.resolve("tanh.svg");
        Cli r = Cli.run("analyze", "--phase-diagram", svg.toString(), "tanh");
        assertThat(r.exitCode()).as(r.err()).isZero();
        String text = Files.readString(svg);
        org.w3c.dom.Document doc = javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(svg.toFile());
        assertThat(doc.getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(doc.getDocumentElement().getAttribute("xmlns")).isEqualTo("http://www.w3.org/2000/svg");
        // 48 x 32 cells, each with its tooltip, and the critical line drawn over them
        assertThat(text.split("<rect x=", -1).length - 1).isGreaterThanOrEqualTo(48 * 32);
        assertThat(text).contains("χ1 = 1 (critical)").containsPattern("<path d=\"M[^\"]+\" fill=\"none\" stroke=\"#ff2d2d\"");
        try (var files = Files.list(dir)) {
            assertThat(files).containsExactly(svg);
        }
    }

    @Test
    void phaseDiagramRefusesBadTargetsBeforeWritingAnything(@TempDir Path dir) throws Exception {
        Cli wrongExt = Cli.run("analyze", "--phase-diagram", dir.resolve("x.jpg").toString(), "tanh");
        assertThat(wrongExt.exitCode()).isEqualTo(2);
        assertThat(wrongExt.out()).isEmpty();
        Cli png = Cli.run("analyze", "--phase-diagram", dir.resolve("x.png").toString(), "tanh");
        assertThat(png.exitCode()).isEqualTo(2);
        assertThat(png.err()).contains("SVG");
        Cli two = Cli.run("analyze", "--phase-diagram", dir.resolve("x.svg").toString(), "tanh", "erf");
        assertThat(two.exitCode()).isEqualTo(2);
        Cli noDir = Cli.run("analyze", "--phase-diagram", dir.resolve("missing/x.svg").toString(), "tanh");
        assertThat(noDir.exitCode()).isEqualTo(2);
        try (var files = Files.list(dir)) {
            assertThat(files).isEmpty();
        }
    }
}
