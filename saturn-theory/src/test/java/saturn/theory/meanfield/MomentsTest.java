package saturn.theory.meanfield;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import saturn.theory.Activation;
import saturn.theory.gauss.Derivatives;

/** Moments of φ(z) for activations far from zero mean. */
class MomentsTest {

    @Test
    void varianceOfAnOffsetActivationDoesNotCancel() {
        // Var(1e6 + tanh z) = Var(tanh z): the gain is tanh's 1.592537.
        Moments m = Moments.of(Derivatives.of(Activation.parse("1e6 + tanh(x)")));
        assertThat(m.mean()).isCloseTo(1e6, within(1e-6));
        assertThat(m.gamma()).isCloseTo(1.592537, within(1e-6));
    }
}
