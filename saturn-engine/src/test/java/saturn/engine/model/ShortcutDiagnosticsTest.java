package saturn.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import saturn.engine.init.InitScheme;
import saturn.engine.layer.GradientCheck;
import saturn.engine.tensor.Ops;
import saturn.engine.tensor.Tensor;
import saturn.engine.train.DiagnosticsLine;
import saturn.theory.Activation;

/** Diagnostics of networks with shortcuts, and the highway gate bias chosen for the depth. */
class ShortcutDiagnosticsTest {

    private static final Ops OPS = Ops.reference();

    /** A forward and backward pass with a fixed output gradient, then the diagnostics line. */
    private static DiagnosticsLine diagnose(Model m, int inputs, int classes) {
        Tensor y = m.forward(GradientCheck.randomInput(32, inputs, new SplittableRandom(3), 1.0));
        Tensor dy = Tensor.matrix(y.rows(), classes);
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < dy.size(); i++) dy.data()[i] = (float) r.nextGaussian();
        m.backward(dy);
        return new DiagnosticsLine(1, new Diagnostics(m).measure(null));
    }

    @Test
    void reZeroStartsAsTheIdentitySoItsStreamCarriesTheGradientUnchanged() {
        // α = 0: every branch's pre-activation gradient is 0 (δ₁/δ_L = 0/0), while the stream's
        // gradient passes each block unchanged: the vanishing factor is exactly 1
        Model m = Model.fromSpec(ModelSpec.mlp(6, 12, 8, Activation.parse("tanh"), 3)
                .withShortcut(Shortcut.REZERO, 0).withSeed(2), OPS);
        DiagnosticsLine line = diagnose(m, 6, 3);
        assertThat(line.layers()).hasSize(12);
        assertThat(line.layers().get(5).deltaRms()).isZero();
        assertThat(line.layers().getFirst().streamRms()).isNaN();   // the plain first layer sits in no block
        assertThat(line.layers().get(1).streamRms()).isPositive();
        assertThat(line.vanishingFactor()).isEqualTo(1.0);
        assertThat(line.toJson()).contains("\"stream_rms\":");
    }

    @Test
    void normalizedResidualMeasuresTheStreamBetweenItsFirstAndLastBlock() {
        Model m = Model.fromSpec(ModelSpec.mlp(6, 10, 16, Activation.parse("tanh"), 3)
                .withShortcut(Shortcut.NORMALIZED, 0.9).withSeed(4), OPS);
        DiagnosticsLine line = diagnose(m, 6, 3);
        List<saturn.engine.model.LayerStats> l = line.layers();
        assertThat(line.vanishingFactor()).isEqualTo(l.get(1).streamRms() / l.getLast().streamRms());
        assertThat(line.vanishingFactor()).isNotEqualTo(l.getFirst().deltaRms() / l.getLast().deltaRms());
    }

    @Test
    void highwayLayersAreProbedThroughTheirHiddenTransform() {
        Model m = Model.fromSpec(ModelSpec.mlp(6, 5, 8, Activation.parse("tanh"), 3)
                .withShortcut(Shortcut.HIGHWAY, 0).withSeed(2), OPS);
        DiagnosticsLine line = diagnose(m, 6, 3);
        assertThat(line.layers()).extracting(LayerStats::name)
                .containsExactly("layers.0", "layers.2.hidden", "layers.3.hidden", "layers.4.hidden", "layers.5.hidden");
        assertThat(line.layers().get(2).deltaRms()).isPositive();
        assertThat(line.layers().get(2).streamRms()).isPositive();
    }

    @Test
    void gateBiasKeepsHalfTheSignalOverTheStack() {
        for (int layers : new int[] {2, 10, 99, 999}) {
            double b = HighwayGate.biasFor(layers);
            assertThat(Math.pow(HighwayGate.keptPerLayer(b), layers)).isCloseTo(HighwayGate.KEPT, within(1e-9));
        }
        assertThat(HighwayGate.biasFor(999)).isLessThan(HighwayGate.biasFor(99));
        // E[T² + (1−T)²] against a seeded Monte-Carlo estimate
        SplittableRandom r = new SplittableRandom(11);
        double s = 0;
        int n = 2_000_000;
        for (int i = 0; i < n; i++) {
            double t = 1 / (1 + Math.exp(-(-1 + r.nextGaussian())));
            s += t * t + (1 - t) * (1 - t);
        }
        assertThat(HighwayGate.keptPerLayer(-1)).isCloseTo(s / n, within(1e-3));
    }

    @Test
    void deepHighwayStackKeepsItsSignalWithTheDepthsGateBiasAndLosesItWithMinusOne() {
        // 60 highway layers of tanh at the critical init: with the chosen bias the last layer's
        // input keeps a second moment near the first's; with the fixed bias −1 it has decayed
        // by 0.65 per layer
        ModelSpec spec = ModelSpec.mlp(32, 61, 32, Activation.parse("tanh"), 3).withShortcut(Shortcut.HIGHWAY, 0)
                .withInit(InitScheme.ORTHOGONAL, 1, 0).withSeed(3);
        Model chosen = Model.fromSpec(spec, OPS);
        ModelBuilder b = new ModelBuilder(32, OPS).seed(3).init(InitScheme.ORTHOGONAL.initializer(1), saturn.engine.init.Initializers.zeros());
        CompiledActivation tanh = CompiledActivation.compile("tanh", OPS.kernels());
        b.dense(32).activation(tanh, 1f);
        for (int l = 0; l < 60; l++) b.highway(tanh);
        Model fixed = b.dense(3).build();
        double kept = lastHighwayInput(chosen);
        double lost = lastHighwayInput(fixed);
        assertThat(kept).isGreaterThan(0.1);
        assertThat(lost).isLessThan(1e-6);
    }

    private static double lastHighwayInput(Model m) {
        m.forward(GradientCheck.randomInput(64, 32, new SplittableRandom(8), 1.0));
        List<LayerStats> s = new Diagnostics(m).measure(null);
        LayerStats last = s.getLast();
        return last.preStd() * last.preStd() + last.preMean() * last.preMean();
    }
}
