package saturn.theory.meanfield;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import saturn.theory.Activation;
import saturn.theory.gauss.Derivatives;

/** q* is the fixed point that iterating the q-map from q = 1 reaches, whatever the map's shape. */
class FixedPointSearchTest {

    private static MeanField field(String formula, double sigmaW2, double sigmaB2) {
        return new MeanField(Derivatives.of(Activation.parse(formula)), sigmaW2, sigmaB2);
    }

    @Test
    void aFlatMapDrainsToZero() {
        // hardtanh at (1, 0): qMap(q) = q - (a tail below the rounding of q for q < 0.03), so
        // every iterate is smaller than the last and the limit is 0.
        MeanFieldPoint p = field("hardtanh", 1, 0).point();
        assertThat(p.qStar()).isEqualTo(0);
        assertThat(p.chi1()).isCloseTo(1, within(1e-12));
    }

    @Test
    void thePairOfRootsBetweenTwoProbesIsNotSteppedOver() {
        // The map dips below the diagonal between q ~ 8.3 and q ~ 45 and grows like 1.44 q
        // beyond: iterating from q = 1 stops at the first crossing.
        MeanField mf = field("x*(1.2-0.6*exp(-x^2/100))", 1, 4);
        double q = 1;
        for (int i = 0; i < 5000; i++) {
            q = mf.qMap(q);
        }
        assertThat(q).isBetween(8.0, 16.0);
        assertThat(mf.qStar()).isCloseTo(q, within(1e-9));
        assertThat(mf.point().phase()).isNotEqualTo(Phase.UNBOUNDED);
    }
}
