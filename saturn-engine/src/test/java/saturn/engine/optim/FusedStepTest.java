package saturn.engine.optim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import saturn.engine.Backends;
import saturn.engine.kernel.Kernels;
import saturn.engine.kernel.ScalarKernels;

/**
 * The fused one-pass step of each standard recipe against its optax-style composition
 * (copy the gradient, {@code update}, {@code params += updates}): same parameters and same
 * optimizer state (arrays, counters and scalars such as D-Adaptation's d), bit for bit, over
 * several steps with a schedule, on scalar and SIMD kernels.
 */
class FusedStepTest {

    private static final Schedule WARMUP = Schedule.warmupCosine(0.05, 2, 10);

    static Stream<Arguments> recipes() {
        List<Kernels> kernels = List.of(new ScalarKernels(), Backends.select("java", "auto").kernels());
        boolean[] mask = {true, false, true};
        List<Object[]> pairs = List.of(
                new Object[] {"adam", (Supplier<GradientTransformation>) () -> Optimizers.adam(WARMUP, 0.9, 0.999, 1e-8),
                        (Supplier<GradientTransformation>) () -> Optimizers.chain(Optimizers.scaleByAdam(0.9, 0.999, 1e-8),
                                Optimizers.scaleByLearningRate(WARMUP))},
                new Object[] {"adamw", (Supplier<GradientTransformation>) () -> Optimizers.adamw(WARMUP, 0.9, 0.99, 1e-6, 0.1, mask),
                        (Supplier<GradientTransformation>) () -> Optimizers.chain(Optimizers.scaleByAdam(0.9, 0.99, 1e-6),
                                Optimizers.addDecayedWeights(0.1, mask), Optimizers.scaleByLearningRate(WARMUP))},
                new Object[] {"sgd", (Supplier<GradientTransformation>) () -> Optimizers.sgd(WARMUP),
                        (Supplier<GradientTransformation>) () -> Optimizers.chain(Optimizers.scaleByLearningRate(WARMUP))},
                new Object[] {"momentum", (Supplier<GradientTransformation>) () -> Optimizers.momentum(WARMUP, 0.9),
                        (Supplier<GradientTransformation>) () -> Optimizers.chain(Optimizers.traceMomentum(0.9, false),
                                Optimizers.scaleByLearningRate(WARMUP))},
                new Object[] {"nesterov", (Supplier<GradientTransformation>) () -> Optimizers.nesterov(WARMUP, 0.9),
                        (Supplier<GradientTransformation>) () -> Optimizers.chain(Optimizers.traceMomentum(0.9, true),
                                Optimizers.scaleByLearningRate(WARMUP))},
                new Object[] {"lars", (Supplier<GradientTransformation>) () -> Optimizers.lars(WARMUP, 0.9, 0.01, 0.05, mask),
                        (Supplier<GradientTransformation>) () -> Optimizers.chain(Optimizers.scaleByLars(0.01, 0.05, mask),
                                Optimizers.scaleByLearningRate(WARMUP), Optimizers.traceMomentum(0.9, false))},
                new Object[] {"lamb", (Supplier<GradientTransformation>) () -> Optimizers.lamb(WARMUP, 0.9, 0.99, 1e-6, 0.1),
                        (Supplier<GradientTransformation>) () -> Optimizers.chain(Optimizers.scaleByAdam(0.9, 0.99, 1e-6),
                                Optimizers.addDecayedWeights(0.1, null), Optimizers.scaleByTrustRatio(null),
                                Optimizers.scaleByLearningRate(WARMUP))},
                new Object[] {"lamb without decay", (Supplier<GradientTransformation>) () -> Optimizers.lamb(WARMUP, 0.9, 0.999, 1e-6, 0),
                        (Supplier<GradientTransformation>) () -> Optimizers.chain(Optimizers.scaleByAdam(0.9, 0.999, 1e-6),
                                Optimizers.scaleByTrustRatio(null), Optimizers.scaleByLearningRate(WARMUP))},
                new Object[] {"rmsprop", (Supplier<GradientTransformation>) () -> Optimizers.rmsprop(WARMUP, 0.9, 1e-8, false, 0),
                        (Supplier<GradientTransformation>) () -> Optimizers.chain(Optimizers.scaleByRms(0.9, 1e-8, false),
                                Optimizers.scaleByLearningRate(WARMUP))},
                new Object[] {"rmsprop centered", (Supplier<GradientTransformation>) () -> Optimizers.rmsprop(WARMUP, 0.8, 1e-6, true, 0),
                        (Supplier<GradientTransformation>) () -> Optimizers.chain(Optimizers.scaleByRms(0.8, 1e-6, true),
                                Optimizers.scaleByLearningRate(WARMUP))},
                new Object[] {"rmsprop with momentum", (Supplier<GradientTransformation>) () -> Optimizers.rmsprop(WARMUP, 0.9, 1e-8, false, 0.9),
                        (Supplier<GradientTransformation>) () -> Optimizers.chain(Optimizers.scaleByRms(0.9, 1e-8, false),
                                Optimizers.traceMomentum(0.9, false), Optimizers.scaleByLearningRate(WARMUP))},
                new Object[] {"rmsprop centered with momentum",
                        (Supplier<GradientTransformation>) () -> Optimizers.rmsprop(WARMUP, 0.8, 1e-6, true, 0.5),
                        (Supplier<GradientTransformation>) () -> Optimizers.chain(Optimizers.scaleByRms(0.8, 1e-6, true),
                                Optimizers.traceMomentum(0.5, false), Optimizers.scaleByLearningRate(WARMUP))},
                new Object[] {"adagrad", (Supplier<GradientTransformation>) () -> Optimizers.adagrad(WARMUP, 1e-10),
                        (Supplier<GradientTransformation>) () -> Optimizers.chain(new ScaleByAdagrad(1e-10f),
                                Optimizers.scaleByLearningRate(WARMUP))},
                new Object[] {"signsgd", (Supplier<GradientTransformation>) () -> Optimizers.signSgd(WARMUP),
                        (Supplier<GradientTransformation>) () -> Optimizers.chain(new ScaleBySign(),
                                Optimizers.scaleByLearningRate(WARMUP))},
                new Object[] {"signum", (Supplier<GradientTransformation>) () -> Optimizers.signum(WARMUP, 0.9),
                        (Supplier<GradientTransformation>) () -> Optimizers.chain(Optimizers.traceMomentum(0.9, false),
                                new ScaleBySign(), Optimizers.scaleByLearningRate(WARMUP))},
                new Object[] {"lion", (Supplier<GradientTransformation>) () -> Optimizers.lion(WARMUP, 0.9, 0.99, 0),
                        (Supplier<GradientTransformation>) () -> Optimizers.chain(new ScaleByLion(0.9f, 0.99f),
                                Optimizers.scaleByLearningRate(WARMUP))},
                new Object[] {"lion with decay", (Supplier<GradientTransformation>) () -> Optimizers.lion(WARMUP, 0.95, 0.98, 0.1),
                        (Supplier<GradientTransformation>) () -> Optimizers.chain(new ScaleByLion(0.95f, 0.98f),
                                Optimizers.addDecayedWeights(0.1, null), Optimizers.scaleByLearningRate(WARMUP))},
                new Object[] {"smorms3", (Supplier<GradientTransformation>) () -> Optimizers.smorms3(WARMUP, 1e-16),
                        (Supplier<GradientTransformation>) () -> Optimizers.chain(new ScaleBySmorms3(WARMUP, 1e-16f),
                                Optimizers.scale(-1))},
                new Object[] {"rprop", (Supplier<GradientTransformation>) () -> Optimizers.rprop(),
                        (Supplier<GradientTransformation>) () -> Optimizers.chain(new ScaleByRprop(1.2f, 0.5f, 1e-6f, 50f, 0.1f),
                                Optimizers.scale(-1))},
                new Object[] {"rprop with tight bounds", (Supplier<GradientTransformation>) () -> Optimizers.rprop(1.5, 0.25, 0.05, 0.2, 0.1),
                        (Supplier<GradientTransformation>) () -> Optimizers.chain(new ScaleByRprop(1.5f, 0.25f, 0.05f, 0.2f, 0.1f),
                                Optimizers.scale(-1))},
                new Object[] {"smorms3 with a large rate", (Supplier<GradientTransformation>) () -> Optimizers.smorms3(Schedule.constant(0.5), 1e-6),
                        (Supplier<GradientTransformation>) () -> Optimizers.chain(new ScaleBySmorms3(Schedule.constant(0.5), 1e-6f),
                                Optimizers.scale(-1))},
                new Object[] {"dadapt", (Supplier<GradientTransformation>) () -> Optimizers.dadaptAdam(WARMUP, 0.9, 0.999, 1e-8, 0, 1e-3),
                        (Supplier<GradientTransformation>) () -> Optimizers.chain(new DAdaptAdam(WARMUP, 0.9f, 0.999f, 1e-8f, 0f, 1e-3))},
                new Object[] {"dadapt with decay", (Supplier<GradientTransformation>) () -> Optimizers.dadaptAdam(WARMUP, 0.8, 0.99, 1e-6, 0.1, 1e-2),
                        (Supplier<GradientTransformation>) () -> Optimizers.chain(new DAdaptAdam(WARMUP, 0.8f, 0.99f, 1e-6f, 0.1f, 1e-2))},
                new Object[] {"prodigy", (Supplier<GradientTransformation>) () -> Optimizers.prodigy(WARMUP, 0.9, 0.999, 1e-8, 0, 1e-3, 1),
                        (Supplier<GradientTransformation>) () -> Optimizers.chain(new Prodigy(WARMUP, 0.9f, 0.999f, 1e-8f, 0f, 1e-3, 1))},
                new Object[] {"prodigy with decay", (Supplier<GradientTransformation>) () -> Optimizers.prodigy(WARMUP, 0.8, 0.99, 1e-6, 0.1, 1e-2, 0.5),
                        (Supplier<GradientTransformation>) () -> Optimizers.chain(new Prodigy(WARMUP, 0.8f, 0.99f, 1e-6f, 0.1f, 1e-2, 0.5))},
                new Object[] {"schedulefree", (Supplier<GradientTransformation>) () -> Optimizers.scheduleFreeAdamW(WARMUP, 0.9, 0.999, 1e-8, 0, 0),
                        (Supplier<GradientTransformation>) () -> Optimizers.chain(new ScheduleFreeAdamW(WARMUP, 0.9f, 0.999f, 1e-8f, 0f, 0))},
                new Object[] {"schedulefree with decay and warm-up", (Supplier<GradientTransformation>) () -> Optimizers.scheduleFreeAdamW(WARMUP, 0.95, 0.99, 1e-6, 0.1, 3),
                        (Supplier<GradientTransformation>) () -> Optimizers.chain(new ScheduleFreeAdamW(WARMUP, 0.95f, 0.99f, 1e-6f, 0.1f, 3))});
        return kernels.stream().flatMap(k -> pairs.stream().map(p -> Arguments.of(p[0] + " on " + k.name(), p[1], p[2], k)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recipes")
    void fusedStepEqualsComposition(String name, Supplier<GradientTransformation> recipe,
                                    Supplier<GradientTransformation> composed, Kernels kernels) {
        int[] sizes = {1, 13, 4097};
        float[][] fusedParams = random(sizes, 1);
        float[][] refParams = copy(fusedParams);
        GradientTransformation fused = recipe.get();
        GradientTransformation reference = composed.get();
        OptState fusedState = fused.init(fusedParams);
        OptState refState = reference.init(refParams);
        for (int step = 0; step < 6; step++) {
            float[][] grads = withZeros(random(sizes, 100 + step));
            float[][] updates = copy(grads);                  // before: a fused step may clobber its gradients
            assertThat(fused.step(fusedParams, grads, fusedState, kernels)).isTrue();
            reference.update(updates, refState, refParams);
            Optimizers.applyUpdates(refParams, updates);
            for (int p = 0; p < sizes.length; p++) assertThat(fusedParams[p]).containsExactly(refParams[p]);
        }
        assertThat(fusedState.counters()).isEqualTo(refState.counters());
        assertThat(fusedState.arrays().keySet()).isEqualTo(refState.arrays().keySet());
        for (String k : refState.arrays().keySet()) {
            assertThat(fusedState.arrays().get(k)).as(k).containsExactly(refState.arrays().get(k));
        }
        assertThat(fusedState.scalars()).isEqualTo(refState.scalars());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recipes")
    void recipeUpdateIsTheComposition(String name, Supplier<GradientTransformation> recipe,
                                      Supplier<GradientTransformation> composed, Kernels kernels) {
        int[] sizes = {7, 1023, 2};
        float[][] params = random(sizes, 2);
        GradientTransformation a = recipe.get();
        GradientTransformation b = composed.get();
        OptState sa = a.init(params);
        OptState sb = b.init(params);
        for (int step = 0; step < 3; step++) {
            float[][] ua = random(sizes, 50 + step);
            float[][] ub = copy(ua);
            a.update(ua, sa, params);
            b.update(ub, sb, params);
            for (int p = 0; p < sizes.length; p++) assertThat(ua[p]).containsExactly(ub[p]);
        }
    }

    @org.junit.jupiter.api.Test
    void aChainHasNoFusedStepAndIsLeftUntouched() {
        GradientTransformation chain = Optimizers.chain(Optimizers.scaleByLearningRate(Schedule.constant(0.1)));
        float[][] params = {{1f}};
        OptState state = chain.init(params);
        assertThat(chain.step(params, new float[][] {{2f}}, state, new ScalarKernels())).isFalse();
        assertThat(params[0][0]).isEqualTo(1f);
        assertThat(state.counters()).containsEntry("count", 0L);
    }

    private static float[][] random(int[] sizes, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[][] out = new float[sizes.length][];
        for (int p = 0; p < sizes.length; p++) {
            out[p] = new float[sizes[p]];
            for (int i = 0; i < sizes[p]; i++) out[p][i] = (float) r.nextGaussian();
        }
        return out;
    }

    /**
     * Some exact zeros of both signs, whose sign the sign-based recipes must keep as
     * {@link Math#signum} does, and at fixed places gradients whose squares are subnormal (the
     * second moments there stay tiny, so a term dropped in one path and kept in the other shows).
     */
    private static float[][] withZeros(float[][] g) {
        for (float[] x : g) {
            for (int i = 0; i < x.length; i += 7) x[i] = i % 2 == 0 ? 0f : -0f;
            for (int i = 3; i < x.length; i += 11) x[i] = i % 2 == 0 ? 1e-19f : -2e-20f;
        }
        return g;
    }

    private static float[][] copy(float[][] a) {
        float[][] out = new float[a.length][];
        for (int p = 0; p < a.length; p++) out[p] = a[p].clone();
        return out;
    }
}
