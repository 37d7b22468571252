package saturn.theory.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import saturn.theory.Activation;
import saturn.theory.gauss.Derivatives;
import saturn.theory.gauss.GaussianSample;

class TransformSolverTest {

    private static Derivatives phi(String formula) {
        return Derivatives.of(Activation.parse(formula));
    }

    @Test
    void dksTanhPublishedValues() {
        ActivationTransform t = TransformSolver.dks(phi("tanh"), new Chain(10), 1.5);
        assertThat(t.alpha()).isCloseTo(0.29665, within(5e-6));
        assertThat(t.beta()).isCloseTo(0.652804, within(5e-7));
        assertThat(t.delta()).isCloseTo(-0.542496, within(5e-7));
        assertThat(t.gamma()).isCloseTo(4.9646, within(5e-5));
        assertThat(t.maps().qPrime()).isCloseTo(1, within(1e-10));
        assertThat(t.maps().cPrime()).isCloseTo(Math.pow(1.5, 0.1), within(1e-10));
        assertThat(t.maps().c0()).isCloseTo(0, within(1e-12));
        assertThat(t.maps().q1()).isCloseTo(1, within(1e-12));
    }

    @Test
    void tatTanhPublishedValues() {
        ActivationTransform t = TransformSolver.tat(phi("tanh"), new Chain(10), 0.3);
        assertThat(t.alpha()).isCloseTo(0.184638, within(5e-7));
        assertThat(t.beta()).isCloseTo(0.557367, within(5e-7));
        assertThat(t.delta()).isCloseTo(-0.510545, within(5e-7));
        assertThat(t.gamma()).isCloseTo(7.234956, within(5e-7));
        assertThat(t.maps().cSecond()).isCloseTo(0.03, within(1e-10));
        assertThat(t.maps().cPrime()).isCloseTo(1, within(1e-10));
    }

    @Test
    void tatSigmoidIsTanhsNetworkAndIsNotRejected() {
        ActivationTransform t = TransformSolver.tat(phi("sigmoid"), new Chain(10), 0.3);
        assertThat(t.alpha()).isCloseTo(0.369277, within(5e-7));
        assertThat(t.beta()).isCloseTo(1.114733, within(5e-7));
        assertThat(t.delta()).isCloseTo(-0.755272, within(5e-7));
        assertThat(t.gamma()).isCloseTo(14.469913, within(5e-6));
        // alpha*gamma = 5.3 >= 2 (DeepMind's test would reject it); the scale-invariant slope is tanh's.
        assertThat(t.alpha() * t.gamma()).isGreaterThan(2);
        ActivationTransform tanh = TransformSolver.tat(phi("tanh"), new Chain(10), 0.3);
        assertThat(t.maxSlope()).isCloseTo(tanh.maxSlope(), within(1e-8));
    }

    @Test
    void canonicalSolutionPrefersNonNegativeBetaOnMirrorTies() {
        assertThat(TransformSolver.dks(phi("tanh"), new Chain(10), 1.5).beta()).isPositive();
        assertThat(TransformSolver.dks(phi("sigmoid"), new Chain(10), 1.5).beta()).isPositive();
    }

    @Test
    void architectureHookInvertsANonChainComposition() {
        // A made-up architecture composing slopes as x^(2L): local target must be zeta^(1/20).
        Architecture doubled = new Architecture() {
            @Override
            public double networkSlope(double x) {
                return Math.pow(x, 20);
            }

            @Override
            public double networkCurvature(double x) {
                return 20 * x;
            }
        };
        assertThat(doubled.localSlopeFor(1.5)).isCloseTo(Math.pow(1.5, 1.0 / 20), within(1e-12));
        assertThat(doubled.localCurvatureFor(0.3)).isCloseTo(0.015, within(1e-12));
        ActivationTransform viaHook = TransformSolver.dks(phi("tanh"), doubled, 1.5);
        ActivationTransform viaChain = TransformSolver.dks(phi("tanh"), new Chain(20), 1.5);
        assertThat(viaHook.alpha()).isCloseTo(viaChain.alpha(), within(1e-9));
    }

