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
import saturn.cli.options.OptionText;
import saturn.cli.options.TrainOptions;
import saturn.cli.run.ConfigFile;
import saturn.engine.layer.ActivationLayer;
import saturn.engine.layer.Layer;
import saturn.engine.model.Model;
import saturn.engine.remedy.Residual;
import saturn.engine.remedy.Transforms;
import saturn.engine.tensor.Tensor;
import saturn.theory.Activation;
import saturn.theory.gauss.Derivatives;
import saturn.theory.transform.ActivationTransform;
import saturn.theory.transform.Chain;
import saturn.theory.transform.TransformSolver;

/** {@code saturn train --transform}: the theory's transform becomes the network's activation. */
class TransformOptionTest {

    private static final String DATA = "synthetic:spirals?n=256&test=64";

    @TempDir
    Path tmp;

    private static String[] train(Path out, String activation, int depth, String transform) {
        return new String[] {"train", "--data", DATA, "--depth", Integer.toString(depth), "--width", "8",
            "--activation", activation, "--transform", transform, "--batch", "32", "--threads", "1",
            "--max-steps", "2", "--out", out.toString()};
    }

    private static JsonNode derived(Path run) throws IOException {
        return ConfigFile.YAML.readTree(run.resolve("config.yaml").toFile()).get("derived");
    }

    @Test
    void tatForTanhAtDepth10RecordsItsConstantsAndTrains() throws IOException {
        Path run = tmp.resolve("tat");
        Cli r = Cli.run(train(run, "tanh", 10, "tat"));
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode d = derived(run);
        assertThat(d.get("transform_kind").asText()).isEqualTo("tat");
        assertThat(d.get("transform_alpha").asDouble()).isCloseTo(0.184638, within(1e-5));
        assertThat(d.get("transform_beta").asDouble()).isCloseTo(0.557367, within(1e-5));
        assertThat(d.get("transform_delta").asDouble()).isCloseTo(-0.510545, within(1e-5));
        assertThat(d.get("transform_gamma").asDouble()).isCloseTo(7.234956, within(1e-5));
        assertThat(d.get("transform_max_slope").asDouble()).isPositive().isLessThan(2);
        Activation phi = Activation.parse("tanh");
        String expected = TransformSolver.tat(Derivatives.of(phi), new Chain(10), 0.3).apply(phi).formula();
        assertThat(d.get("transform_formula").asText()).isEqualTo(expected);
        JsonNode options = ConfigFile.YAML.readTree(run.resolve("config.yaml").toFile()).get("options");
        assertThat(options.get("transform").asText()).isEqualTo("tat:0.3");
    }

    @Test
    void theModelsActivationLayersComputeTheTransformedFunction() {
        TrainOptions o = TrainOptions.resolveText(Map.of("data", DATA, "depth", "10", "width", "16", "activation", "tanh",
                "transform", "tat"));
        var t = o.plan().transform().transform();
        Model model = Model.fromSpec(o.plan().modelSpec(2, 2));
        List<Layer> acts = model.layers().stream().filter(l -> l instanceof ActivationLayer).toList();
        assertThat(acts).hasSize(10);
        float[] x = new float[2 * 16];
        for (int i = 0; i < x.length; i++) x[i] = -4f + 8f * i / (x.length - 1);
        float[] y = acts.getFirst().forward(new Tensor(x.clone(), 2, 16)).data();
        for (int i = 0; i < x.length; i++) {
            double want = t.gamma() * (Math.tanh(t.alpha() * x[i] + t.beta()) + t.delta());
            assertThat((double) y[i]).as("x = " + x[i]).isCloseTo(want, within(1e-4 * Math.max(1, Math.abs(want))));
        }
    }

