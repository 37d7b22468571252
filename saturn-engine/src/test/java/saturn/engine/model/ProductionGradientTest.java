package saturn.engine.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import saturn.engine.Backends;
import saturn.engine.blas.OpenBlasGemm;
import saturn.engine.init.InitScheme;
import saturn.engine.kernel.Kernels;
import saturn.engine.kernel.ScalarKernels;
import saturn.engine.layer.Dropout;
import saturn.engine.layer.Layer;
import saturn.engine.layer.Residual;
import saturn.engine.parallel.ParallelGemm;
import saturn.engine.parallel.Workers;
import saturn.engine.tensor.Ops;
import saturn.engine.tensor.Parameter;
import saturn.engine.tensor.Tensor;
import saturn.theory.Activation;

/**
 * Gradients of whole models through the production paths against central differences of an
 * independent double-precision loss ({@link DoubleReference}).
 *
 * <p>Method. The engine computes the gradient of the mean softmax cross-entropy in float32:
 * on the Java GEMM with scalar kernels (the reference backend), on OpenBLAS with scalar
 * kernels, and on OpenBLAS cut into bands by {@link ParallelGemm} with the Vector API kernels
 * (the backends {@code saturn train} selects); on 1, 2, 3 and 4 workers; read off the fused
 * plan, the layer-by-layer plan, and two {@link TrainingStep}s whose optimizer runs inside the
 * backward pass ({@link GradientReadings}). The numeric gradient is a central difference of
 * the same loss evaluated in double on the float parameters widened to double, so it carries
 * no float rounding: with step ε = 1e-5 its truncation error is ε²/6·|L'''| ≈ 2e-11·|L'''|
 * and its rounding error 1e-16·|L|/ε ≈ 1e-11, both far below the float32 error of the
 * analytic gradient (unit roundoff 6e-8, grown by sums of ≤ 130 terms and three layers to
 * ~1e-6 relative). The tolerances below are therefore set by float32 alone, a factor ≥ 10
 * above the errors observed; a wrong term, lane, band or element moves the error far above
 * them.
 *
 * <p>Kinks. A difference quotient that straddles a kink of φ measures neither side. The
 * reference knows φ's kinks and jumps ({@link Activation#kinks()}); the data are drawn until
 * no activation input lies within {@link #MARGIN} of one, and every probe is checked not to
 * have moved an input across one: a probe that did is an error of the test, never a
 * comparison. Off the kinks the analytic gradient of a kinked φ is its one-sided derivative,
 * which is what the engine computes.
 *
 * <p>Errors are per parameter tensor, {@code ‖a − n‖ / max(‖a‖ + ‖n‖, 1e-3·‖n_all‖)}: a
 * tensor whose gradient is legitimately zero is compared in absolute terms against the whole
 * gradient's scale. Two such: the layers below a φ that jumps (sign, step), and a bias right
 * before batch normalization, which subtracts it again; the float gradient of the latter is
 * the rounding left of {@code γ/σ·(g − mean g − x̂·mean(g x̂))}, ~1e-8 of the whole.
 */
class ProductionGradientTest {

    /** Distance from every activation input to every kink at the base point (≫ ε times any input). */
    static final double MARGIN = 1e-3;
    /**
     * The same for the large models, whose 37 000 activation inputs rarely all keep 1e-3: still
     * far above the float forward pass's error (~1e-6), so the engine sees each input on the
     * reference's side of every kink; the probes are checked for crossings as well.
     */
    static final double LARGE_MARGIN = 1e-5;
    static final double EPS = 1e-5;
    /** Largest relative error per parameter tensor (see {@link #activations()}). */
    static final double TOLERANCE = 1e-5;
    /**
     * The same with batch normalization: the bias right before it has zero gradient, and its
     * float gradient, the rounding left of {@code γ/σ·(g − mean g − x̂·mean(g x̂))}, is up to
     * 1.4e-8 of the whole gradient's norm, i.e. 1.4e-5 against {@link #FLOOR}; a factor 14.
     */
    static final double BN_TOLERANCE = 2e-4;
    /** Share of the whole gradient's norm below which a tensor's error is taken in absolute terms. */
    static final double FLOOR = 1e-3;

