package saturn.theory.recurrent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import saturn.theory.Activation;
import saturn.theory.meanfield.NoCriticalPointException;
import saturn.theory.meanfield.Phase;

/**
 * The Elman mean field against closed forms: a linear φ; erf, whose Gaussian expectations are
 * arcsines ({@code E[erf(u1) erf(u2)] = (2/π) asin(2qc/(1+2q))},
 * {@code E[erf'(u1) erf'(u2)] = (4/π)/√((1+2q)² − 4q²c²)}); sign, which jumps
 * ({@code E[sign(u1) sign(u2)] = (2/π) asin c}). Fixed points are found here by bisection.
 */
class ElmanMeanFieldTest {

    private static final Activation ERF = Activation.parse("erf");

    /** The root of f on [lo, hi] by bisection (f(lo), f(hi) of opposite signs). */
    static double bisect(DoubleUnaryOperator f, double lo, double hi) {
        double flo = f.applyAsDouble(lo);
        for (int i = 0; i < 200; i++) {
            double mid = 0.5 * (lo + hi);
            double fm = f.applyAsDouble(mid);
            if ((fm > 0) == (flo > 0)) {
                lo = mid;
                flo = fm;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    private static double erfSecondMoment(double q, double c) {
        return 2 / Math.PI * Math.asin(2 * q * c / (1 + 2 * q));
    }

    @Test
    void linearRecurrenceHasChiEqualToSigmaW2AndAGeometricVariance() {
        ElmanMeanField mf = ElmanMeanField.of(Activation.parse("x"), 0.81, 0.4, 0.1, 1.5);
        assertThat(mf.injectedVariance()).isCloseTo(0.7, within(1e-15));
        assertThat(mf.fixedPointQ()).isCloseTo(0.7 / (1 - 0.81), within(1e-10));
        assertThat(mf.chi()).isCloseTo(0.81, within(1e-13));
        assertThat(mf.gradientTimescale()).isCloseTo(-1 / Math.log(0.81), within(1e-12));
        assertThat(mf.qMapSlope()).isCloseTo(0.81, within(1e-10));
        // Linear: the correlation map is affine, c* = (0.81 c* q + (0.4*1.5*rho + 0.1)) / q.
        double q = mf.fixedPointQ();
        double rho = 0.2;
        double c = (0.4 * 1.5 * rho + 0.1) / (q * (1 - 0.81));
        assertThat(mf.correlationFixedPoint(rho)).isCloseTo(c, within(1e-10));
        assertThat(mf.correlationSlope(rho)).isCloseTo(0.81, within(1e-10));
    }

    @Test
    void linearRecurrenceAboveOneGrowsWithoutBound() {
        ElmanMeanField mf = ElmanMeanField.of(Activation.parse("x"), 1.2, 0.4, 0.1, 1.5);
        assertThat(mf.fixedPointQ()).isInfinite();
        ElmanPoint p = mf.point(0.5);
        assertThat(p.phase()).isEqualTo(Phase.UNBOUNDED);
        assertThat(p.chi()).isNaN();
        assertThat(p.cStar()).isNaN();
    }

    @Test
    void linearRecurrenceHasNoCriticalPointOnceInputsAreInjected() {
        assertThatThrownBy(() -> ElmanMeanField.critical(Activation.parse("x"), 1, 0, 1))
                .isInstanceOf(NoCriticalPointException.class)
                .hasMessageContaining("no critical recurrent sigma_w2 for x")
                .hasMessageNotContaining("\n");
    }

    @Test
    void erfFixedPointAndGainMatchTheArcSineForms() {
        double w = 1.7;
        double u = 0.6;
        double b = 0.05;
        double qx = 0.8;
        ElmanMeanField mf = ElmanMeanField.of(ERF, w, u, b, qx);
        double q = bisect(x -> w * erfSecondMoment(x, 1) + u * qx + b - x, 1e-9, 100);
        assertThat(mf.fixedPointQ()).isCloseTo(q, within(1e-11));
        double chi = w * 4 / Math.PI / Math.sqrt(1 + 4 * q);
        assertThat(mf.chi()).isCloseTo(chi, within(1e-11));
        assertThat(mf.gradientTimescale()).isCloseTo(-1 / Math.log(chi), within(1e-9));
        for (double rho : new double[] {-0.6, 0, 0.3, 0.9}) {
            DoubleUnaryOperator map = c -> (w * erfSecondMoment(q, c) + u * qx * rho + b) / q;
            double c = bisect(x -> map.applyAsDouble(x) - x, -1, 1 - 1e-12);
            assertThat(mf.correlationFixedPoint(rho)).as("c* at rho " + rho).isCloseTo(c, within(1e-10));
            assertThat(mf.correlationMap(rho).applyAsDouble(0.37)).isCloseTo(map.applyAsDouble(0.37), within(1e-11));
            double slope = w * 4 / Math.PI / Math.sqrt((1 + 2 * q) * (1 + 2 * q) - 4 * q * q * c * c);
            assertThat(mf.correlationSlope(rho)).as("slope at rho " + rho).isCloseTo(slope, within(1e-9));
            assertThat(mf.correlationTimescale(rho)).isCloseTo(-1 / Math.log(slope), within(1e-7));
        }
    }

    @Test
    void erfCriticalLineMatchesTheClosedForm() {
        double u = 0.5;
        double b = 0.02;
        double qx = 1.2;
        // chi = 1 gives sigma_w2(q) = (pi/4) sqrt(1 + 4q); the variance map then fixes q.
        DoubleUnaryOperator weight = q -> Math.PI / 4 * Math.sqrt(1 + 4 * q);
        double q = bisect(x -> x - weight.applyAsDouble(x) * erfSecondMoment(x, 1) - (u * qx + b), 1e-9, 100);
        ElmanMeanField critical = ElmanMeanField.critical(ERF, u, b, qx);
        assertThat(critical.sigmaW2()).isCloseTo(weight.applyAsDouble(q), within(1e-9));
        assertThat(critical.fixedPointQ()).isCloseTo(q, within(1e-9));
        assertThat(critical.chi()).isCloseTo(1, within(1e-10));
        assertThat(critical.phase()).isEqualTo(Phase.CRITICAL);
        assertThat(critical.gradientTimescale()).isGreaterThan(1e4);
        assertThat(critical.sigmaU2()).isEqualTo(u);
        assertThat(critical.inputVariance()).isEqualTo(qx);
        // More injected variance pushes q* up and the critical sigma_w2 with it.
        assertThat(ElmanMeanField.critical(ERF, 2 * u, b, qx).sigmaW2()).isGreaterThan(critical.sigmaW2());
    }

    @Test
    void sameInputsInTheOrderedPhaseMeetAndTheirSlopeIsChi() {
        ElmanMeanField mf = ElmanMeanField.of(Activation.parse("tanh"), 1.2, 0.5, 0.05, 1);
        assertThat(mf.phase()).isEqualTo(Phase.ORDERED);
        assertThat(mf.correlationFixedPoint(1)).isEqualTo(1);
        assertThat(mf.correlationSlope(1)).isEqualTo(mf.chi());
        assertThat(mf.correlationFixedPoint(0.99)).isLessThan(1);
    }

    @Test
    void oddActivationWithoutBiasMirrorsTheInputCorrelation() {
        ElmanMeanField mf = ElmanMeanField.of(Activation.parse("tanh"), 2.5, 0.7, 0, 1);
        for (double rho : new double[] {0.2, 0.7}) {
            assertThat(mf.correlationFixedPoint(-rho)).isCloseTo(-mf.correlationFixedPoint(rho), within(1e-11));
        }
        assertThat(mf.correlationFixedPoint(0)).isCloseTo(0, within(1e-12));
    }

    @Test
    void signJumpsSoItsGainIsInfiniteAndItsCorrelationMapIsTheArcSine() {
        double w = 1.5;
        double u = 0.4;
        double b = 0.1;
        ElmanMeanField mf = ElmanMeanField.of(Activation.parse("sign(x)"), w, u, b, 1);
        double q = w + u + b;
        assertThat(mf.fixedPointQ()).isCloseTo(q, within(1e-12));
        assertThat(mf.chi()).isInfinite();
        assertThat(mf.gradientTimescale()).isEqualTo(-0.0);
        assertThat(mf.phase()).isEqualTo(Phase.CHAOTIC);
        double rho = 0.5;
        double c = bisect(x -> (w * 2 / Math.PI * Math.asin(x) + u * rho + b) / q - x, -1, 0.999999);
        assertThat(mf.correlationFixedPoint(rho)).isCloseTo(c, within(1e-10));
        assertThat(mf.correlationSlope(rho)).isCloseTo(w * 2 / Math.PI / (Math.sqrt(1 - c * c) * q), within(1e-9));
        assertThatThrownBy(() -> ElmanMeanField.critical(Activation.parse("sign(x)"), u, b, 1))
                .isInstanceOf(NoCriticalPointException.class).hasMessageContaining("jumps");
    }

    @Test
    void badArgumentsAreRefused() {
        assertThatThrownBy(() -> ElmanMeanField.of(ERF, -1, 1, 0, 1)).hasMessageContaining("sigma_w2");
        assertThatThrownBy(() -> ElmanMeanField.of(ERF, 1, Double.NaN, 0, 1)).hasMessageContaining("sigma_u2");
        assertThatThrownBy(() -> ElmanMeanField.of(ERF, 1, 1, 0, -1)).hasMessageContaining("input variance");
        assertThatThrownBy(() -> ElmanMeanField.of(ERF, 1, 1, 0, 1).correlationFixedPoint(1.5))
                .hasMessageContaining("correlation");
    }

    @Test
    void timescaleSignsAndLimits() {
        assertThat(Timescale.of(Math.exp(-0.5))).isCloseTo(2, within(1e-12));
        assertThat(Timescale.of(Math.exp(0.25))).isCloseTo(-4, within(1e-12));
        assertThat(Timescale.of(1)).isInfinite().isPositive();
        assertThat(Timescale.of(0)).isZero();
        assertThat(Timescale.of(Double.NaN)).isNaN();
        assertThat(Timescale.gainFor(784)).isCloseTo(Math.exp(-1.0 / 784), within(1e-15));
        assertThat(Timescale.of(Timescale.gainFor(784))).isCloseTo(784, within(1e-8));
    }
}