    @Test
    void dksForSigmoidAndNormalizeTrain() throws IOException {
        Path dks = tmp.resolve("dks");
        Cli r = Cli.run(train(dks, "sigmoid", 6, "dks"));
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode d = derived(dks);
        assertThat(d.get("transform_kind").asText()).isEqualTo("dks");
        Activation sig = Activation.parse("sigmoid");
        var want = TransformSolver.dks(Derivatives.of(sig), new Chain(6), 1.5);
        assertThat(d.get("transform_alpha").asDouble()).isEqualTo(want.alpha());
        assertThat(d.get("transform_gamma").asDouble()).isEqualTo(want.gamma());
        assertThat(d.get("transform_formula").asText()).isEqualTo(want.apply(sig).formula());

        Path norm = tmp.resolve("norm");
        r = Cli.run(train(norm, "sigmoid", 3, "normalize"));
        assertThat(r.exitCode()).as(r.err()).isZero();
        d = derived(norm);
        assertThat(d.get("transform_alpha").asDouble()).isEqualTo(1.0);
        assertThat(d.get("transform_beta").asDouble()).isEqualTo(0.0);
        assertThat(d.get("transform_delta").asDouble()).isCloseTo(-0.5, within(1e-9)); // E[sigmoid(z)] = 1/2
        assertThat(d.get("transform_gamma").asDouble()).isGreaterThan(1);
    }

    @Test
    void noSolutionOrUnknownValueExitsWith2AndOneLine() {
        Path out = tmp.resolve("never");
        assertBad(train(out, "relu", 10, "tat"), "--transform tat:0.3: TAT (smooth) needs a smooth activation");
        assertBad(train(out, "tanh", 10, "kfac"),
                "unknown value 'kfac' for --transform; choose one of none, normalize, dks[:ZETA], tat[:TAU], scale[:A0][,reg=LAMBDA]");
        assertBad(train(out, "tanh", 10, "dks:0.5"), "--transform dks:ZETA needs ZETA > 1");
        assertThat(out).doesNotExist();
    }

    @Test
    void scaleStartsEveryDenseLayerAtTheA0ThatMakesChi1One() throws IOException {
        Path run = tmp.resolve("scale");
        String[] args = List.of(train(run, "tanh", 3, "scale")).toArray(String[]::new);
        List<String> withInit = new java.util.ArrayList<>(List.of(args));
        withInit.addAll(List.of("--init", "gaussian:0.5,0.05"));
        Cli r = Cli.run(withInit.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.err()).isZero();
        double critical = saturn.theory.meanfield.CriticalLine.forBiasVariance(
                Derivatives.of(Activation.parse("tanh")), 0.05).sigmaW2();
        double a0 = Math.sqrt(critical / 0.5);
        assertThat(derived(run).get("scale_initial").asDouble()).isCloseTo(a0, within(1e-12));

        TrainOptions o = TrainOptions.resolveText(Map.of("data", DATA, "depth", "3", "width", "4", "activation", "tanh",
                "transform", "scale:2", "init", "gaussian:0.5,0.05"));
        Model model = Model.fromSpec(o.plan().modelSpec(2, 2));
        List<Layer> acts = model.layers().stream().filter(l -> l instanceof ActivationLayer).toList();
        assertThat(acts).hasSize(3);
        float[] x = {-2f, -0.5f, 0.25f, 1.5f};
        float[] y = acts.getFirst().forward(new Tensor(x.clone(), 1, 4)).data();
        for (int i = 0; i < x.length; i++) assertThat((double) y[i]).isCloseTo(2 * Math.tanh(x[i]), within(1e-5));

        Path out = tmp.resolve("never");
        // RBF layers take a·RBF (RbfNormOptionTest); recurrent layers have no scale
        List<String> gru = new java.util.ArrayList<>(List.of(train(out, "tanh", 3, "scale")));
        gru.addAll(List.of("--layer", "gru"));
        assertBad(gru.toArray(String[]::new), "--transform scale: --layer gru takes none, normalize, or tat / dks");
    }

