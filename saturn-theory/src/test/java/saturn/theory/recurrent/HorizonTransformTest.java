package saturn.theory.recurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import saturn.theory.Activation;
import saturn.theory.gauss.Derivatives;
import saturn.theory.transform.ActivationTransform;
import saturn.theory.transform.Chain;
import saturn.theory.transform.NoTransformException;
import saturn.theory.transform.TransformSolver;

class HorizonTransformTest {

    private static final Activation TANH = Activation.parse("tanh");

    /** The T-fold composition of the recurrence's correlation map (same inputs) for φ̂ at q* = 1. */
    private static DoubleUnaryOperator composite(HorizonTransform h) {
        Activation hat = h.apply(TANH);
        ElmanMeanField mf = ElmanMeanField.of(hat, h.sigmaW2(), h.inputWeightVariance(2), 0, 2);
        DoubleUnaryOperator step = mf.correlationMap(1);
        return c -> {
            double x = c;
            for (int t = 0; t < h.horizon(); t++) {
                x = step.applyAsDouble(x);
            }
            return x;
        };
    }

    @Test
    void withoutInputsTheRecurrenceIsAChain() {
        Derivatives phi = Derivatives.of(TANH);
        ActivationTransform chain = TransformSolver.dks(phi, new Chain(10), 1.5);
        HorizonTransform h = HorizonTransform.dks(TANH, 10, 0, 1.5);
        assertThat(h.transform().alpha()).isCloseTo(chain.alpha(), within(1e-9));
        assertThat(h.transform().beta()).isCloseTo(chain.beta(), within(1e-9));
        ActivationTransform chainTat = TransformSolver.tat(phi, new Chain(10), 0.3);
        HorizonTransform t = HorizonTransform.tat(TANH, 10, 0, 0.3);
        assertThat(t.transform().alpha()).isCloseTo(chainTat.alpha(), within(1e-9));
        assertThat(t.transform().delta()).isCloseTo(chainTat.delta(), within(1e-9));
        assertThat(new Recurrence(10, 0).unitLocalSlope()).isEqualTo(1);
    }

    /**
     * DKS over 30 steps with a 2% input share: the recurrence of φ̂ at σ_w² = 0.98,
     * σ_u² q_x = 0.02 has q* = 1, its per-step gain is the step slope, and the 30-fold
     * correlation map has slope ζ at c = 1 (finite differences of the composed map).
     */
    @Test
    void dksOverTheHorizonReachesTheNetworkSlope() {
        HorizonTransform h = HorizonTransform.dks(TANH, 30, 0.02, 1.5);
        assertThat(h.kind()).isEqualTo("dks");
        assertThat(h.sigmaW2()).isCloseTo(0.98, within(1e-15));
        assertThat(h.networkSlope()).isCloseTo(1.5, within(1e-9));
        assertThat(h.transform().maps().c0()).isCloseTo(0, within(1e-12));
        assertThat(h.transform().maps().qPrime()).isCloseTo(1, within(1e-9));
        ElmanMeanField mf = ElmanMeanField.of(h.apply(TANH), h.sigmaW2(), h.inputWeightVariance(2), 0, 2);
        assertThat(mf.fixedPointQ()).isCloseTo(1, within(1e-9));
        assertThat(mf.chi()).isCloseTo(h.stepSlope(), within(1e-9));
        assertThat(h.timescale()).isNegative();
        double eps = 1e-4;
        DoubleUnaryOperator f = composite(h);
        assertThat((f.applyAsDouble(1) - f.applyAsDouble(1 - eps)) / eps).isCloseTo(1.5, within(2e-3));
    }

    /** TAT over 20 steps: step slope 1 and a composite curvature τ, read off the composed map. */
    @Test
    void tatOverTheHorizonReachesTheNetworkCurvature() {
        HorizonTransform h = HorizonTransform.tat(TANH, 20, 0.004, 0.3);
        assertThat(h.stepSlope()).isCloseTo(1, within(1e-9));
        assertThat(h.networkCurvature()).isCloseTo(0.3, within(1e-9));
        assertThat(h.timescale()).isGreaterThan(1e6);
        DoubleUnaryOperator f = composite(h);
        double eps = 2e-3;
        double second = (f.applyAsDouble(1) - 2 * f.applyAsDouble(1 - eps) + f.applyAsDouble(1 - 2 * eps)) / (eps * eps);
        assertThat(second).isCloseTo(0.3, within(0.01));
    }

    @Test
    void tatRefusesAnInputShareItCannotCarry() {
        assertThat(HorizonTransform.maxTatInputShare(784, 0.3)).isCloseTo(0.3 / 1568, within(1e-15));
        assertThatThrownBy(() -> HorizonTransform.tat(TANH, 784, 0.01, 0.3))
                .isInstanceOf(NoTransformException.class)
                .hasMessageContaining("input share below tau/(2T)")
                .hasMessageNotContaining("\n");
    }

    /** The bound behind that refusal holds for DKS too: curvature over T steps ≥ 2 T v. */
    @Test
    void dksCurvatureOverTheHorizonIsAtLeastTwiceTheInjectedShare() {
        for (double v : new double[] {0.001, 0.01, 0.05}) {
            HorizonTransform h = HorizonTransform.dks(TANH, 100, v, 1.5);
            assertThat(h.networkCurvature()).as("v = " + v).isGreaterThanOrEqualTo(2 * 100 * v);
        }
    }

    /**
     * A wide tied recurrence of φ̂ (width 2000, 3 seeds) started at q = 1 keeps its variance
     * and its gradient (TAT: step slope 1); started from zero its variance creeps up over
     * about 1/v steps.
     */
    @Test
    void transformedRecurrenceKeepsVarianceAndGradientInSimulation() {
        HorizonTransform h = HorizonTransform.tat(TANH, 50, 0.002, 0.3);
        assertThat(h.varianceTimescale()).isCloseTo(1 / 0.002, within(2.0));
        double q = 0;
        double logGain = 0;
        for (long seed = 1; seed <= 3; seed++) {
            WideElman.Run run = new WideElman(h.apply(TANH), 2000, 200, h.sigmaW2(), h.inputWeightVariance(1), 0, seed)
                    .run(1, 0.5, 40, 1);
            q += WideElman.Run.mean(run.q(), 15, 40) / 3;
            logGain += WideElman.Run.mean(run.logGain(), 1, 40) / 3;
        }
        assertThat(q).isCloseTo(1, within(0.1));
        assertThat(Math.exp(logGain)).isCloseTo(1, within(0.015));
        WideElman.Run cold = new WideElman(h.apply(TANH), 2000, 200, h.sigmaW2(), h.inputWeightVariance(1), 0, 1L)
                .run(1, 0.5, 40);
        assertThat(cold.q()[39]).isLessThan(0.2);
    }
}
