package saturn.theory.expr;

import static org.assertj.core.api.Assertions.assertThat;

import org.hipparchus.special.Erf;
import org.junit.jupiter.api.Test;

class ErrorFunctionTest {

    @Test
    void erfMatchesHipparchusToAFewUlpsOverTheWholeLine() {
        double worst = 0;
        for (double x = -7; x <= 7; x += 0.00137) {
            double ref = Erf.erf(x);
            double err = Math.abs(ErrorFunction.erf(x) - ref) / Math.max(Math.ulp(ref), Double.MIN_NORMAL);
            worst = Math.max(worst, err);
        }
        assertThat(worst).isLessThan(16);
    }

    @Test
    void erfcIsAccurateRelativeToItsOwnValueFarIntoTheTail() {
        double worst = 0;
        for (double x = -6; x <= 26; x += 0.00731) {
            double ref = Erf.erfc(x);
            double rel = Math.abs(ErrorFunction.erfc(x) - ref) / ref;
            worst = Math.max(worst, rel);
        }
        assertThat(worst).isLessThan(1e-12);
    }

    @Test
    void knownValuesAndSymmetry() {
        assertThat(ErrorFunction.erf(0)).isZero();
        assertThat(ErrorFunction.erf(1)).isEqualTo(0.8427007929497149, org.assertj.core.data.Offset.offset(2e-16));
        assertThat(ErrorFunction.erfc(3)).isCloseTo(2.209049699858544e-05, org.assertj.core.data.Percentage.withPercentage(1e-12));
        for (double x : new double[] {0.1, 1.7, 2.99, 3.01, 5}) {
            assertThat(ErrorFunction.erf(-x)).isEqualTo(-ErrorFunction.erf(x));
            assertThat(ErrorFunction.erfc(-x)).isCloseTo(2 - ErrorFunction.erfc(x), org.assertj.core.data.Offset.offset(1e-15));
        }
        assertThat(ErrorFunction.erf(Double.POSITIVE_INFINITY)).isEqualTo(1);
        assertThat(ErrorFunction.erfc(Double.POSITIVE_INFINITY)).isZero();
        assertThat(ErrorFunction.erfc(Double.NEGATIVE_INFINITY)).isEqualTo(2);
        assertThat(ErrorFunction.erf(Double.NaN)).isNaN();
    }
}