    @Test
    void residualNetworksGetTheTargetsOfTheirArchitecture() throws IOException {
        Path run = tmp.resolve("residual");
        List<String> args = new java.util.ArrayList<>(List.of(train(run, "tanh", 10, "dks")));
        args.addAll(List.of("--residual", "normalized:0.8"));
        Cli r = Cli.run(args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode d = derived(run);
        assertThat(d.get("transform_architecture").asText())
                .isEqualTo("1 plain layer(s) then 9 normalized residual blocks, skip weight 0.8");
        ActivationTransform expected = TransformSolver.dks(Derivatives.of(Activation.parse("tanh")),
                new saturn.theory.transform.NormalizedResidual(1, 9, 0.8), 1.5);
        ActivationTransform chain = TransformSolver.dks(Derivatives.of(Activation.parse("tanh")), new Chain(10), 1.5);
        assertThat(d.get("transform_alpha").asDouble()).isCloseTo(expected.alpha(), within(1e-12));
        // the residual sum lets each layer bend more: a larger local slope than the chain's
        assertThat(expected.maps().cPrime()).isGreaterThan(chain.maps().cPrime());
        assertThat(Transforms.solve(OptionText.transform("tat"), Activation.parse("tanh"), 10, Residual.REZERO).architecture()).isEqualTo(new Chain(10));

        // TAT's transform has a mean that the shortcut adds up: refused, with the growth of q
        List<String> tat = new java.util.ArrayList<>(List.of(train(tmp.resolve("never"), "tanh", 10, "tat")));
        tat.addAll(List.of("--residual", "normalized:0.8"));
        assertBad(tat.toArray(String[]::new), "which the 9 normalized residual blocks' shortcut adds up (skip weight 0.8): q grows from 1 to");
    }

    @Test
    void scaleRegularizationPullsEveryScaleTowardItsStart() {
        assertThat(OptionText.transform("scale:1.5, reg=0.01").id()).isEqualTo("scale:1.5,reg=0.01");
        assertThat(OptionText.transform("Scale:reg=2").id()).isEqualTo("scale:reg=2.0");
        assertThat(OptionText.transform("scale:reg=2.0").regularization()).isEqualTo(2.0);
        assertThat(OptionText.transform("scale:1.5").regularization()).isZero();
        TrainOptions o = TrainOptions.resolveText(Map.of("data", DATA, "depth", "2", "width", "4", "activation", "tanh",
                "transform", "scale:reg=0.5", "init", "gaussian:0.5,0.05"));
        // without A0 the theory's a0 still applies
        double a0 = Math.sqrt(saturn.theory.meanfield.CriticalLine.forBiasVariance(
                Derivatives.of(Activation.parse("tanh")), 0.05).sigmaW2() / 0.5);
        Model model = Model.fromSpec(o.plan().modelSpec(2, 2));
        List<ActivationLayer> acts = model.layers().stream().filter(l -> l instanceof ActivationLayer)
                .map(l -> (ActivationLayer) l).toList();
        assertThat(acts).hasSize(2);
        for (ActivationLayer a : acts) {
            assertThat((double) a.scaleValue()).isCloseTo(a0, within(1e-6));
            // move a away from a0; with no upstream gradient the scale's gradient is the penalty's alone
            a.parameters().getFirst().data()[0] = (float) (a0 + 0.25);
            a.forward(new Tensor(new float[] {0.3f, -1f, 2f, 0.1f}, 1, 4));
            a.backward(new Tensor(new float[4], 1, 4));
            assertThat((double) a.parameters().getFirst().grad()[0]).isCloseTo(0.5 * 0.25, within(1e-6));
        }
        Path out = tmp.resolve("never");
        assertBad(train(out, "tanh", 3, "scale:reg=-1"), "--transform scale reg");
        assertBad(train(out, "tanh", 3, "scale:reg=1,2"), "unknown value 'scale:reg=1,2' for --transform");
        assertThat(out).doesNotExist();
    }

    @Test
    void noneKeepsTheActivationAndRecordsNoTransform() {
        TrainOptions o = TrainOptions.resolveText(Map.of("data", DATA, "depth", "3", "width", "8", "activation", "tanh"));
        assertThat(o.spec().transform().id()).isEqualTo("none");
        assertThat(o.plan().networkActivation()).isEqualTo(Activation.parse("tanh"));
        assertThat(OptionText.transform("DKS:2").id()).isEqualTo("dks:2.0");
    }

    private static void assertBad(String[] args, String message) {
        Cli r = Cli.run(args);
        assertThat(r.exitCode()).as(String.join(" ", args) + "\n" + r.err()).isEqualTo(2);
        assertThat(r.err()).contains(message);
        assertThat(r.err().strip().lines()).hasSize(1);
    }
}
