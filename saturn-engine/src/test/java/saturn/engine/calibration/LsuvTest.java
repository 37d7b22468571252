package saturn.engine.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import saturn.engine.init.InitScheme;
import saturn.engine.model.Diagnostics;
import saturn.engine.model.LayerStats;
import saturn.engine.model.Model;
import saturn.engine.model.ModelSpec;
import saturn.engine.model.Normalization;
import saturn.engine.tensor.Ops;
import saturn.engine.tensor.Tensor;
import saturn.theory.Activation;

class LsuvTest {

    private static final Ops OPS = Ops.reference();

    private static Tensor batch(int rows, int cols, double scale) {
        SplittableRandom rng = new SplittableRandom(4);
        float[] x = new float[rows * cols];
        for (int i = 0; i < x.length; i++) x[i] = (float) (scale * rng.nextGaussian());
        return new Tensor(x, rows, cols);
    }

    @Test
    void everyHiddenPreActivationEndsWithUnitVarianceOnTheBatch() {
        // orthonormal weights with gain 1 shrink sigmoid's signal layer after layer: LSUV must undo that
        ModelSpec spec = ModelSpec.mlp(30, 8, 64, Activation.parse("sigmoid"), 3).withInit(InitScheme.ORTHOGONAL, 1.0, 0.0).withSeed(3);
        Model m = Model.fromSpec(spec, OPS);
        Tensor x = batch(100, 30, 3.0);
        Lsuv.Result r = Lsuv.calibrate(m, x, 0.1, 10);
        assertThat(r.iterations()).hasSize(8).allSatisfy(k -> assertThat(k).isBetween(0, 10));
        assertThat(r.iterations()).anySatisfy(k -> assertThat(k).isPositive());
        // measured independently: a fresh forward of the whole model, the diagnostics' pre-activation std
        m.forward(x);
        List<LayerStats> stats = new Diagnostics(m).measure(null);
        for (int l = 0; l < stats.size(); l++) {
            double var = stats.get(l).preStd() * stats.get(l).preStd();
            assertThat(var).as(stats.get(l).name()).isCloseTo(1.0, within(0.1));
            assertThat(r.variances().get(l)).isCloseTo(var, within(1e-4));
        }
    }

    @Test
    void anUncalibratedNetworkIsNotAtUnitVariance() {
        // the property the test above checks is not true by accident
        Model m = Model.fromSpec(ModelSpec.mlp(30, 8, 64, Activation.parse("sigmoid"), 3).withInit(InitScheme.ORTHOGONAL, 1.0, 0.0).withSeed(3), OPS);
        m.forward(batch(100, 30, 3.0));
        double var = Math.pow(new Diagnostics(m).measure(null).getLast().preStd(), 2);
        assertThat(Math.abs(var - 1)).isGreaterThan(0.1);
    }

    @Test
    void normalizedLayersAreRefused() {
        Model m = Model.fromSpec(ModelSpec.mlp(5, 2, 8, Activation.parse("tanh"), 2).withNorm(Normalization.LAYER), OPS);
        assertThatThrownBy(() -> Lsuv.calibrate(m, batch(4, 5, 1), 0.1, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lsuv calibrates plain dense layers only");
    }
}
