package saturn.engine.init;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class InitSchemeTest {

    /** Each scheme draws exactly what its initializer draws, σ_w² passed on where it is a parameter. */
    @Test
    void eachSchemeIsItsInitializer() {
        double sw2 = 2.25;
        Map<InitScheme, Initializer> expected = Map.of(
                InitScheme.GAUSSIAN, Initializers.gaussian(sw2),
                InitScheme.UNIFORM, Initializers.uniform(sw2),
                InitScheme.ORTHOGONAL, Initializers.orthogonal(1.5),
                InitScheme.XAVIER_NORMAL, Initializers.xavierNormal(),
                InitScheme.XAVIER_UNIFORM, Initializers.xavierUniform(),
                InitScheme.HE, Initializers.he(),
                InitScheme.LECUN, Initializers.lecun(),
                InitScheme.ZEROS, Initializers.zeros());
        assertThat(expected).containsOnlyKeys(InitScheme.values());
        for (InitScheme s : InitScheme.values()) {
            assertThat(draw(s.initializer(sw2))).as(s.id()).isEqualTo(draw(expected.get(s)));
        }
        assertThat(draw(InitScheme.GAUSSIAN.initializer(sw2))).isNotEqualTo(draw(InitScheme.GAUSSIAN.initializer(1.0)));
    }

    /** The names a run's {@code config.yaml} records ({@code init_engine}). */
    @Test
    void idsAreTheRecordedNames() {
        assertThat(InitScheme.XAVIER_NORMAL.id()).isEqualTo("xavier_normal");
        assertThat(InitScheme.ORTHOGONAL.id()).isEqualTo("orthogonal");
        assertThat(InitScheme.GAUSSIAN.id()).isEqualTo("gaussian");
    }

    private static float[] draw(Initializer init) {
        float[] w = new float[7 * 5];
        init.fill(w, 7, 5, new SplittableRandom(11));
        return w;
    }
}
