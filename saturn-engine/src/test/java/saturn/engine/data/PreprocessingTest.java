package saturn.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

class PreprocessingTest {

    private static Dataset bytes(float[] x, int features) {
        int n = x.length / features;
        return new Dataset("img", x, new int[n], n, features, 1, List.of("c"), Dataset.Values.BYTES, "test");
    }

    private static Dataset reals(float[] x, int features) {
        int n = x.length / features;
        return new Dataset("tab", x, new int[n], n, features, 1, List.of("c"), Dataset.Values.REAL, "test");
    }

    @Test
    void standardizeUsesGlobalTrainingStatisticsOnScaledPixels() {
        // train pixels/255: 0, 0.4, 0.6, 1 -> mean 0.5, std sqrt((0.25+0.01+0.01+0.25)/4)
        Dataset train = bytes(new float[] {0, 102, 153, 255}, 2);
        Dataset test = bytes(new float[] {51, 255}, 2);
        Preprocessed p = Preprocessing.STANDARDIZE.apply(new Split(train, test));
        double std = Math.sqrt(0.52 / 4);
        assertThat(p.stats().global()).isTrue();
        assertThat(p.split().train().x()[0]).isCloseTo((float) (-0.5 / std), within(1e-5f));
        // test uses the training statistics, not its own
        assertThat(p.split().test().x()[0]).isCloseTo((float) ((0.2 - 0.5) / std), within(1e-5f));
        assertThat(p.split().test().x()[1]).isCloseTo((float) (0.5 / std), within(1e-5f));
        assertThat(p.stats().summary()).contains("0.500000").contains(String.format(java.util.Locale.ROOT, "%.6f", std));
        // inputs untouched
        assertThat(train.x()[0]).isEqualTo(0f);
        assertThat(p.split().train().y()).isSameAs(train.y());
    }

    @Test
    void scaleDividesPixelsBy255AndMinMaxesReals() {
        Preprocessed p = Preprocessing.SCALE.apply(new Split(bytes(new float[] {0, 255}, 1), bytes(new float[] {51}, 1)));
        assertThat(p.split().train().x()).containsExactly(0f, 1f);
        assertThat(p.split().test().x()[0]).isCloseTo(0.2f, within(1e-6f));
        // reals: per feature, from the training range; test may leave [0, 1]
        Dataset train = reals(new float[] {-1, 10, 3, 10}, 2);
        Dataset test = reals(new float[] {7, 12}, 2);
        Preprocessed r = Preprocessing.SCALE.apply(new Split(train, test));
        assertThat(r.split().train().x()).containsExactly(0f, 0f, 1f, 0f);   // feature 2 constant: only shifted
        assertThat(r.split().test().x()).containsExactly(2f, 2f);
    }

    @Test
    void noneIsIdentity() {
        Dataset d = reals(new float[] {3, -4}, 1);
        assertThat(Preprocessing.NONE.apply(new Split(d, d)).split().test().x()).containsExactly(3f, -4f);
    }

    @Test
    void plnIsPerFeatureFromTrainingAndSafeOnConstantPixels() {
        // feature 0 varies (0, 255), feature 1 is always 0 in the training set
        Dataset train = bytes(new float[] {0, 0, 255, 0}, 2);
        Dataset test = bytes(new float[] {255, 255}, 2);
        Preprocessed p = Preprocessing.PLN.apply(new Split(train, test));
        double s0 = Math.sqrt(0.25 + Preprocessing.EPSILON);
        float[] tr = p.split().train().x();
        assertThat(tr[0]).isCloseTo((float) (-0.5 / s0), within(1e-5f));
        assertThat(tr[1]).isEqualTo(0f);
        float[] te = p.split().test().x();
        for (float v : te) assertThat(v).isFinite();
        assertThat(te[0]).isCloseTo((float) (0.5 / s0), within(1e-5f));
        // a constant pixel seen at 1.0 in test: gain 1/sqrt(eps), not a division by zero
        assertThat(te[1]).isCloseTo((float) (1 / Math.sqrt(Preprocessing.EPSILON)), within(1e-3f));
        assertThat(p.stats().shift()).hasSize(2);
    }

    @Test
    void standardizeOfRealDataIsPerFeature() {
        Dataset train = reals(new float[] {0, 100, 2, 300}, 2);
        Preprocessed p = Preprocessing.STANDARDIZE.apply(new Split(train, train));
        float[] x = p.split().train().x();
        // each feature centred separately: a global mean would not give +-a symmetric pairs per column
        assertThat(x[0]).isCloseTo(-x[2], within(1e-6f));
        assertThat(x[1]).isCloseTo(-x[3], within(1e-6f));
        assertThat(x[0]).isCloseTo(x[1], within(1e-3f));
    }

    @Test
    void fittedStatsReapplyToNewData() {
        Dataset train = bytes(new float[] {0, 102, 153, 255}, 2);
        PreprocessingStats stats = Preprocessing.STANDARDIZE.fit(train);
        Dataset other = bytes(new float[] {102, 153}, 2);
        assertThat(stats.apply(other).x()).containsExactly(
                stats.apply(train).x()[1], stats.apply(train).x()[2]);
        PreprocessingStats pln = Preprocessing.PLN.fit(train);
        assertThatThrownBy(() -> pln.apply(bytes(new float[] {1, 2, 3}, 3)))
                .hasMessageContaining("fitted on 2 features but the data has 3");
    }

    @Test
    void parseNames() {
        assertThat(Preprocessing.parse("PLN")).isEqualTo(Preprocessing.PLN);
        assertThat(Preprocessing.parse("standardize").id()).isEqualTo("standardize");
        assertThatThrownBy(() -> Preprocessing.parse("whiten")).hasMessageContaining("standardize, scale, none or pln");
    }
}
