package saturn.engine.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import saturn.engine.blas.JavaGemm;
import saturn.engine.data.DataSpec;
import saturn.engine.layer.ActivationLayer;
import saturn.engine.layer.GradientCheck;
import saturn.engine.layer.LayerNorm;
import saturn.engine.loss.SoftmaxCrossEntropy;
import saturn.engine.loss.Target;
import saturn.engine.model.LayerStats;
import saturn.engine.model.Model;
import saturn.engine.model.Normalization;
import saturn.engine.model.TrainingStep;
import saturn.engine.optim.OptState;
import saturn.engine.remedy.InitSpec;
import saturn.engine.run.RunControl;
import saturn.engine.run.RunPlan;
import saturn.engine.run.RunSpec;
import saturn.engine.tensor.Tensor;
import saturn.engine.train.DiagnosticsLine;
import saturn.theory.Activation;

/** {@code --control}: its text, the isometry penalty, and what the controller does with what it measures. */
class GainControlTest {

    private static final DataSpec SPIRALS = DataSpec.parse("synthetic:spirals");

    @Test
    void controlTextNamesItsActionsAndWritesEveryValue() {
        assertThat(ControlSpec.parse("gain,lr").id()).isEqualTo("gain=0.5,lr=10");
        assertThat(ControlSpec.parse(" Gain=0.25 , iso=1e-4").id()).isEqualTo("gain=0.25,iso=1.0E-4");
        assertThat(ControlSpec.parse(ControlSpec.parse("lr=3,iso").id())).isEqualTo(ControlSpec.parse("lr=3,iso"));
        assertThat(ControlSpec.parse("none")).isEqualTo(ControlSpec.NONE);
        assertThat(ControlSpec.NONE.enabled()).isFalse();
        assertThatThrownBy(() -> ControlSpec.parse("fast")).hasMessageContaining("unknown action 'fast'");
        assertThatThrownBy(() -> ControlSpec.parse("gain=0")).hasMessageContaining("(0, 1]");
        assertThatThrownBy(() -> ControlSpec.parse("gain=2")).hasMessageContaining("(0, 1]");
        assertThatThrownBy(() -> ControlSpec.parse("lr=0.5")).hasMessageContaining(">= 1");
        assertThatThrownBy(() -> ControlSpec.parse("gain,gain")).hasMessageContaining("given twice");
        assertThatThrownBy(() -> ControlSpec.parse("iso=x")).hasMessageContaining("not a number");
    }

