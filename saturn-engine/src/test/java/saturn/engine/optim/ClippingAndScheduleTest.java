package saturn.engine.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

import saturn.engine.tensor.Parameter;

class ClippingAndScheduleTest {

    @Test
    void globalNormClippingScalesEveryParameterByTheSameFactorOnlyAboveTheThreshold() {
        // ‖(3, 4, 12)‖ = 13 over two parameters; clip at 6.5 halves everything
        float[][] u = {{3, 4}, {12}};
        Optimizers.clipByGlobalNorm(6.5).update(u, OptState.empty(), new float[][] {{0, 0}, {0}});
        assertThat(u[0]).containsExactly(1.5f, 2f);
        assertThat(u[1]).containsExactly(6f);
        float[][] small = {{3, 4}, {12}};
        Optimizers.clipByGlobalNorm(13.5).update(small, OptState.empty(), new float[][] {{0, 0}, {0}});
        assertThat(small[0]).containsExactly(3f, 4f);
        assertThat(small[1]).containsExactly(12f);
    }

    @Test
    void adaptiveClippingBoundsEachOutputRowByLambdaTimesItsWeightNorm() {
        // W [2, 2]: row 0 = (3, 4) (‖w‖ = 5), row 1 = (0, 0) (‖w‖ -> ε = 1e-3); bias [2] is one unit
        List<Parameter> shapes = List.of(Parameter.trainable("w", new float[4], new float[4], 2, 2),
                Parameter.trainable("b", new float[2], new float[2], 2));
        int[] units = Optimizers.unitSizes(shapes);
        assertThat(units).containsExactly(2, 2);
        float[][] w = {{3, 4, 0, 0}, {1, 0}};
        float[][] g = {{6, 8, 0.3f, 0.4f}, {0.01f, 0}};
        GradientTransformation agc = Optimizers.adaptiveClip(0.1, units);
        agc.update(g, agc.init(w), w);
        // row 0: ‖g‖ = 10 > 0.1·5 -> scaled to norm 0.5; row 1: ‖g‖ = 0.5 > 0.1·1e-3 -> norm 1e-4; bias ‖g‖ = 0.01 < 0.1·1 kept
        assertThat((double) g[0][0]).isCloseTo(0.3, within(1e-7));
        assertThat((double) g[0][1]).isCloseTo(0.4, within(1e-7));
        assertThat((double) g[0][2]).isCloseTo(0.6e-4, within(1e-10));
        assertThat((double) g[0][3]).isCloseTo(0.8e-4, within(1e-10));
        assertThat(g[1]).containsExactly(0.01f, 0f);
    }

    @Test
    void clipThenOptimizerIsAChainWhoseStateIsTheOptimizers() {
        float[] w0 = {1, 2};
        float[][] gs = {{30, 40}, {0.3f, 0.4f}};
        float[][] clipped = Steps.single(Optimizers.chain(Optimizers.clipByGlobalNorm(1), Optimizers.sgd(0.1)), w0, gs);
        assertThat((double) clipped[0][0]).isCloseTo(1 - 0.1 * 0.6, within(1e-6));
        assertThat((double) clipped[1][1]).isCloseTo(2 - 0.1 * 0.8 - 0.1 * 0.4, within(1e-6));
    }

    @Test
    void schedulesByHand() {
        Schedule cos = Schedule.cosine(0.1, 100);
        assertThat(cos.at(0)).isEqualTo(0.1);
        assertThat(cos.at(50)).isCloseTo(0.05, within(1e-12));
        assertThat(cos.at(25)).isCloseTo(0.05 * (1 + Math.sqrt(0.5)), within(1e-12));
        assertThat(cos.at(100)).isZero();
        assertThat(cos.at(150)).isZero();
        Schedule warm = Schedule.warmupCosine(0.1, 10, 110);
        assertThat(warm.at(0)).isCloseTo(0.01, within(1e-12));
        assertThat(warm.at(9)).isCloseTo(0.1, within(1e-12));
        assertThat(warm.at(10)).isCloseTo(0.1, within(1e-12));
        assertThat(warm.at(60)).isCloseTo(0.05, within(1e-12));
        Schedule step = Schedule.stepDecay(0.1, 30, 0.5);
        assertThat(step.at(0)).isEqualTo(0.1);
        assertThat(step.at(29)).isEqualTo(0.1);
        assertThat(step.at(30)).isCloseTo(0.05, within(1e-15));
        assertThat(step.at(65)).isCloseTo(0.025, within(1e-15));
    }
}