    @Test
    void noSolutionsAreTypedAndOneLine() {
        assertThatThrownBy(() -> TransformSolver.dks(phi("x"), new Chain(10), 1.5))
                .isInstanceOf(NoTransformException.class)
                .hasMessageNotContaining("\n")
                .hasMessageContaining("no DKS transform of x");
        assertThatThrownBy(() -> TransformSolver.tat(phi("relu"), new Chain(10), 0.3))
                .isInstanceOf(NoTransformException.class)
                .hasMessageContaining("smooth");
    }

    @Test
    void normalizedIsCentredAndUnitVariance() {
        ActivationTransform t = TransformSolver.normalized(phi("sigmoid"));
        assertThat(t.gamma()).isCloseTo(4.801313, within(1e-6));
        assertThat(t.delta()).isCloseTo(-0.5, within(1e-14));
        assertThat(t.maps().c0()).isCloseTo(0, within(1e-14));
    }

    @Test
    void analyticGradientOfTheMomentsMatchesFiniteDifferences() {
        gradientMatches(phi("exp(-x^2)*x"), 0.7, 0.4);
        gradientMatches(phi("tanh"), 0.05, 0.5);
        // Kinked: phi' jumps at 0, so derivatives through phi'' would miss the jump.
        gradientMatches(phi("relu"), 0.8, 0.3);
        gradientMatches(phi("softsign"), 1.3, -0.2);
    }

    @Test
    void dksWorksForKinkedActivations() {
        ActivationTransform t = TransformSolver.dks(phi("softsign"), new Chain(10), 1.5);
        assertThat(t.maps().qPrime()).isCloseTo(1, within(1e-10));
        assertThat(t.maps().cPrime()).isCloseTo(Math.pow(1.5, 0.1), within(1e-10));
    }

    /**
     * A constant added to φ moves δ and nothing else: the normalized gain and the DKS and TAT
     * constants of {@code tanh(x) + c} are those of tanh. As E[φ²] − E[φ]² the variance would
     * cancel 12 of its 16 digits at c = 1e6 and 8 at c = 1e4; taken about φ(β), the moments are
     * as accurate as φ itself, whose values carry ulp(c)/2: 6e-11 at c = 1e6, 1e-10 of its
     * standard deviation (hence 1e-9). (At c = 1e5 and above that rounding exceeds the Newton
     * tolerance of the transforms.)
     */
    @Test
    void aLargeMeanMovesOnlyDelta() {
        Derivatives tanh = phi("tanh");
        Derivatives shifted = phi("tanh(x)+1e6");
        ActivationTransform n = TransformSolver.normalized(tanh);
        ActivationTransform ns = TransformSolver.normalized(shifted);
        assertThat(ns.gamma()).isCloseTo(n.gamma(), within(1e-9 * n.gamma()));
        assertThat(ns.delta() + 1e6).isCloseTo(n.delta(), within(1e-9));

        double c = 1e4;
        Derivatives moved = phi("tanh(x)+1e4");
        for (boolean tat : new boolean[] {false, true}) {
            ActivationTransform t = tat ? TransformSolver.tat(tanh, new Chain(10), 0.3)
                    : TransformSolver.dks(tanh, new Chain(10), 1.5);
            ActivationTransform ts = tat ? TransformSolver.tat(moved, new Chain(10), 0.3)
                    : TransformSolver.dks(moved, new Chain(10), 1.5);
            assertThat(ts.alpha()).as(t.kind()).isCloseTo(t.alpha(), within(1e-8 * t.alpha()));
            assertThat(ts.beta()).as(t.kind()).isCloseTo(t.beta(), within(1e-8));
            assertThat(ts.gamma()).as(t.kind()).isCloseTo(t.gamma(), within(1e-8 * t.gamma()));
            assertThat(ts.delta() + c).as(t.kind()).isCloseTo(t.delta(), within(1e-8));
        }
    }

