package saturn.engine.optim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The checkpoint names of each recipe's state, pinned: a checkpoint stores every array and
 * counter under these names, so a change of layout would stop older runs from resuming.
 */
class StateNamesTest {

    private static final float[][] PARAMS = {new float[3], new float[2]};
    private static final Schedule LR = Schedule.constant(0.1);

    private static void names(GradientTransformation opt, List<String> arrays, List<String> counters) {
        OptState state = opt.init(PARAMS);
        assertThat(List.copyOf(state.arrays().keySet())).isEqualTo(arrays);
        assertThat(List.copyOf(state.counters().keySet())).isEqualTo(counters);
        for (var e : state.arrays().entrySet()) {
            int p = Integer.parseInt(e.getKey().substring(e.getKey().lastIndexOf('.') + 1));
            assertThat(e.getValue()).as(e.getKey()).hasSize(PARAMS[p].length);
        }
    }

    @Test
    void adamFamily() {
        names(Optimizers.adam(LR, 0.9, 0.999, 1e-8), List.of("0.mu.0", "0.mu.1", "0.nu.0", "0.nu.1"),
                List.of("count", "0.count", "1.count"));
        names(Optimizers.adamw(LR, 0.9, 0.999, 1e-8, 0.1, null), List.of("0.mu.0", "0.mu.1", "0.nu.0", "0.nu.1"),
                List.of("count", "0.count", "1.count", "2.count"));
        names(Optimizers.lamb(LR, 0.9, 0.999, 1e-6, 0.1), List.of("0.mu.0", "0.mu.1", "0.nu.0", "0.nu.1"),
                List.of("count", "0.count", "1.count", "2.count", "3.count"));
    }

    @Test
    void momentumFamily() {
        names(Optimizers.sgd(LR), List.of(), List.of("count", "0.count"));
        names(Optimizers.momentum(LR, 0.9), List.of("0.trace.0", "0.trace.1"), List.of("count", "0.count", "1.count"));
        names(Optimizers.lars(LR, 0.9, 0.01, 0.0, null), List.of("2.trace.0", "2.trace.1"),
                List.of("count", "0.count", "1.count", "2.count"));
        names(Optimizers.signum(LR, 0.9), List.of("0.trace.0", "0.trace.1"),
                List.of("count", "0.count", "1.count", "2.count"));
    }

    @Test
    void adaptiveRates() {
        names(Optimizers.rmsprop(LR, 0.9, 1e-8, false, 0), List.of("0.nu.0", "0.nu.1"), List.of("count", "0.count", "1.count"));
        names(Optimizers.rmsprop(LR, 0.9, 1e-8, true, 0.5),
                List.of("0.nu.0", "0.nu.1", "0.mu.0", "0.mu.1", "1.trace.0", "1.trace.1"),
                List.of("count", "0.count", "1.count", "2.count"));
        names(Optimizers.adagrad(LR, 1e-10), List.of("0.sum.0", "0.sum.1"), List.of("count", "0.count", "1.count"));
        names(Optimizers.smorms3(LR, 1e-16), List.of("0.mem.0", "0.mem.1", "0.g1.0", "0.g1.1", "0.g2.0", "0.g2.1"),
                List.of("count", "0.count", "1.count"));
        names(Optimizers.lion(LR, 0.9, 0.99, 0.1), List.of("0.mu.0", "0.mu.1"),
                List.of("count", "0.count", "1.count", "2.count"));
        names(Optimizers.rprop(), List.of("0.prev.0", "0.prev.1", "0.step.0", "0.step.1"),
                List.of("count", "0.count", "1.count"));
    }

    @Test
    void selfTuningSteps() {
        names(Optimizers.dadaptAdam(LR, 0.9, 0.999, 1e-8, 0, 1e-6), List.of("0.mu.0", "0.mu.1", "0.nu.0", "0.nu.1", "0.s.0", "0.s.1"),
                List.of("count", "0.count"));
        names(Optimizers.prodigy(LR, 0.9, 0.999, 1e-8, 0, 1e-6, 1),
                List.of("0.mu.0", "0.mu.1", "0.nu.0", "0.nu.1", "0.s.0", "0.s.1", "0.w0.0", "0.w0.1"), List.of("count", "0.count"));
        names(Optimizers.scheduleFreeAdamW(LR, 0.9, 0.999, 1e-8, 0, 0),
                List.of("0.z.0", "0.z.1", "0.nu.0", "0.nu.1", "0.y.0", "0.y.1"), List.of("count", "0.count"));
        names(Optimizers.vsgd(LR, 2, 1e-9, 1, false),
                List.of("gbar.0", "gbar.1", "vbar.0", "vbar.1", "hbar.0", "hbar.1", "tau.0", "tau.1"), List.of("count"));
        // per tensor: one mean square, curvature and memory per parameter tensor
        OptState layers = Optimizers.vsgd(LR, 2, 1e-9, 1, true).init(PARAMS);
        assertThat(List.copyOf(layers.arrays().keySet()))
                .containsExactly("gbar.0", "gbar.1", "lbar.0", "lbar.1", "hbar.0", "hbar.1", "tau.0", "tau.1");
        assertThat(layers.arrays().get("gbar.0")).hasSize(3);
        assertThat(layers.arrays().get("lbar.0")).hasSize(1);
        assertThat(layers.arrays().get("tau.1")).hasSize(1);
        assertThat(Optimizers.dadaptAdam(LR, 0.9, 0.999, 1e-8, 0, 1e-6).init(PARAMS).scalars())
                .containsExactly(java.util.Map.entry("0.d", 1e-6), java.util.Map.entry("0.numerator", 0.0));
        assertThat(List.copyOf(Optimizers.prodigy(LR, 0.9, 0.999, 1e-8, 0, 1e-6, 1).init(PARAMS).scalars().keySet()))
                .containsExactly("0.d", "0.d_max", "0.numerator");
        assertThat(List.copyOf(Optimizers.scheduleFreeAdamW(LR, 0.9, 0.999, 1e-8, 0, 0).init(PARAMS).scalars().keySet()))
                .containsExactly("0.max_step", "0.weight_sum");
    }

    @Test
    void scalarsRestoreByName() {
        OptState state = Optimizers.chain(Optimizers.clipByGlobalNorm(1), Optimizers.dadaptAdam(LR, 0.9, 0.999, 1e-8, 0, 1e-6))
                .init(PARAMS);
        state.setScalar("1.0.d", 0.125);
        assertThat(state.scalars()).containsEntry("1.0.d", 0.125).containsEntry("1.0.numerator", 0.0);
        assertThat(((DAdaptState) state.children().get(1).children().get(0)).d()).isEqualTo(0.125);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> state.setScalar("1.0.e", 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void countersRestoreByName() {
        OptState state = Optimizers.chain(Optimizers.clipByGlobalNorm(1), Optimizers.adam(LR, 0.9, 0.999, 1e-8)).init(PARAMS);
        state.setCounter("1.0.count", 7);
        state.setCounter("count", 3);
        assertThat(state.counters()).containsEntry("1.0.count", 7L).containsEntry("count", 3L)
                .containsEntry("1.count", 0L);
        assertThat(state.arrays()).containsKeys("1.0.mu.0", "1.0.nu.1");
    }
}
