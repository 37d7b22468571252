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
    void dksForAResidualNetworkGivesTheNetworkCMapSlopeZeta() {
        // Compose the real block C-maps of the transformed tanh, c -> w²c + (1-w²) f(c) (exact
        // here: DKS's φ̂ has no mean, C(0) = 0), and measure the network map's slope at c = 1.
        int plain = 1, blocks = 9;
        double w = 0.7, zeta = 1.5;
        Derivatives tanh = Derivatives.of(Activation.parse("tanh"));
        ActivationTransform t = TransformSolver.dks(tanh, new NormalizedResidual(plain, blocks, w), zeta);
        assertThat(t.maps().c0()).isCloseTo(0, within(1e-12));
        MeanField mf = MeanField.of(t.apply(Activation.parse("tanh")), 1.0, 0.0);
        DoubleUnaryOperator f = mf.cMapAt(1.0);
        DoubleUnaryOperator network = c -> {
            double v = c;
            for (int i = 0; i < plain; i++) v = f.applyAsDouble(v);
            for (int i = 0; i < blocks; i++) v = w * w * v + (1 - w * w) * f.applyAsDouble(v);
            return v;
        };
        double h = 1e-4;
        double slope = (network.applyAsDouble(1) - network.applyAsDouble(1 - h)) / h;
        assertThat(network.applyAsDouble(1)).isCloseTo(1, within(1e-9));
        assertThat(slope).isCloseTo(zeta, within(2e-3 * zeta));
        // the chain's transform for the same ζ bends each layer less
        ActivationTransform chain = TransformSolver.dks(tanh, new Chain(plain + blocks), zeta);
        assertThat(t.maps().cPrime()).isGreaterThan(chain.maps().cPrime());
    }

    @Test
    void tatIsRefusedWhereTheShortcutAddsItsMeanUp() {
        // TAT's tanh has C(0) > 0; 99 blocks of w = 0.99 sum its mean and q grows far from 1
        Derivatives tanh = Derivatives.of(Activation.parse("tanh"));
        assertThatThrownBy(() -> TransformSolver.tat(tanh, new NormalizedResidual(1, 99, 0.99), 0.3))
                .isInstanceOf(NoTransformException.class)
                .hasMessageContaining("q grows from 1 to")
                .hasMessageContaining("use --transform dks");
        ActivationTransform chainTat = TransformSolver.tat(tanh, new Chain(100), 0.3);
        assertThat(chainTat.maps().c0()).isGreaterThan(1e-3);
    }

    @Test
    void shortcutMeanFollowsAWideSimulation() {
        // the chain's TAT transform of tanh (mean about -0.2) on 1 plain layer + 30 blocks of
        // w = 0.95, against a seeded network of width 1000 with Gaussian weights of variance 1/n
        Derivatives tanh = Derivatives.of(Activation.parse("tanh"));
        ActivationTransform t = TransformSolver.tat(tanh, new Chain(31), 0.3);
        int blocks = 30, n = 1000, batch = 4;
        double w = 0.95;
        double[] predicted = ShortcutMean.secondMoments(tanh, t, 1, blocks, w);
        assertThat(predicted[blocks]).isGreaterThan(1.3);   // the effect is there to measure

        java.util.SplittableRandom r = new java.util.SplittableRandom(7);
        double[][] x = new double[batch][n];
        for (double[] row : x) for (int i = 0; i < n; i++) row[i] = r.nextGaussian();
        java.util.function.DoubleUnaryOperator phiHat = v -> t.gamma() * (Math.tanh(t.alpha() * v + t.beta()) + t.delta());
        x = layer(x, r, phiHat, 0, 1);   // the plain layer
        double s = Math.sqrt(1 - w * w);
        for (int l = 0; l < blocks; l++) x = layer(x, r, phiHat, w, s);
        double q = 0;
        for (double[] row : x) for (double v : row) q += v * v;
        q /= batch * n;
        assertThat(q).isCloseTo(predicted[blocks], within(0.08 * predicted[blocks]));
    }

    /** {@code w·x + s·φ̂(W x)} with W Gaussian of variance 1/n. */
    private static double[][] layer(double[][] x, java.util.SplittableRandom r, DoubleUnaryOperator phiHat, double w, double s) {
        int n = x[0].length;
        double[][] out = new double[x.length][n];
        double sd = 1 / Math.sqrt(n);
        double[] row = new double[n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) row[j] = sd * r.nextGaussian();
            for (int b = 0; b < x.length; b++) {
                double h = 0;
                for (int j = 0; j < n; j++) h += row[j] * x[b][j];
                out[b][i] = w * x[b][i] + s * phiHat.applyAsDouble(h);
            }
        }
        return out;
    }

    @Test
    void badSizesAreRefused() {
        assertThatThrownBy(() -> new NormalizedResidual(0, 0, 0.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NormalizedResidual(1, 3, 1.0)).isInstanceOf(IllegalArgumentException.class);
    }
}