    /**
     * TAT and DKS for chains of 10³ to 10⁵ layers: the canonical β ≥ 0 root of each mirror pair,
     * and the network's C-map slope and curvature read off the transformed activation itself
     * (its own derivatives and quadrature, not the solver's moments): {@code C'(1)^L} = 1 and
     * {@code L·C''(1)} = τ for TAT, {@code C'(1)^L} = ζ for DKS.
     */
    @ParameterizedTest(name = "{0} at depth {1}")
    @CsvSource(delimiter = ';', value = {
        "tanh; 1000", "tanh; 10000", "tanh; 30000", "tanh; 100000",
        "sigmoid; 1000", "sigmoid; 10000", "sigmoid; 30000", "sigmoid; 100000",
        "erf; 30000", "exp(-x^2); 100000", "exp(-x^2)*x; 100000"})
    void deepChainsKeepTheTargetsAndTheNonNegativeShift(String formula, int depth) {
        Activation phi = Activation.parse(formula);
        ActivationTransform tat = TransformSolver.tat(Derivatives.of(phi), new Chain(depth), 0.3);
        assertThat(tat.beta()).as("TAT beta").isGreaterThanOrEqualTo(0);
        double[] tatMaps = slopeAndCurvature(tat.apply(phi));
        assertThat(Math.pow(tatMaps[0], depth)).as("TAT network slope").isCloseTo(1, within(1e-6));
        assertThat(depth * tatMaps[1]).as("TAT network curvature").isCloseTo(0.3, within(1e-6));
        ActivationTransform dks = TransformSolver.dks(Derivatives.of(phi), new Chain(depth), 1.5);
        assertThat(dks.beta()).as("DKS beta").isGreaterThanOrEqualTo(0);
        assertThat(Math.pow(slopeAndCurvature(dks.apply(phi))[0], depth)).as("DKS network slope")
                .isCloseTo(1.5, within(1e-6));
        // the layers get closer to linear as 1/√L: α·√L settles to a constant
        assertThat(tat.alpha() * Math.sqrt(depth)).isCloseTo(
                TransformSolver.tat(Derivatives.of(phi), new Chain(100), 0.3).alpha() * 10, within(0.01 * tat.alpha() * Math.sqrt(depth)));
    }

    /** The mirror roots of tanh, both followed to depth 10⁴, tie on the maximal slope: the canonical one is β ≥ 0. */
    @Test
    void theMirrorRootIsNotChosenAtDepthTenThousand() {
        ActivationTransform t = TransformSolver.tat(phi("tanh"), new Chain(10000), 0.3);
        assertThat(t.beta()).isCloseTo(0.517793, within(5e-6));
        assertThat(t.delta()).isCloseTo(-0.476000, within(5e-6));
        assertThat(t.alpha()).isCloseTo(0.00575394, within(5e-8));
    }

    /** {@code C'(1) = E[φ̂'²]/E[φ̂²]} and {@code C''(1) = E[φ̂''²]/E[φ̂²]} of φ̂ by quadrature on φ̂ itself. */
    private static double[] slopeAndCurvature(Activation transformed) {
        GaussianSample s = GaussianSample.of(Derivatives.of(transformed), 2, 1, 0);
        double q = s.expectProduct(0, 0, 0, "q");
        return new double[] {s.expectProduct(1, 1, 0, "slope") / q, s.expectProduct(2, 2, 0, "curvature") / q};
    }

    private static void gradientMatches(Derivatives d, double a, double b) {
        ShiftedMoments[] g = ShiftedMoments.withGradient(d, a, b);
        double h = 1e-5;
        ShiftedMoments ap = ShiftedMoments.of(d, a + h, b);
        ShiftedMoments am = ShiftedMoments.of(d, a - h, b);
        ShiftedMoments bp = ShiftedMoments.of(d, a, b + h);
        ShiftedMoments bm = ShiftedMoments.of(d, a, b - h);
        assertThat(g[1].e2()).isCloseTo((ap.e2() - am.e2()) / (2 * h), within(1e-7));
        assertThat(g[2].e2()).isCloseTo((bp.e2() - bm.e2()) / (2 * h), within(1e-7));
        assertThat(g[1].p()).isCloseTo((ap.p() - am.p()) / (2 * h), within(1e-7));
        assertThat(g[2].p()).isCloseTo((bp.p() - bm.p()) / (2 * h), within(1e-7));
        assertThat(g[1].d2()).isCloseTo((ap.d2() - am.d2()) / (2 * h), within(1e-7));
        assertThat(g[2].m0()).isCloseTo((bp.m0() - bm.m0()) / (2 * h), within(1e-7));
        assertThat(g[1].m2()).isCloseTo((ap.m2() - am.m2()) / (2 * h), within(1e-7));
        assertThat(g[2].p1()).isCloseTo((bp.p1() - bm.p1()) / (2 * h), within(1e-7));
    }
}
