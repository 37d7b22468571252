package saturn.engine.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.function.Supplier;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every optimizer of rprop, RMSProp, Adagrad, SMORMS3, signSGD, Signum, Lion, LARS, LAMB,
 * D-Adaptation, Prodigy and Schedule-Free AdamW reaches the minimum of an ill-conditioned
 * quadratic {@code ½(x² + 25 y²)} and of Rosenbrock's {@code (1−x)² + 100 (y−x²)²} from (−1.2, 1),
 * on exact (full-batch) gradients. Sign-based methods move by the learning rate whatever
 * the gradient, so they get a decaying schedule to settle; so do D-Adaptation and Prodigy, whose
 * rate multiplier stays 1 at its start (their authors' advice: a decaying schedule on top).
 * Schedule-Free, whose point is to need none, runs on a constant rate; its gradient is taken at
 * its gradient point ({@link GradientPoint}) and its result is the average x. vSGD, element-wise
 * and per tensor, runs with its rates alone (multiplier 1), reading its second gradient
 * ({@link GradientProbe}) as a training step hands it over; on Rosenbrock, whose gradients are in
 * the hundreds, it probes at a thousandth of the mean gradient (at the whole of it, the authors'
 * default, it reads the curvature of far-away points and stalls short of the minimum).
 */
class ConvergenceTest {

    static Stream<Arguments> quadratic() {
        return Stream.of(
                Arguments.of("rprop", (Supplier<GradientTransformation>) Optimizers::rprop, 200),
                Arguments.of("rmsprop", (Supplier<GradientTransformation>) () -> Optimizers.rmsprop(Schedule.cosine(0.05, 2000), 0.9, 1e-8, false, 0), 2000),
                Arguments.of("rmsprop centered momentum", (Supplier<GradientTransformation>) () -> Optimizers.rmsprop(Schedule.cosine(0.01, 2000), 0.9, 1e-8, true, 0.9), 2000),
                Arguments.of("adagrad", (Supplier<GradientTransformation>) () -> Optimizers.adagrad(Schedule.constant(0.5), 1e-10), 2000),
                Arguments.of("smorms3", (Supplier<GradientTransformation>) () -> Optimizers.smorms3(Schedule.constant(0.05), 1e-16), 2000),
                Arguments.of("signsgd", (Supplier<GradientTransformation>) () -> Optimizers.signSgd(Schedule.cosine(0.02, 2000)), 2000),
                Arguments.of("signum", (Supplier<GradientTransformation>) () -> Optimizers.signum(Schedule.cosine(0.02, 2000), 0.9), 2000),
                Arguments.of("lion", (Supplier<GradientTransformation>) () -> Optimizers.lion(Schedule.cosine(0.02, 2000), 0.9, 0.99, 0), 2000),
                Arguments.of("lars", (Supplier<GradientTransformation>) () -> Optimizers.lars(Schedule.cosine(10, 2000), 0.9, 0.001, 0, null), 2000),
                Arguments.of("lamb", (Supplier<GradientTransformation>) () -> Optimizers.lamb(Schedule.cosine(0.02, 2000), 0.9, 0.999, 1e-6, 0), 2000),
                Arguments.of("dadapt", (Supplier<GradientTransformation>) () -> Optimizers.dadaptAdam(Schedule.cosine(1, 2000), 0.9, 0.999, 1e-8, 0, 1e-6), 2000),
                Arguments.of("prodigy", (Supplier<GradientTransformation>) () -> Optimizers.prodigy(Schedule.cosine(1, 2000), 0.9, 0.999, 1e-8, 0, 1e-6, 1), 2000),
                Arguments.of("schedulefree", (Supplier<GradientTransformation>) () -> Optimizers.scheduleFreeAdamW(Schedule.constant(0.05), 0.9, 0.999, 1e-8, 0, 0), 2000),
                Arguments.of("vsgd", (Supplier<GradientTransformation>) () -> Optimizers.vsgd(Schedule.constant(1), 2, 1e-9, 1, false), 2000),
                Arguments.of("vsgd per tensor", (Supplier<GradientTransformation>) () -> Optimizers.vsgd(Schedule.constant(1), 2, 1e-9, 1, true), 2000));
    }

    static Stream<Arguments> rosenbrock() {
        return Stream.of(
                Arguments.of("rprop", (Supplier<GradientTransformation>) Optimizers::rprop, 2000),
                Arguments.of("rmsprop", (Supplier<GradientTransformation>) () -> Optimizers.rmsprop(Schedule.cosine(0.01, 20000), 0.9, 1e-8, false, 0), 20000),
                Arguments.of("rmsprop centered momentum", (Supplier<GradientTransformation>) () -> Optimizers.rmsprop(Schedule.cosine(0.002, 20000), 0.9, 1e-8, true, 0.9), 20000),
                Arguments.of("adagrad", (Supplier<GradientTransformation>) () -> Optimizers.adagrad(Schedule.constant(0.5), 1e-10), 20000),
                Arguments.of("smorms3", (Supplier<GradientTransformation>) () -> Optimizers.smorms3(Schedule.constant(0.01), 1e-16), 20000),
                Arguments.of("signsgd", (Supplier<GradientTransformation>) () -> Optimizers.signSgd(Schedule.cosine(0.01, 20000)), 20000),
                Arguments.of("signum", (Supplier<GradientTransformation>) () -> Optimizers.signum(Schedule.cosine(0.01, 20000), 0.9), 20000),
                Arguments.of("lion", (Supplier<GradientTransformation>) () -> Optimizers.lion(Schedule.cosine(0.01, 20000), 0.9, 0.99, 0), 20000),
                Arguments.of("lars", (Supplier<GradientTransformation>) () -> Optimizers.lars(Schedule.cosine(5, 20000), 0.9, 0.001, 0, null), 20000),
                Arguments.of("lamb", (Supplier<GradientTransformation>) () -> Optimizers.lamb(Schedule.cosine(0.01, 20000), 0.9, 0.999, 1e-6, 0), 20000),
                Arguments.of("dadapt", (Supplier<GradientTransformation>) () -> Optimizers.dadaptAdam(Schedule.cosine(1, 20000), 0.9, 0.999, 1e-8, 0, 1e-6), 20000),
                Arguments.of("prodigy", (Supplier<GradientTransformation>) () -> Optimizers.prodigy(Schedule.cosine(1, 20000), 0.9, 0.999, 1e-8, 0, 1e-6, 1), 20000),
                Arguments.of("schedulefree", (Supplier<GradientTransformation>) () -> Optimizers.scheduleFreeAdamW(Schedule.constant(0.02), 0.9, 0.999, 1e-8, 0, 0), 20000),
                Arguments.of("vsgd, probing 1e-3 of the mean gradient", (Supplier<GradientTransformation>) () -> Optimizers.vsgd(Schedule.constant(1), 2, 1e-9, 1e-3, false), 20000));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("quadratic")
    void reachesTheMinimumOfAnIllConditionedQuadratic(String name, Supplier<GradientTransformation> opt, int steps) {
        float[][] p = {{1f, 1f}};
        minimize(opt.get(), p, steps, (w, g) -> {
            g[0] = w[0];
            g[1] = 25 * w[1];
        });
        assertThat(p[0][0]).as(name + " x").isCloseTo(0f, within(1e-2f));
        assertThat(p[0][1]).as(name + " y").isCloseTo(0f, within(1e-2f));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rosenbrock")
    void reachesTheMinimumOfRosenbrock(String name, Supplier<GradientTransformation> opt, int steps) {
        float[][] p = {{-1.2f, 1f}};
        minimize(opt.get(), p, steps, (w, g) -> {
            float x = w[0], y = w[1];
            g[0] = -2 * (1 - x) - 400 * x * (y - x * x);
            g[1] = 200 * (y - x * x);
        });
        assertThat(p[0][0]).as(name + " x").isCloseTo(1f, within(0.05f));
        assertThat(p[0][1]).as(name + " y").isCloseTo(1f, within(0.1f));
    }

    /**
     * {@code steps} steps of the optimizer on the gradient {@code gradient(w, g)}, as a training
     * step runs them: at the gradient point of an optimizer that has one, and with the second
     * gradient a probing optimizer asks for.
     */
    static void minimize(GradientTransformation o, float[][] p, int steps, java.util.function.BiConsumer<float[], float[]> gradient) {
        OptState state = o.init(p);
        float[][] u = new float[1][p[0].length];
        float[][] g = new float[1][p[0].length];
        GradientPoint point = GradientPoint.find(o);
        GradientProbe probe = GradientProbe.find(o);
        for (int s = 0; s < steps; s++) {
            if (point != null) point.toGradientPoint(p, state);
            if (probe != null) {
                if (probe.needsGradient(state)) gradient.accept(p[0], g[0]);
                probe.moveOut(p, g, state);
                gradient.accept(p[0], g[0]);
                probe.moveBack(p, g, state);
            }
            gradient.accept(p[0], u[0]);
            o.update(u, state, p);
            Optimizers.applyUpdates(p, u);
        }
    }
}
