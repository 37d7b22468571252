package saturn.engine.init;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;

import org.junit.jupiter.api.Test;

import saturn.engine.model.Diagnostics;
import saturn.engine.model.LayerStats;
import saturn.engine.model.Model;
import saturn.engine.model.ModelSpec;
import saturn.engine.tensor.Ops;
import saturn.engine.tensor.Tensor;
import saturn.theory.Activation;
import saturn.theory.gauss.Derivatives;
import saturn.theory.meanfield.CriticalLine;
import saturn.theory.meanfield.CriticalPoint;
import saturn.theory.meanfield.MeanField;
import saturn.theory.meanfield.Moments;

/**
 * The theory's initializers on seeded wide networks (STYLE.md "theory against simulation"):
 * the variance-preserving gain keeps q = 1 across depth, and the edge of chaos keeps q = q*
 * and the backward gain {@code chi_emp = (δ_l/δ_{l+1})²} at 1, with Gaussian and orthogonal weights.
 */
class MeanFieldInitTest {

    private static final Ops OPS = Ops.selected();
    private static final int BATCH = 64;

    /** Inputs distributed like a hidden layer's output at q: {@code φ(√q z)}, so layer 1 already sits at q. */
    private static Tensor inputsAt(double q, int width, DoubleUnaryOperator phi, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = new float[BATCH * width];
        for (int i = 0; i < x.length; i++) x[i] = (float) phi.applyAsDouble(Math.sqrt(q) * rng.nextGaussian());
        return new Tensor(x, BATCH, width);
    }

    /** Forward then backward from a random output gradient; the per-hidden-layer statistics. */
    private static List<LayerStats> run(String activation, DoubleUnaryOperator phi, int depth, int width,
                                        InitScheme init, double sw2, double sb2, double q) {
        // classes = width: a full-rank read-out, so the backward signal reaching the last hidden layer is generic
        Model m = Model.fromSpec(ModelSpec.mlp(width, depth, width, Activation.parse(activation), width)
                .withInit(init, sw2, sb2).withSeed(7), OPS);
        m.forward(inputsAt(q, width, phi, 3));
        SplittableRandom rng = new SplittableRandom(5);
        float[] g = new float[BATCH * width];
        for (int i = 0; i < g.length; i++) g[i] = (float) rng.nextGaussian();
        m.backward(new Tensor(g, BATCH, width));
        return new Diagnostics(m).measure(null);
    }

    private static double q(LayerStats s) {
        return s.preStd() * s.preStd() + s.preMean() * s.preMean();
    }

    @Test
    void tanhGainIsTheNormalizingGainOfTheTheory() {
        Moments mo = Moments.of(Derivatives.of(Activation.parse("tanh")));
        double sw2 = mo.variancePreservingSigmaW2(0);
        // tanh is odd: E[tanh²] = Var tanh, so the gain equals the NF gain 1/s = 1.592537 (docs/architecture.md §5)
        assertThat(Math.sqrt(sw2)).isCloseTo(1.592537, within(1e-6));
        float[] w = new float[256 * 400];
        Initializers.gaussian(sw2).fill(w, 400, 256, new SplittableRandom(1));
        double s2 = 0;
        for (float v : w) s2 += (double) v * v;
        assertThat(s2 / w.length).isCloseTo(sw2 / 400, within(0.02 * sw2 / 400));
    }

    @Test
    void gainKeepsThePreActivationVarianceAtOneAcrossDepth() {
        // a built-in and a custom formula (odd, so the batch's shared mean does not drift q at finite width)
        for (String act : List.of("tanh", "x*exp(-x^2)")) {
            Derivatives d = Derivatives.of(Activation.parse(act));
            double sw2 = Moments.of(d).variancePreservingSigmaW2(0);
            DoubleUnaryOperator phi = act.equals("tanh") ? Math::tanh : x -> x * Math.exp(-x * x);
            List<LayerStats> stats = run(act, phi, 6, 512, InitScheme.GAUSSIAN, sw2, 0, 1.0);
            for (LayerStats s : stats) assertThat(q(s)).as("%s %s q", act, s.name()).isCloseTo(1.0, within(0.05));
        }
    }

    private static void assertCritical(InitScheme init, CriticalPoint p, int depth, int width) {
        MeanField mf = MeanField.of(Activation.parse("tanh"), p.sigmaW2(), p.sigmaB2());
        assertThat(mf.chi1(p.qStar())).as("chi1 at q*").isCloseTo(1.0, within(1e-6));
        List<LayerStats> stats = run("tanh", Math::tanh, depth, width, init, p.sigmaW2(), p.sigmaB2(), p.qStar());
        double logProduct = 0;
        for (int l = 0; l < stats.size(); l++) {
            LayerStats s = stats.get(l);
            // once the batch's inputs correlate (c -> 1 at criticality), q random-walks by ~sqrt(2/N) per layer
            assertThat(q(s)).as("%s q at %s, q* = %s", init, s.name(), p.qStar()).isCloseTo(p.qStar(), within(0.10 * p.qStar()));
            if (l + 1 < stats.size()) {
                double chi = Math.pow(s.deltaRms() / stats.get(l + 1).deltaRms(), 2);
                assertThat(chi).as("%s chi_emp at %s", init, s.name()).isCloseTo(1.0, within(0.05));
                logProduct += Math.log(chi);
            }
        }
        // the product over depth, chi1^L in the theory, stays near 1: no vanishing, no explosion
        assertThat(Math.exp(logProduct)).as(init + " product of chi_emp").isCloseTo(1.0, within(0.15));
    }

    @Test
    void criticalGaussianKeepsQAndTheBackwardGainAtTheirFixedPoints() {
        Derivatives tanh = Derivatives.of(Activation.parse("tanh"));
        assertCritical(InitScheme.GAUSSIAN, CriticalLine.forBiasVariance(tanh, 0.05), 30, 1024);
    }

    @Test
    void criticalOrthogonalAtQStarOneOverDepth() {
        int depth = 20;
        Derivatives tanh = Derivatives.of(Activation.parse("tanh"));
        assertCritical(InitScheme.ORTHOGONAL, CriticalLine.forQStar(tanh, 1.0 / depth), depth, 1024);
    }
}
