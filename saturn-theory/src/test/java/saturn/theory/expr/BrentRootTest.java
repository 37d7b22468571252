package saturn.theory.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.function.DoubleUnaryOperator;

import org.junit.jupiter.api.Test;

/** The root finder never throws on the values of a formula, and its cost is bounded. */
class BrentRootTest {

    @Test
    void findsSmoothRootsToTheTolerance() {
        assertThat(BrentRoot.find(x -> x * x - 2, 0, 2, 1e-15)).isCloseTo(Math.sqrt(2), within(1e-14));
        assertThat(BrentRoot.find(Math::cos, 1, 2, 1e-15)).isCloseTo(Math.PI / 2, within(1e-14));
        assertThat(BrentRoot.find(x -> Math.exp(x) - 1e6, 0, 100, 1e-15)).isCloseTo(Math.log(1e6), within(1e-13));
        assertThat(BrentRoot.find(x -> x - 1, 1, 3, 1e-15)).isEqualTo(1);
    }

    /** An infinite value counts by its sign; a jump across zero is a sign change, found as one. */
    @Test
    void infiniteValuesAndJumpsAreBracketedBySign() {
        DoubleUnaryOperator logLike = x -> x < 1 ? Double.NEGATIVE_INFINITY : Math.log(x) - 1;
        assertThat(BrentRoot.find(logLike, 0, 64, 1e-15)).isCloseTo(Math.E, within(1e-13));
        assertThat(BrentRoot.find(x -> x < 0.3 ? -1 : 1, 0, 1, 1e-15)).isCloseTo(0.3, within(1e-14));
        assertThat(BrentRoot.find(x -> 1 / (x - 0.7), 0, 1, 1e-15)).isCloseTo(0.7, within(4e-14));
    }

    @Test
    void undefinedValuesOrNoSignChangeGiveNaN() {
        assertThat(BrentRoot.find(x -> x < 0.5 ? -1 : Double.NaN, 0, 1, 1e-15)).isNaN();
        assertThat(BrentRoot.find(x -> Math.abs(x - 0.4) < 0.05 ? Double.NaN : x - 0.45, 0, 1, 1e-15)).isNaN();
        assertThat(BrentRoot.find(x -> x * x + 1, -1, 1, 1e-15)).isNaN();
    }

    /** However rough the function, the search ends after its budget, with a point of the bracket. */
    @Test
    void theNumberOfEvaluationsIsBounded() {
        int[] calls = new int[1];
        DoubleUnaryOperator rough = x -> {
            calls[0]++;
            return x < 1e-300 ? -1 : 1;   // a sign change below any tolerance reachable from [0, 1e300]
        };
        double r = BrentRoot.find(rough, 0, 1e300, 0);
        assertThat(calls[0]).isLessThanOrEqualTo(BrentRoot.MAX_EVALUATIONS);
        assertThat(r).isBetween(0.0, 1e300);
    }
}
