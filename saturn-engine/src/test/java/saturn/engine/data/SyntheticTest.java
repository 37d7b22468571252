package saturn.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SyntheticTest {

    private final DatasetResolver resolver = new DatasetResolver(DataSources.system().withDownload(false));

    @Test
    void spiralsFromSpec() {
        Split s = resolver.resolve("synthetic:spirals?n=600&test=200&classes=3&noise=0&seed=4");
        assertThat(s.train().n()).isEqualTo(600);
        assertThat(s.test().n()).isEqualTo(200);
        assertThat(s.train().features()).isEqualTo(2);
        assertThat(s.train().classes()).isEqualTo(3);
        for (int c : s.train().classCounts()) assertThat(c).isBetween(150, 250);
        // without noise every point lies on its arm: radius t, angle 2π(t + c/3)
        float[] x = s.train().x();
        for (int i = 0; i < 600; i++) {
            double r = Math.hypot(x[2 * i], x[2 * i + 1]);
            double expected = 2 * Math.PI * (r + s.train().y()[i] / 3.0);
            double diff = Math.atan2(x[2 * i + 1], x[2 * i]) - expected;
            double wrapped = Math.IEEEremainder(diff, 2 * Math.PI);
            assertThat(Math.abs(wrapped)).as("point %d", i).isLessThan(1e-4);
        }
        assertThat(s.source()).contains("3-arm spirals").contains("seed 4");
    }

    @Test
    void seedFixesTheData() {
        Split a = resolver.resolve("synthetic:spirals?seed=9&n=50");
        Split b = resolver.resolve("synthetic:spirals?n=50&seed=9");
        Split c = resolver.resolve("synthetic:spirals?n=50&seed=10");
        assertThat(a.train().x()).isEqualTo(b.train().x()).isNotEqualTo(c.train().x());
        assertThat(a.test().x()).isNotEqualTo(a.train().x());
    }

    @Test
    void teacherLabelsAreAFunctionOfTheInputs() {
        Split s = resolver.resolve("synthetic:teacher?n=3000&test=10&d=5&hidden=8&classes=3&seed=2");
        assertThat(s.train().features()).isEqualTo(5);
        assertThat(s.train().classes()).isEqualTo(3);
        int[] counts = s.train().classCounts();
        for (int c : counts) assertThat(c).isPositive();
        // inputs are N(0, 1)
        double sum = 0;
        double ss = 0;
        for (float v : s.train().x()) {
            sum += v;
            ss += v * v;
        }
        int m = s.train().x().length;
        assertThat(sum / m).isBetween(-0.05, 0.05);
        assertThat(ss / m).isBetween(0.95, 1.05);
        // the same teacher (same seed, other sizes) labels the same first points the same way
        Split bigger = resolver.resolve("synthetic:teacher?n=3000&test=500&d=5&hidden=8&classes=3&seed=2");
        assertThat(bigger.train().y()).isEqualTo(s.train().y());
        Split otherTeacher = resolver.resolve("synthetic:teacher?n=3000&test=10&d=5&hidden=8&classes=3&seed=3");
        assertThat(otherTeacher.train().y()).isNotEqualTo(s.train().y());
    }

    @Test
    void badParametersAreNamed() {
        assertThatThrownBy(() -> resolver.resolve("synthetic:spirals?n=10&size=3"))
                .isInstanceOf(DataException.class)
                .hasMessage("synthetic:spirals: unknown parameter 'size' (known: classes, n, noise, seed, test, turns)");
        assertThatThrownBy(() -> resolver.resolve("synthetic:spirals?classes=1"))
                .hasMessage("synthetic:spirals: classes=1 is outside 2..1000");
        assertThatThrownBy(() -> resolver.resolve("synthetic:teacher?d=x"))
                .hasMessage("synthetic:teacher: d=x is not an integer");
        assertThatThrownBy(() -> resolver.resolve("synthetic:spirals?noise"))
                .hasMessageContaining("expected key=value, got 'noise'");
        assertThatThrownBy(() -> resolver.resolve("synthetic:spirals?n=1&n=2"))
                .hasMessageContaining("'n' given twice");
    }
}
