package saturn.theory.meanfield;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.hipparchus.special.Erf;
import org.junit.jupiter.api.Test;
import saturn.theory.Activation;
import saturn.theory.gauss.Derivatives;

/**
 * The slope of the q-map and ξ_q against closed forms and finite differences. For a kinked
 * φ that is non-zero at its kink, φ'' carries a point mass there; the slope must include it.
 */
class QMapSlopeTest {

    private static MeanField field(String formula, double sigmaW2, double sigmaB2) {
        return new MeanField(Derivatives.of(Activation.parse(formula)), sigmaW2, sigmaB2);
    }

    private static double normalCdf(double x) {
        return 0.5 * Erf.erfc(-x / Math.sqrt(2));
    }

    private static double normalPdf(double x) {
        return Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
    }

    @Test
    void hardtanhSlopeMatchesItsClosedForm() {
        // d/dq E[hardtanh(sqrt(q) z)^2] = E[z^2; |z| < a] = 2 Phi(a) - 1 - 2 a pdf(a), a = 1/sqrt(q).
        MeanField mf = field("hardtanh", 1.5, 0.1);
        MeanFieldPoint p = mf.point();
        double a = 1 / Math.sqrt(p.qStar());
        double slope = 1.5 * (2 * normalCdf(a) - 1 - 2 * a * normalPdf(a));
        assertThat(slope).isCloseTo(0.383, within(1e-3));
        assertThat(p.qSlope()).isCloseTo(slope, within(1e-10));
        assertThat(p.xiQ()).isCloseTo(-1 / Math.log(slope), within(1e-8));
        for (double q : new double[] {0.05, 0.5, 3, 40}) {
            double b = 1 / Math.sqrt(q);
            assertThat(mf.qMapSlope(q)).as("q=%s", q).isCloseTo(1.5 * (2 * normalCdf(b) - 1 - 2 * b * normalPdf(b)),
                    within(1e-10));
        }
    }

    @Test
    void absMinusOneSlopeMatchesItsClosedForm() {
        // E[(|sqrt(q) z| - 1)^2] = q - 2 sqrt(2q/pi) + 1: slope sigma_w2 (1 - sqrt(2/(pi q))).
        MeanField mf = field("abs(x)-1", 1.5, 0.1);
        MeanFieldPoint p = mf.point();
        double t = (3 * Math.sqrt(2 / Math.PI) - Math.sqrt(18 / Math.PI - 3.2)) / 1.0; // sqrt(q*) from the quadratic
        assertThat(p.qStar()).isCloseTo(t * t, within(1e-12));
        double slope = 1.5 * (1 - Math.sqrt(2 / (Math.PI * p.qStar())));
        assertThat(slope).isCloseTo(0.0099, within(1e-4));
        assertThat(p.qSlope()).isCloseTo(slope, within(1e-10));
        assertThat(p.xiQ()).isCloseTo(-1 / Math.log(slope), within(1e-8));
    }

    @Test
    void smoothSlopeMatchesFiniteDifferencesOfTheMap() {
        for (String f : new String[] {"tanh", "sigmoid", "exp(-x^2/2)", "softplus", "elu"}) {
            MeanField mf = field(f, 1.7, 0.2);
            for (double q : new double[] {0.3, 1, 4}) {
                double h = 1e-3 * q;
                // fourth-order central difference
                double d = (-mf.qMap(q + 2 * h) + 8 * mf.qMap(q + h) - 8 * mf.qMap(q - h) + mf.qMap(q - 2 * h))
                        / (12 * h);
                assertThat(mf.qMapSlope(q)).as("%s q=%s", f, q).isCloseTo(d, within(1e-8));
            }
        }
    }

    @Test
    void slopeAtQStarIsTheOneInThePoint() {
        for (String f : new String[] {"tanh", "max(tanh(x),-0.5)", "max(x,0.2*x)-0.3"}) {
            MeanField mf = field(f, 1.2, 0.1);
            MeanFieldPoint p = mf.point();
            assertThat(p.qSlope()).as(f).isCloseTo(mf.qMapSlope(p.qStar()), within(1e-12));
        }
    }
}
