package saturn.cli.analyze;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import saturn.cli.Cli;
import saturn.cli.options.TrainOptions;
import saturn.cli.run.Json;
import saturn.engine.run.RunSpec;
import saturn.theory.Activations;

/** {@code saturn analyze} ends in advice: {@code train --remedy auto}'s own decision, its reason, and warnings. */
class AdviceTest {

    private static List<String> activations() {
        List<String> all = new ArrayList<>(Activations.names());
        all.addAll(Activations.aliases());
        all.addAll(List.of("x*exp(-x^2/2)", "x/(1+abs(x))", "sign(x)", "2*tanh(x)+0.5", "max(tanh(x),-0.5)"));
        return all;
    }

    private static JsonNode analyzeAll(int depth) throws Exception {
        List<String> args = new ArrayList<>(List.of("analyze", "--json", "--depth", Integer.toString(depth)));
        args.addAll(activations());
        Cli r = Cli.run(args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.err()).isZero();
        return Json.MAPPER.readTree(r.out());
    }

    /** What {@code saturn train --remedy auto} resolves the same activation and depth to, through its own options. */
    private static RunSpec train(String activation, int depth) {
        return TrainOptions.resolveText(Map.of("data", "fashion-mnist", "depth", Integer.toString(depth), "width", "64",
                "activation", activation, "remedy", "auto")).spec();
    }

    @ParameterizedTest(name = "depth {0}")
    @ValueSource(ints = {3, 20, 100})
    void theAdviceIsTrainRemedyAutosDecisionForEveryLibraryActivation(int depth) throws Exception {
        JsonNode all = analyzeAll(depth);
        List<String> names = activations();
        assertThat(all).hasSize(names.size());
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            JsonNode advice = all.get(i).get("advice");
            RunSpec expected = train(name, depth);
            JsonNode options = advice.get("train_options");
            assertThat(options.get("remedy").asText()).isEqualTo("auto");
            assertThat(options.get("init").asText()).as(name).isEqualTo(expected.init().id());
            assertThat(options.get("transform").asText()).as(name).isEqualTo(expected.transform().id());
            assertThat(options.get("lr").asDouble()).as(name).isEqualTo(expected.lr());
            assertThat(advice.get("reason").asText()).as(name).isNotBlank();
            assertThat(advice.get("command").asText()).as(name).contains("--depth " + depth).endsWith("--remedy auto");
        }
    }

    @Test
    void theGaussianWeightedBumpAtDepthFiftyIsNotCalledCriticalAndGetsTatWithWarnings() throws Exception {
        Cli text = Cli.run("analyze", "x*exp(-x**2/2)", "--depth", "50");
        assertThat(text.exitCode()).as(text.err()).isZero();
        assertThat(text.out()).doesNotContain("edge of chaos: over").contains("no useful edge of chaos")
                .contains("phase critical (degenerate: q* = 0)")
                .contains("  advice            saturn train --data fashion-mnist --depth 50 --width 256 "
                        + "--activation 'x*exp(-x^2/2)' --remedy auto")
                .contains("that is --init orthogonal --transform tat:0.3, Adam lr 5.52e-05");
        List<String> lines = text.out().strip().lines().toList();
        assertThat(lines.getLast()).startsWith("  warning");
        assertThat(lines.stream().filter(l -> l.startsWith("  warning"))).hasSize(3);

        Cli json = Cli.run("analyze", "--json", "x*exp(-x^2/2)", "--depth", "50");
        JsonNode o = Json.MAPPER.readTree(json.out());
        assertThat(o.get("mean_field").get("degenerate").asBoolean()).isTrue();
        assertThat(kinds(o.get("advice"))).containsExactly("signal_dies", "gaussian_spread", "critical_point_degenerate");
    }

    @Test
    void noCriticalPointAtThisBiasVarianceIsAWarning() throws Exception {
        JsonNode o = Json.MAPPER.readTree(Cli.run("analyze", "--json", "--depth", "5", "mish").out());
        assertThat(o.get("critical").get("sigma_w2").isNull()).isTrue();
        assertThat(kinds(o.get("advice"))).contains("no_critical_point");
        JsonNode reason = o.get("advice").get("warnings").get(kinds(o.get("advice")).indexOf("no_critical_point"));
        assertThat(reason.get("message").asText()).startsWith("no ").doesNotContain("no critical point: no critical point");
    }

    @Test
    void aHealthyPointGetsAdviceButNoWarning() throws Exception {
        Cli r = Cli.run("analyze", "--json", "--sigma-w2", "1.76095", "--sigma-b2", "0.05", "--depth", "5", "tanh");
        JsonNode o = Json.MAPPER.readTree(r.out());
        assertThat(o.get("mean_field").get("phase").asText()).isEqualTo("critical");
        assertThat(o.get("mean_field").get("degenerate").asBoolean()).isFalse();
        assertThat(o.get("advice").get("warnings")).isEmpty();
        assertThat(o.get("advice").get("train_options").get("transform").asText()).isEqualTo("tat:0.3");
        Cli text = Cli.run("analyze", "--sigma-w2", "1.76095", "--sigma-b2", "0.05", "--depth", "5", "tanh");
        assertThat(text.out()).contains("edge of chaos: over 5 layers").doesNotContain("  warning");
    }

    @Test
    void anExplodingSignalIsAWarning() throws Exception {
        JsonNode o = Json.MAPPER.readTree(Cli.run("analyze", "--json", "--sigma-w2", "2", "--depth", "5", "linear").out());
        assertThat(kinds(o.get("advice"))).contains("signal_explodes");
    }

    @Test
    void formulasThatNeedQuotingAreQuotedForTheShell() {
        assertThat(Advice.quoted("tanh")).isEqualTo("tanh");
        assertThat(Advice.quoted("x*exp(-x^2)")).isEqualTo("'x*exp(-x^2)'");
        assertThat(Advice.quoted("it's")).isEqualTo("'it'\\''s'");
    }

    private static List<String> kinds(JsonNode advice) {
        List<String> k = new ArrayList<>();
        advice.get("warnings").forEach(w -> k.add(w.get("kind").asText()));
        return k;
    }
}