    @AfterEach
    void oneWorker() {
        Workers.use(1);
    }

    /** The backends a model can run on. */
    enum Backend {
        JAVA_SCALAR, OPENBLAS_SCALAR, PARALLEL_VECTOR;

        Ops ops() {
            return switch (this) {
                case JAVA_SCALAR -> Ops.reference();
                case OPENBLAS_SCALAR -> new Ops(singleThreadedBlas(), new ScalarKernels());
                case PARALLEL_VECTOR -> {
                    Kernels vector = Backends.select("java", "on").kernels();
                    yield new Ops(new ParallelGemm(singleThreadedBlas(), vector), vector);
                }
            };
        }

        private static OpenBlasGemm singleThreadedBlas() {
            OpenBlasGemm blas = OpenBlasGemm.load();
            blas.setThreads(1);
            return blas;
        }
    }

    /** An activation to check. */
    record Case(String label, Activation phi) {
        Case(String formula) {
            this(formula, Activation.parse(formula));
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /**
     * Every library activation, kinked and jumping formulas, smooth user formulas and DKS/TAT
     * transforms ({@link Transformed}). One step and one tolerance serve them all:
     * <ul>
     *   <li>ε = {@value #EPS}: the quotients with ε = 1e-4 and 1e-5 differ by at most 1.2e-7
     *       (erfc(x)·cosh(x/2) and sin(2x) + x/2, the largest third derivatives here; the
     *       library's at most 4e-8, the transforms' 8e-9), so at 1e-5 the O(ε²) truncation is
     *       below 1.2e-9 and the rounding 1e-16·|L|/ε about 2e-11: under 1e-8 of the largest
     *       gradient elements (0.2 to 14).</li>
     *   <li>tolerance {@value #TOLERANCE}: the errors seen are 5e-8 to 7e-7 for every
     *       activation, backend, worker count and reading (abs(sin(2x)) the largest, whose φ' =
     *       2cos(2x)·sign(sin(2x)) is steep), which is float32 rounding of φ and φ' (FloatMath's
     *       functions within 4 ulps) and of sums of at most 130 terms: a factor 14 below. One
     *       element off by 1e-2 in a tensor of 361 gives 5e-4.</li>
     *   <li>kinked and jumping φ are checked off their kinks ({@link #MARGIN}), where the
     *       engine's one-sided φ' is the derivative; below a φ that jumps (sign, step) the
     *       gradients are zero, compared in absolute terms ({@link #FLOOR}).</li>
     * </ul>
     */
    static Stream<Case> activations() {
        List<Case> cases = new ArrayList<>();
        for (String name : saturn.theory.Activations.names()) cases.add(new Case(name));
        for (String f : List.of("abs(x)-1", "max(x,0)-0.5", "max(x,0.2*x)-0.3", "max(tanh(x),-0.5)", "sign(x)",
                "step(x)+0.5*x", "min(max(x,-1),1)*0.8+0.1*x", "abs(sin(2*x))")) {
            cases.add(new Case(f));
        }
        for (String f : List.of("x*exp(-x^2)", "sin(2*x)+0.5*x", "x/sqrt(1+x^2)", "log1p(x^2)-0.5", "erfc(x)*cosh(x/2)")) {
            cases.add(new Case(f));
        }
        cases.addAll(Transformed.cases());
        return cases.stream();
    }

    /** The small network of the per-activation check: 16-lane vectors and a 3-element tail in every row of 19. */
    static ModelSpec smallSpec(Activation phi) {
        return ModelSpec.mlp(5, 2, 19, phi, 3).withInit(InitScheme.GAUSSIAN, 1.5, 0.1).withSeed(11);
    }

    /**
     * Every element of every parameter tensor, on every backend, thread count and reading. The
     * products here are below {@code ParallelGemm}'s cut, so a thread count changes nothing
     * that a bug could hide in; {@link #largeModelsOnEveryWorkerCount} covers the cuts.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("activations")
    void everyActivationOnEveryProductionPath(Case c) {
        Model base = Model.fromSpec(smallSpec(c.phi()), Backend.JAVA_SCALAR.ops());
        Checked data = Checked.draw(base, c.phi(), 6, 5, 0, MARGIN);
        double[][] numeric = data.elementwise(EPS);
        for (Backend b : Backend.values()) {
            Model m = Model.fromSpec(smallSpec(c.phi()), b.ops());
            sameParameters(base, m);
            for (int threads = 1; threads <= 4; threads++) {
                Backends.setThreads(threads);
                for (GradientReadings r : GradientReadings.values()) {
                    double[] err = errors(r.read(m, data.x(), data.labels(), () -> { }), numeric);
                    assertWithin(err, TOLERANCE, m, c + " " + b + " " + threads + " workers " + r);
                }
            }
        }
    }

    /**
     * Batch normalization, ReZero blocks (α away from 0) and dropout with a fixed mask, on
     * every backend, worker count and reading, element by element: dense → batch norm → φ →
     * dropout → ReZero(dense → φ) → ReZero(dense → batch norm → φ → dropout) → dense, and the
     * same with a learnable scale on φ.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("normalizedActivations")
    void batchNormReZeroAndDropoutOnEveryProductionPath(Case c) {
        for (boolean scaled : new boolean[] {false, true}) {
            Model base = normalizedModel(c.phi(), Backend.JAVA_SCALAR.ops(), 7, 19, scaled);
            Checked data = Checked.draw(base, c.phi(), 8, 7, 0, MARGIN);
            double[][] numeric = data.elementwise(EPS);
            for (Backend b : Backend.values()) {
                Model m = normalizedModel(c.phi(), b.ops(), 7, 19, scaled);
                sameParameters(base, m);
                for (int threads = 1; threads <= 4; threads++) {
                    Backends.setThreads(threads);
                    for (GradientReadings r : GradientReadings.values()) {
                        double[] err = errors(r.read(m, data.x(), data.labels(), replay(m)), numeric);
                        assertWithin(err, BN_TOLERANCE, m, c + (scaled ? " scaled" : "") + " " + b + " " + threads
                                + " workers " + r);
                    }
                }
            }
        }
    }

    static Stream<Case> normalizedActivations() {
        return Stream.of(new Case("tanh"), new Case("selu"), new Case("gelu"), new Case("max(tanh(x),-0.5)"));
    }

    /** The dropout draw every forward pass of the normalized model replays. */
    static final long DRAW = 5;

    static Model normalizedModel(Activation phi, Ops ops, int in, int width, boolean scaled) {
        Consumer<ModelBuilder> act = b -> {
            if (scaled) b.activation(CompiledActivation.of(phi, ops.kernels()), 1.3f);
            else b.activation(phi);
        };
        ModelBuilder b = Model.builder(in, ops).seed(21)
                .init(saturn.engine.init.Initializers.gaussian(1.5), saturn.engine.init.Initializers.normalStd(0.3));
        b.dense(width).batchNorm();
        act.accept(b);
        b.dropout(0.3);
        b.reZero(br -> {
            br.dense(width);
            act.accept(br);
        });
        b.reZero(br -> {
            br.dense(width).batchNorm();
            act.accept(br);
            br.dropout(0.2);
        });
        Model m = b.dense(3).build();
        float alpha = 0.6f;
        for (Layer l : m.layers()) {
            if (l instanceof Residual r && r.isReZero()) {
                r.parameters().getFirst().data()[0] = alpha;   // ReZero starts at 0: its branch would get no gradient
                alpha += 0.3f;
            }
        }
        SplittableRandom rng = new SplittableRandom(4);
        for (Parameter p : m.trainableParameters()) {
            if (p.name().endsWith("weight") && p.shape().length == 1) {   // batch-norm gains away from 1
                for (int i = 0; i < p.size(); i++) p.data()[i] = (float) (0.8 + 0.4 * rng.nextDouble());
            }
        }
        return m;
    }

    /** Sets every dropout module of {@code m} to draw {@link #DRAW}, before each forward pass. */
    static Runnable replay(Model m) {
        List<Dropout> dropouts = new ArrayList<>();
        collectDropouts(m.layers(), dropouts);
        return () -> dropouts.forEach(d -> d.setDraw(DRAW));
    }

    private static void collectDropouts(List<Layer> layers, List<Dropout> out) {
        for (Layer l : layers) {
            if (l instanceof Dropout d) out.add(d);
            if (l instanceof Residual r) collectDropouts(r.branch(), out);
        }
    }

    /**
     * Models large enough for {@link ParallelGemm} to cut every product into bands (144 × 130
     * × 130: 4.9 Mflop, by rows) and for the elementwise kernels to be cut into chunks between
     * the workers (144 · 130 = 18 720 ≥ 16 384 elements), on 1 to 4 workers. The numeric side
     * is directional: per parameter tensor, one random unit direction on each block of 16
     * rows (the bands start at multiples of 16), so that a wrong band, row or element shows in
     * its block's derivative (one element of a block of 2080 moves it by ~2%).
     */
    @Test
    void largeModelsOnEveryWorkerCount() {
        List<Case> cases = List.of(new Case("tanh"), new Case("selu"), new Case("x*exp(-x^2)"), new Case("hardtanh"));
        for (Case c : cases) {
            ModelSpec spec = ModelSpec.mlp(9, 2, 130, c.phi(), 4).withInit(InitScheme.GAUSSIAN, 1.5, 0.1).withSeed(3);
            checkLarge(c, TOLERANCE, b -> Model.fromSpec(spec, b.ops()), m -> () -> { });
        }
        Case tanh = cases.getFirst();
        checkLarge(tanh, BN_TOLERANCE, b -> normalizedModel(tanh.phi(), b.ops(), 9, 130, true),
                ProductionGradientTest::replay);
    }

    private static void checkLarge(Case c, double tolerance, java.util.function.Function<Backend, Model> build,
                                   java.util.function.Function<Model, Runnable> before) {
        Model base = build.apply(Backend.JAVA_SCALAR);
        Directions dirs = Directions.blocks(base, 16, 7);
        Checked data = null;
        double[] numeric = null;
        for (int seed = 0; numeric == null; seed++) {
            data = Checked.draw(base, c.phi(), 144, base.inputSize(), seed, LARGE_MARGIN);
            numeric = data.directional(dirs, EPS);   // null when a probe crossed a kink: next draw
            assertThat(seed).as("draws left for %s", c).isLessThan(20);
        }
        for (Backend b : Backend.values()) {
            Model m = build.apply(b);
            sameParameters(base, m);
            for (int threads = 1; threads <= 4; threads++) {
                Backends.setThreads(threads);
                for (GradientReadings r : GradientReadings.values()) {
                    double[] err = dirs.errors(r.read(m, data.x(), data.labels(), before.apply(m)), numeric);
                    assertWithin(err, tolerance, m, c + " large " + b + " " + threads + " workers " + r);
                }
            }
        }
    }

    static void sameParameters(Model a, Model b) {
        for (int p = 0; p < a.parameters().size(); p++) {
            assertThat(b.parameters().get(p).data()).as(a.parameters().get(p).name())
                    .containsExactly(a.parameters().get(p).data());
        }
    }

    /** Relative error per parameter tensor (see the class comment). */
    static double[] errors(float[][] analytic, double[][] numeric) {
        double all = 0;
        for (double[] n : numeric) for (double v : n) all += v * v;
        double floor = FLOOR * Math.sqrt(all);
        double[] err = new double[numeric.length];
        for (int p = 0; p < numeric.length; p++) {
            double diff = 0, na = 0, nn = 0;
            for (int i = 0; i < numeric[p].length; i++) {
                double d = analytic[p][i] - numeric[p][i];
                diff += d * d;
                na += (double) analytic[p][i] * analytic[p][i];
                nn += numeric[p][i] * numeric[p][i];
            }
            err[p] = Math.sqrt(diff) / Math.max(Math.sqrt(na) + Math.sqrt(nn), floor);
        }
        return err;
    }

    static void assertWithin(double[] err, double tolerance, Model m, String what) {
        List<Parameter> ps = m.trainableParameters();
        StringBuilder sb = new StringBuilder();
        double worst = 0;
        for (int p = 0; p < err.length; p++) {
            worst = Math.max(worst, err[p]);
            sb.append(ps.get(p).name()).append('=').append(String.format("%.2e", err[p])).append(' ');
        }
        assertThat(worst).as("%s: %s", what, sb).isLessThanOrEqualTo(tolerance);
    }
}
