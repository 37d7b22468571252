package saturn.theory.meanfield;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.hipparchus.analysis.solvers.BrentSolver;
import org.junit.jupiter.api.Test;
import saturn.theory.Activation;
import saturn.theory.gauss.Derivatives;
import saturn.theory.jacobian.JacobianSpectrum;
import saturn.theory.transform.Chain;
import saturn.theory.transform.NoTransformException;
import saturn.theory.transform.TransformSolver;

/**
 * Activations that jump (sign, step): φ' has a point mass at the jump, so the C-map's slope
 * is infinite at c = 1 and finite below it. Against the closed forms of
 * {@code E[sign(u1) sign(u2)] = (2/π) asin c} and {@code E[u1 sign(u2)] = c √(2q/π)}.
 */
class JumpActivationTest {

    private static Derivatives phi(String formula) {
        return Derivatives.of(Activation.parse(formula));
    }

    @Test
    void signIsChaoticWithTheArcSineFixedPoint() {
        double w = 1.5;
        double b = 0.1;
        MeanFieldPoint p = new MeanField(phi("sign(x)"), w, b).point();
        double q = w + b;
        double c = new BrentSolver(1e-15, 1e-15).solve(100, x -> (w * 2 / Math.PI * Math.asin(x) + b) / q - x, 0, 0.9);
        assertThat(c).isCloseTo(0.156, within(1e-3));
        assertThat(p.qStar()).isCloseTo(q, within(1e-12));
        assertThat(p.chi1()).isInfinite();
        assertThat(p.phase()).isEqualTo(Phase.CHAOTIC);
        assertThat(p.cStar()).isCloseTo(c, within(1e-10));
        double slope = w * 2 / Math.PI / (Math.sqrt(1 - c * c) * q);
        assertThat(p.cSlope()).isCloseTo(slope, within(1e-10));
        assertThat(p.xiC()).isCloseTo(-1 / Math.log(slope), within(1e-8));
        assertThat(p.qSlope()).isCloseTo(0, within(1e-12));
        assertThat(p.xiQ()).isLessThan(0.03); // slope below 1e-14: a deviation of q is gone within one layer
    }

    @Test
    void stepPlusLinearCarriesTheJumpInBothSlopes() {
        // phi = x + sign(x): E[phi(sqrt(q) z)^2] = q + 2 sqrt(2q/pi) + 1, and
        // E[phi(u1) phi(u2)] = q c + 2 c sqrt(2q/pi) + (2/pi) asin c.
        MeanField mf = new MeanField(phi("x + sign(x)"), 0.4, 0.1);
        for (double q : new double[] {0.3, 1, 5}) {
            assertThat(mf.qMapSlope(q)).as("q=%s", q).isCloseTo(0.4 * (1 + Math.sqrt(2 / (Math.PI * q))), within(1e-10));
            double qNext = 0.4 * (q + 2 * Math.sqrt(2 * q / Math.PI) + 1) + 0.1;
            for (double c : new double[] {-0.5, 0.3, 0.9, 0.999}) {
                double map = (0.4 * (q * c + 2 * c * Math.sqrt(2 * q / Math.PI) + 2 / Math.PI * Math.asin(c)) + 0.1) / qNext;
                double slope = 0.4 * (1 + 4 / Math.sqrt(2 * Math.PI * q) + 2 / (Math.PI * q * Math.sqrt(1 - c * c)));
                assertThat(mf.cMap(q, c)).as("q=%s c=%s", q, c).isCloseTo(map, within(1e-10));
                assertThat(mf.cMapSlope(q, c)).as("q=%s c=%s", q, c).isCloseTo(slope, within(1e-9 * slope));
            }
        }
    }

    @Test
    void stepHasItsJumpAtAShiftedPoint() {
        // step(x - 0.5): E[step(u1 - a) step(u2 - a)] = P(u1 > a, u2 > a); its c-derivative is
        // q times the bivariate normal density at (a, a): exp(-a^2/(q(1+c))) / (2 pi sqrt(1-c^2)).
        MeanField mf = new MeanField(phi("step(x-0.5)"), 1, 0);
        double q = 0.8;
        for (double c : new double[] {0, 0.5, 0.99}) {
            double density = Math.exp(-0.25 / (q * (1 + c))) / (2 * Math.PI * q * Math.sqrt(1 - c * c));
            assertThat(mf.cMapSlope(q, c)).as("c=%s", c).isCloseTo(density, within(1e-10));
        }
    }

    @Test
    void quantitiesThatNeedAFiniteDerivativeAreRefused() {
        assertThatThrownBy(() -> CriticalLine.forBiasVariance(phi("sign(x)"), 0.1))
                .isInstanceOf(NoCriticalPointException.class).hasMessageContaining("jumps at x = 0");
        assertThatThrownBy(() -> CriticalLine.forQStar(phi("step(x)"), 1))
                .isInstanceOf(NoCriticalPointException.class).hasMessageContaining("jumps at x = 0");
        assertThatThrownBy(() -> TransformSolver.dks(phi("sign(x)"), new Chain(10), 1.5))
                .isInstanceOf(NoTransformException.class).hasMessageContaining("jumps at x = 0");
        JacobianSpectrum j = JacobianSpectrum.of(phi("sign(x)"), 1.5, 1.6, 10);
        assertThat(j.chi1()).isInfinite();
        assertThat(j.orthogonal().mean()).isInfinite();
        assertThat(new MeanField(phi("sign(x)"), 1.5, 0.1).chi1(1)).isInfinite();
    }
}