    /** {@code (λ/4)‖G − cI‖²_F} in double. */
    private static double penalty(float[] w, int m, int n, double c, double lambda) {
        int k = Math.min(m, n);
        double sum = 0;
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                double g = 0;
                if (m <= n) for (int t = 0; t < n; t++) g += (double) w[i * n + t] * w[j * n + t];
                else for (int t = 0; t < m; t++) g += (double) w[t * n + i] * w[t * n + j];
                double d = g - (i == j ? c : 0);
                sum += d * d;
            }
        }
        return lambda / 4 * sum;
    }

    @Test
    void isometryPenaltyAddsTheGradientOfItsPenaltyForWideAndTallMatrices() {
        SplittableRandom r = new SplittableRandom(3);
        for (int[] shape : new int[][] {{5, 8}, {8, 5}, {6, 6}}) {
            int m = shape[0], n = shape[1];
            float[] w0 = new float[m * n];
            for (int i = 0; i < w0.length; i++) w0[i] = (float) (r.nextGaussian() * 0.5);
            IsometryPenalty iso = new IsometryPenalty(0.3, new boolean[] {true}, new int[][] {shape}, new JavaGemm());
            iso.init(new float[][] {w0});
            double c = 0;
            for (float v : w0) c += v * v;
            c /= Math.min(m, n);
            assertThat(iso.target(0)).isCloseTo((float) c, within(1e-6f));
            float[] w = w0.clone();
            for (int i = 0; i < w.length; i++) w[i] += (float) (r.nextGaussian() * 0.2);
            float[] grad = new float[w.length];
            for (int i = 0; i < grad.length; i++) grad[i] = 0.01f * i;   // the loss gradient it adds to
            float[][] updates = {grad.clone()};
            iso.update(updates, null, new float[][] {w});
            double h = 1e-3;
            for (int i = 0; i < w.length; i++) {
                float[] plus = w.clone(), minus = w.clone();
                plus[i] += (float) h;
                minus[i] -= (float) h;
                double fd = (penalty(plus, m, n, c, 0.3) - penalty(minus, m, n, c, 0.3)) / (plus[i] - minus[i]);
                assertThat((double) (updates[0][i] - grad[i])).as("%dx%d element %d", m, n, i).isCloseTo(fd, within(2e-3 * Math.max(1, Math.abs(fd))));
            }
        }
    }

    @Test
    void isometryPenaltyAloneTakesAGaussianMatrixToItsIsometry() {
        SplittableRandom r = new SplittableRandom(5);
        int m = 12, n = 20;
        float[] w = new float[m * n];
        for (int i = 0; i < w.length; i++) w[i] = (float) (r.nextGaussian() / Math.sqrt(n));
        IsometryPenalty iso = new IsometryPenalty(1.0, new boolean[] {true}, new int[][] {{m, n}}, new JavaGemm());
        OptState state = iso.init(new float[][] {w});
        assertThat(state.arrays()).containsKey("iso_c.0");
        double start = iso.relativeDeviation(0, w);
        assertThat(start).isGreaterThan(0.3);
        for (int s = 0; s < 400; s++) {
            float[][] u = {new float[w.length]};
            iso.update(u, state, new float[][] {w});
            for (int i = 0; i < w.length; i++) w[i] -= 0.2f * u[0][i];
        }
        assertThat(iso.relativeDeviation(0, w)).isLessThan(1e-3);
    }

    private static List<LayerStats> stats(double[] deltaRms, double[] gradNorm) {
        List<LayerStats> out = new ArrayList<>();
        for (int l = 0; l < deltaRms.length; l++) {
            out.add(new LayerStats(l, "layers." + l, 0, 1, 0, 1, 0, deltaRms[l], gradNorm[l], 1e-3));
        }
        return out;
    }

    private static RunPlan plan(String control, int depth) {
        return RunPlan.of(RunSpec.of(SPIRALS, depth, 8, Activation.parse("tanh")).withInit(InitSpec.of(InitSpec.Kind.XAVIER))
                .withControl(ControlSpec.parse(control)));
    }

    private static List<ActivationLayer> scales(Model model) {
        return model.layers().stream().filter(l -> l instanceof ActivationLayer a && a.hasScale())
                .map(l -> (ActivationLayer) l).toList();
    }

    @Test
    void gainMovesEachScaleAgainstItsMeasuredGainWithinItsBounds() {
        RunPlan plan = plan("gain", 4);
        Model model = Model.fromSpec(plan.modelSpec(2, 2));
        List<ActivationLayer> a = scales(model);
        assertThat(a).hasSize(4).allSatisfy(s -> assertThat(s.scaleValue()).isEqualTo(1f));
        GainController c = RunControl.of(plan, model).controller();
        // chi_0 = (1/2)^2 = 0.25: a x 0.25^(-1/4) = sqrt 2; chi_1 = 1: kept; chi_2 = 4: a x 1/sqrt 2; layer 3 feeds the read-out
        String json = c.act(1, stats(new double[] {1, 2, 2, 1}, new double[] {1, 1, 1, 1}));
        assertThat(a.get(0).scaleValue()).isCloseTo((float) Math.sqrt(2), within(1e-6f));
        assertThat(a.get(1).scaleValue()).isEqualTo(1f);
        assertThat(a.get(2).scaleValue()).isCloseTo((float) Math.sqrt(0.5), within(1e-6f));
        assertThat(a.get(3).scaleValue()).isEqualTo(1f);
        assertThat(json).contains("\"gain\":[").contains("gain 0.250 < 1: a x 1.41\"").contains("within 0.02 of 1")
                .contains("feeds the read-out").doesNotContain("bounded");
        // a vanished gain moves a by at most 2 per action, and a stays within 100 of a0
        for (int s = 0; s < 20; s++) c.act(2 + s, stats(new double[] {1e-9, 1, 1, 1}, new double[] {1, 1, 1, 1}));
        assertThat(a.get(0).scaleValue()).isEqualTo(100f);
        assertThat(c.act(30, stats(new double[] {1e-9, 1, 1, 1}, new double[] {1, 1, 1, 1}))).contains("(bounded)");
        // nothing measured: nothing moves
        float before = a.get(1).scaleValue();
        c.act(31, stats(new double[] {1, Double.NaN, 1, 1}, new double[] {1, 1, 1, 1}));
        assertThat(a.get(1).scaleValue()).isEqualTo(before);
    }

    @Test
    void withLayerNormTheGainHandleIsTheNormsGain() {
        RunPlan plan = RunPlan.of(RunSpec.of(SPIRALS, 3, 8, Activation.parse("tanh")).withNorm(Normalization.LAYER)
                .withControl(ControlSpec.parse("gain=1")));
        Model model = Model.fromSpec(plan.modelSpec(2, 2));
        assertThat(scales(model)).isEmpty();
        List<LayerNorm> norms = model.layers().stream().filter(l -> l instanceof LayerNorm).map(l -> (LayerNorm) l).toList();
        // chi_l is set by the next layer's norm, all of them moved together by the mean gain:
        // chi_0 = 16, chi_1 = 1 -> mean 4 -> gamma_1 and gamma_2 x 4^(-1/2); gamma_0 stays
        String json = RunControl.of(plan, model).controller().act(1, stats(new double[] {4, 1, 1}, new double[] {1, 1, 1}));
        assertThat(norms.get(0).gainRms()).isEqualTo(1.0);
        assertThat(norms.get(1).gainRms()).isCloseTo(0.5, within(1e-6));
        assertThat(norms.get(2).gainRms()).isCloseTo(0.5, within(1e-6));
        assertThat(json).contains("mean gain 4.00 > 1: gamma x 0.500");
    }

    @Test
    void learningRateFactorsMoveHalfwayToTheInverseOfEachLayersGradientToWeightRatio() {
        RunPlan plan = plan("lr=4", 3);
        Model model = Model.fromSpec(plan.modelSpec(2, 2));
        double[] w = new double[3];
        for (var p : model.trainableParameters()) {
            if (p.shape().length != 2 || !p.name().startsWith("layers.")) continue;
            int l = Integer.parseInt(p.name().split("\\.")[1]) / 2;   // layers.0, layers.2, layers.4: dense; odd: activations
            if (l >= 3) continue;
            double s = 0;
            for (float v : p.data()) s += v * v;
            w[l] = Math.sqrt(s);
        }
        // ratios 1, 16, 1/16 (geometric mean 1): targets 1, 1/16 -> bound 1/4, 16 -> bound 4
        double[] grad = {w[0], 16 * w[1], w[2] / 16};
        double[] target = {1, 0.25, 4};
        GainController c = RunControl.of(plan, model).controller();
        String json = c.act(1, stats(new double[] {1, 1, 1}, grad));
        assertThat(json).contains("\"lr\":[").doesNotContain("\"gain\"");
        assertThat(factors(json)).usingComparatorWithPrecision(1e-6)
                .containsExactly(1.0, Math.sqrt(0.25), Math.sqrt(4));
        // each action moves halfway again (in log) toward the same targets
        c.act(2, stats(new double[] {1, 1, 1}, grad));
        double[] third = factors(c.act(3, stats(new double[] {1, 1, 1}, grad)));
        for (int l = 0; l < 3; l++) {
            assertThat(third[l]).isCloseTo(Math.pow(target[l], 1 - 1.0 / 8), within(1e-5));
        }
        OptState state = new ControlledRates(1).init(new float[][] {{0}});
        assertThat(state.arrays()).containsKey("factor.0");
    }

    private static double[] factors(String json) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"factor\":([-0-9.Ee]+)").matcher(json);
        List<Double> out = new ArrayList<>();
        while (m.find()) out.add(Double.parseDouble(m.group(1)));
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    @Test
    void theGainControllerBringsANaiveSigmoidNetworksVanishingFactorToward1WhileItTrains() {
        RunPlan plan = RunPlan.of(RunSpec.of(SPIRALS, 8, 32, Activation.parse("sigmoid"))
                .withInit(InitSpec.of(InitSpec.Kind.XAVIER)).withControl(ControlSpec.parse("gain")));
        Model model = Model.fromSpec(plan.modelSpec(2, 2));
        RunControl control = RunControl.of(plan, model);
        TrainingStep step = new TrainingStep(model, new SoftmaxCrossEntropy(), control.wrap(plan.optimizer(model, 100)));
        SplittableRandom r = new SplittableRandom(9);
        double first = Double.NaN, last = Double.NaN;
        for (int s = 1; s <= 40; s++) {
            Tensor x = GradientCheck.randomInput(64, 2, r, 1.0);
            int[] y = new int[64];
            for (int i = 0; i < 64; i++) y[i] = r.nextInt(2);
            step.run(x, Target.labels(y), true);
            double vf = new DiagnosticsLine(s, step.lastDiagnostics()).vanishingFactor();
            if (s == 1) first = vf;
            last = vf;
            control.controller().act(s, step.lastDiagnostics());
        }
        // Xavier sigmoid: each layer passes back about a sixteenth of the gradient's energy
        assertThat(first).isLessThan(1e-3);
        assertThat(Math.abs(Math.log(last))).isLessThan(0.1 * Math.abs(Math.log(first)));
    }
}
