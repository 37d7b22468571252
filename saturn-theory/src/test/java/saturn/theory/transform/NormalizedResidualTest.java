package saturn.theory.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import saturn.theory.Activation;
import saturn.theory.gauss.Derivatives;
import saturn.theory.meanfield.MeanField;

class NormalizedResidualTest {

    @Test
    void closedFormInversesAgreeWithTheGenericBisection() {
        NormalizedResidual r = new NormalizedResidual(0, 30, 0.8);
        Architecture generic = new Architecture() {
            @Override
            public double networkSlope(double x) {
                return r.networkSlope(x);
            }

            @Override
            public double networkCurvature(double x) {
                return r.networkCurvature(x);
            }
        };
        assertThat(r.localSlopeFor(1.5)).isCloseTo(generic.localSlopeFor(1.5), within(1e-12));
        assertThat(r.localCurvatureFor(0.3)).isCloseTo(generic.localCurvatureFor(0.3), within(1e-14));
        NormalizedResidual mixed = new NormalizedResidual(1, 29, 0.8);
        assertThat(mixed.networkSlope(mixed.localSlopeFor(1.5))).isCloseTo(1.5, within(1e-12));
    }

    @Test
    void noSkipIsTheChainAndSkipsLetEachLayerBendMore() {
        NormalizedResidual nearlyChain = new NormalizedResidual(1, 19, 1e-6);
        Chain chain = new Chain(20);
        assertThat(nearlyChain.localCurvatureFor(0.3)).isCloseTo(chain.localCurvatureFor(0.3), within(1e-12));
        assertThat(nearlyChain.localSlopeFor(1.5)).isCloseTo(chain.localSlopeFor(1.5), within(1e-10));
        // w² = 0.64 of the signal skips each branch: 19 blocks count as 19·0.36 layers
        NormalizedResidual res = new NormalizedResidual(1, 19, 0.8);
        assertThat(res.localCurvatureFor(0.3)).isCloseTo(0.3 / (1 + 19 * 0.36), within(1e-14));
        assertThat(res.localCurvatureFor(0.3)).isGreaterThan(chain.localCurvatureFor(0.3));
    }

    @Test
    void tatForAResidualNetworkGivesTheNetworkCMapCurvatureTau() {
        // Compose the real block C-maps of the transformed tanh, c -> w²c + (1-w²) f(c), and
        // measure the network map's curvature at c = 1 by finite differences.
        int plain = 1, blocks = 9;
        double w = 0.7, tau = 0.3;
        Derivatives tanh = Derivatives.of(Activation.parse("tanh"));
        ActivationTransform t = TransformSolver.tat(tanh, new NormalizedResidual(plain, blocks, w), tau);
        MeanField mf = MeanField.of(t.apply(Activation.parse("tanh")), 1.0, 0.0);
        DoubleUnaryOperator f = mf.cMapAt(1.0);
        DoubleUnaryOperator network = c -> {
            double v = c;
            for (int i = 0; i < plain; i++) v = f.applyAsDouble(v);
            for (int i = 0; i < blocks; i++) v = w * w * v + (1 - w * w) * f.applyAsDouble(v);
            return v;
        };
        double h = 0.02;
        double c0 = network.applyAsDouble(1), c1 = network.applyAsDouble(1 - h), c2 = network.applyAsDouble(1 - 2 * h);
        assertThat(c0).isCloseTo(1, within(1e-9));
        double slope = (3 * c0 - 4 * c1 + c2) / (2 * h);
        double curvature = (c0 - 2 * c1 + c2) / (h * h);
        assertThat(slope).isCloseTo(1, within(2e-3));
        // one-sided second difference has O(h) error from the third derivative; 5% is far below
        // the chain's answer for the same τ (the chain transform would give curvature 0.3·(1+9·0.51)/10 here)
        assertThat(curvature).isCloseTo(tau, within(0.05 * tau));
    }

    @Test
    void badSizesAreRefused() {
        assertThatThrownBy(() -> new NormalizedResidual(0, 0, 0.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NormalizedResidual(1, 3, 1.0)).isInstanceOf(IllegalArgumentException.class);
    }
}
