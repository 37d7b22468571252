package saturn.engine.kfac;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;

import org.hipparchus.linear.EigenDecompositionSymmetric;
import org.hipparchus.linear.MatrixUtils;
import org.junit.jupiter.api.Test;

import saturn.engine.loss.MeanSquaredError;
import saturn.engine.loss.Target;
import saturn.engine.model.Model;
import saturn.engine.model.TrainingStep;
import saturn.engine.optim.GradientTransformation;
import saturn.engine.optim.OptState;
import saturn.engine.optim.Optimizers;
import saturn.engine.optim.Schedule;
import saturn.engine.tensor.Ops;
import saturn.engine.tensor.Tensor;

class KfacTest {

    private static final Ops OPS = Ops.reference();

    @Test
    void choleskyInvertsShiftedSpdMatricesIncludingOneByOne() {
        SplittableRandom rng = new SplittableRandom(5);
        for (int n : new int[] {1, 2, 7, 33}) {
            double[][] m = new double[n][n];
            float[] s = new float[n * n];
            // S = B Bᵀ / n, SPD; plus a shift
            double[][] b = new double[n][n];
            for (double[] row : b) for (int j = 0; j < n; j++) row[j] = rng.nextGaussian();
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double v = 0;
                    for (int k = 0; k < n; k++) v += b[i][k] * b[j][k];
                    s[i * n + j] = (float) (v / n);
                    m[i][j] = s[i * n + j] + (i == j ? 0.1 : 0);
                }
            }
            // the Java loops (reference GEMM) and LAPACK (OpenBLAS, when loaded)
            for (saturn.engine.blas.Gemm gemm : new saturn.engine.blas.Gemm[] {OPS.gemm(), saturn.engine.Backends.gemm()}) {
                float[] inv = new float[n * n];
                // only the lower triangle is read (K-FAC maintains no more): NaN above it must not matter
                float[] lower = s.clone();
                for (int i = 0; i < n; i++) for (int j = i + 1; j < n; j++) lower[i * n + j] = Float.NaN;
                assertThat(new Cholesky(40, gemm).invert(lower, n, 0.1, inv)).isTrue();
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < n; j++) {
                        double v = 0;
                        for (int k = 0; k < n; k++) v += m[i][k] * inv[k * n + j];
                        assertThat(v).as(gemm + " " + n + ": (M M⁻¹)[" + i + "][" + j + "]")
                                .isCloseTo(i == j ? 1 : 0, within(1e-4));
                    }
                }
            }
        }
        // Hilbert 6x6, condition ~1.5e7: single precision gets the inverse wrong by O(1), so
        // LAPACK's path must see it from the factor and redo it in double
        int h = 6;
        float[] hilbert = new float[h * h];
        double[][] aug = new double[h][2 * h];
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < h; j++) {
                hilbert[i * h + j] = (float) (1.0 / (i + j + 1));
                aug[i][j] = hilbert[i * h + j];
            }
            aug[i][h + i] = 1;
        }
        for (int col = 0; col < h; col++) {                     // Gauss-Jordan in double: the reference inverse
            double pivot = aug[col][col];
            for (int j = 0; j < 2 * h; j++) aug[col][j] /= pivot;
            for (int i = 0; i < h; i++) {
                if (i == col) continue;
                double f = aug[i][col];
                for (int j = 0; j < 2 * h; j++) aug[i][j] -= f * aug[col][j];
            }
        }
        double largest = 0;
        for (double[] row : aug) for (int j = h; j < 2 * h; j++) largest = Math.max(largest, Math.abs(row[j]));
        for (saturn.engine.blas.Gemm gemm : new saturn.engine.blas.Gemm[] {OPS.gemm(), saturn.engine.Backends.gemm()}) {
            float[] out = new float[h * h];
            assertThat(new Cholesky(h, gemm).invert(hilbert, h, 0, out)).isTrue();
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < h; j++) {
                    assertThat((double) out[i * h + j]).as("%s (%d, %d)", gemm, i, j)
                            .isCloseTo(aug[i][h + j], within(1e-4 * largest));
                }
            }
        }
        float[] inv = new float[4];
        assertThat(new Cholesky(2, OPS.gemm()).invert(new float[] {1, 2, 2, 1}, 2, 0, inv)).isFalse();   // indefinite
        assertThat(inv[0]).isNaN();
        inv[0] = 0;
        assertThat(new Cholesky(2, saturn.engine.Backends.gemm()).invert(new float[] {1, 2, 2, 1}, 2, 0, inv)).isFalse();
        assertThat(inv[0]).isNaN();
    }

    /** A one-layer linear model 2 -> 2 with bias, its step and the data of a hand-checkable batch. */
    private static Model linear(int in, int out, long seed) {
        return Model.builder(in, OPS).seed(seed).dense(out).build();
    }

    /**
     * Inside a chain (after clipping, as {@code --clip} builds it) K-FAC still measures its
     * factors between the forward and the backward pass, into its own child of the chain's state.
     */
    @Test
    void insideAChainTheFactorsGoToKfacsChildState() {
        float[] x = {1, 2, -1, 0, 3, 1};
        Model alone = linear(2, 2, 1);
        TrainingStep plain = new TrainingStep(alone, new MeanSquaredError(), KfacOptimizer.of(alone,
                Schedule.constant(0.1), 0, 1e-3, 0.95, 1, 20, 0, 7, Optimizers.adam(1e-3)));
        plain.run(new Tensor(x.clone(), 3, 2), Target.values(new float[6]));
        Model chained = linear(2, 2, 1);
        GradientTransformation kfac = KfacOptimizer.of(chained, Schedule.constant(0.1), 0, 1e-3, 0.95, 1, 20, 0, 7,
                Optimizers.adam(1e-3));
        TrainingStep step = new TrainingStep(chained, new MeanSquaredError(),
                Optimizers.chain(Optimizers.clipByGlobalNorm(1e9), kfac));
        step.run(new Tensor(x.clone(), 3, 2), Target.values(new float[6]));

        KfacState inChain = kfacState(step.optimizerState().children().get(1));
        assertThat(inChain.a()[0]).isEqualTo(kfacState(plain.optimizerState()).a()[0]);
        assertThat(inChain.g()[0]).isEqualTo(kfacState(plain.optimizerState()).g()[0]);
        assertThat(inChain.a()[0][0]).as("A[0] after the first statistics").isEqualTo(11f / 3);
    }

    @Test
    void factorsAreTheSecondMomentsOfTheHomogeneousInputAndOfTheSampledGradients() {
        Model model = linear(2, 2, 1);
        GradientTransformation kfac = KfacOptimizer.of(model, Schedule.constant(0.1), 0.9, 1e-3, 0.95, 1, 20, 0, 7,
                Optimizers.adam(1e-3));
        TrainingStep step = new TrainingStep(model, new MeanSquaredError(), kfac);
        float[] x1 = {1, 2, -1, 0, 3, 1};   // rows (1, 2), (−1, 0), (3, 1)
        step.run(new Tensor(x1, 3, 2), Target.values(new float[6]));
        float[] a = kfacState(step.optimizerState()).a()[0];
        // first statistics: A = [x 1]ᵀ[x 1]/B exactly (weight min(0.95, 1 − 1/1) = 0 on the old value)
        double[] expected = {(1 + 1 + 9) / 3.0, (2 + 0 + 3) / 3.0, (1 - 1 + 3) / 3.0,
                (2 + 0 + 3) / 3.0, (4 + 0 + 1) / 3.0, (2 + 0 + 1) / 3.0,
                (1 - 1 + 3) / 3.0, (2 + 0 + 1) / 3.0, 1};
        for (int i = 0; i < 9; i++) {
            if (i % 3 <= i / 3) assertThat((double) a[i]).as("A[" + i + "]").isCloseTo(expected[i], within(1e-6));   // lower triangle
        }
        float[] x2 = {0, 1, 2, 2, -1, -1};
        step.run(new Tensor(x2, 3, 2), Target.values(new float[6]));
        // second statistics: weight min(0.95, 1 − 1/2) = 0.5
        double a00 = 0.5 * expected[0] + 0.5 * (0 + 4 + 1) / 3.0;
        double a21 = 0.5 * expected[7] + 0.5 * (1 + 2 - 1) / 3.0;
        assertThat((double) a[0]).isCloseTo(a00, within(1e-6));
        assertThat((double) a[7]).isCloseTo(a21, within(1e-6));

        // G: MSE over k = 2 outputs has per-example Hessian (2/k) I = I; sampled G estimates it
        Model big = linear(3, 2, 2);
        TrainingStep s2 = new TrainingStep(big, new MeanSquaredError(),
                KfacOptimizer.of(big, Schedule.constant(0), 0, 1e-3, 0.95, 1, 20, 0, 3, Optimizers.adam(1e-3)));
        SplittableRandom rng = new SplittableRandom(9);
        float[] x = new float[4096 * 3];
        for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextGaussian();
        s2.run(new Tensor(x, 4096, 3), Target.values(new float[4096 * 2]));
        float[] g = kfacState(s2.optimizerState()).g()[0];
        assertThat((double) g[0]).isCloseTo(1, within(0.08));
        assertThat((double) g[3]).isCloseTo(1, within(0.08));
        assertThat((double) g[2]).isCloseTo(0, within(0.08));
    }

    @Test
    void withAStatisticsIntervalTheFactorsChangeOnlyOnThoseSteps() {
        Model model = linear(2, 2, 1);
        TrainingStep step = new TrainingStep(model, new MeanSquaredError(), KfacOptimizer.of(model, Schedule.constant(0.1),
                0.9, 1e-3, 0.95, 3, 20, 0, 7, Optimizers.adam(1e-3)));
        SplittableRandom rng = new SplittableRandom(2);
        float[] before = null;
        for (int s = 0; s < 7; s++) {
            float[] x = new float[6];
            for (int i = 0; i < 6; i++) x[i] = (float) rng.nextGaussian();
            step.run(new Tensor(x, 3, 2), Target.values(new float[6]));
            float[] a = kfacState(step.optimizerState()).a()[0].clone();
            if (before != null) {
                if (s % 3 == 0) assertThat(a).as("step " + s).isNotEqualTo(before);
                else assertThat(a).as("step " + s).isEqualTo(before);
            }
            before = a;
        }
        assertThat(step.optimizerState().children().get(1).count()).isEqualTo(3);   // statistics at steps 0, 3, 6
    }

    @Test
    void theStepIsTheDampedKroneckerPreconditionedGradientWithMomentum() {
        Model model = linear(1, 2, 1);   // W [2, 1], b [2]: blocks of dimension da = 2, out = 2
        double gamma = 0.01, lr = 0.5, mu = 0.9;
        GradientTransformation kfac = KfacOptimizer.of(model, Schedule.constant(lr), mu, gamma, 0.95, 1, 20, 0, 1,
                Optimizers.adam(1e-3));
        float[][] params = {model.trainableParameters().get(0).data(), model.trainableParameters().get(1).data()};
        OptState state = kfac.init(params);
        float[] aF = {2, 1, 1, 1};      // A = [[2, 1], [1, 1]]
        float[] gF = {1, 0.5f, 0.5f, 4}; // G = [[1, .5], [.5, 4]]
        System.arraycopy(aF, 0, kfacState(state).a()[0], 0, 4);
        System.arraycopy(gF, 0, kfacState(state).g()[0], 0, 4);
        double pi = Math.sqrt((3 / 2.0) / (5 / 2.0));
        double da = pi * Math.sqrt(gamma), dg = Math.sqrt(gamma) / pi;
        double[][] aInv = inverse2(2 + da, 1, 1, 1 + da);
        double[][] gInv = inverse2(1 + dg, 0.5, 0.5, 4 + dg);
        double[][] grad = {{0.3, -0.2}, {0.7, 0.4}};   // rows [∂W_o, ∂b_o]
        double[][] delta = mul(mul(gInv, grad), aInv);
        float[][] u = {{0.3f, 0.7f}, {-0.2f, 0.4f}};   // weight [2,1], bias [2]
        kfac.update(u, state, params);
        assertThat((double) u[0][0]).isCloseTo(-lr * delta[0][0], within(1e-5));
        assertThat((double) u[0][1]).isCloseTo(-lr * delta[1][0], within(1e-5));
        assertThat((double) u[1][0]).isCloseTo(-lr * delta[0][1], within(1e-5));
        assertThat((double) u[1][1]).isCloseTo(-lr * delta[1][1], within(1e-5));
        // second update, same gradient, inverses not refreshed (every 20): v = Δ + μ Δ
        System.arraycopy(new float[] {9, 0, 0, 9}, 0, kfacState(state).a()[0], 0, 4);   // ignored until step 20
        float[][] u2 = {{0.3f, 0.7f}, {-0.2f, 0.4f}};
        kfac.update(u2, state, params);
        assertThat((double) u2[0][0]).isCloseTo(-lr * (1 + mu) * delta[0][0], within(1e-5));
        assertThat((double) u2[1][1]).isCloseTo(-lr * (1 + mu) * delta[1][1], within(1e-5));
    }

    @Test
    void klClippingScalesTheStepSoThatLrSquaredTimesDeltaDotGradientIsKappa() {
        Model model = linear(1, 2, 1);
        double gamma = 0.01, lr = 0.5, kappa = 1e-4;
        GradientTransformation kfac = KfacOptimizer.of(model, Schedule.constant(lr), 0.9, gamma, 0.95, 1, 20, kappa, 1,
                Optimizers.adam(1e-3));
        float[][] params = {model.trainableParameters().get(0).data(), model.trainableParameters().get(1).data()};
        OptState state = kfac.init(params);
        System.arraycopy(new float[] {2, 1, 1, 1}, 0, kfacState(state).a()[0], 0, 4);
        System.arraycopy(new float[] {1, 0.5f, 0.5f, 4}, 0, kfacState(state).g()[0], 0, 4);
        double pi = Math.sqrt((3 / 2.0) / (5 / 2.0));
        double[][] aInv = inverse2(2 + pi * Math.sqrt(gamma), 1, 1, 1 + pi * Math.sqrt(gamma));
        double[][] gInv = inverse2(1 + Math.sqrt(gamma) / pi, 0.5, 0.5, 4 + Math.sqrt(gamma) / pi);
        double[][] grad = {{0.3, -0.2}, {0.7, 0.4}};
        double[][] delta = mul(mul(gInv, grad), aInv);
        double dot = 0;
        for (int i = 0; i < 2; i++) for (int j = 0; j < 2; j++) dot += delta[i][j] * grad[i][j];
        double nu = Math.sqrt(kappa / (lr * lr * dot));
        assertThat(nu).isLessThan(1);   // the clip is active
        float[][] u = {{0.3f, 0.7f}, {-0.2f, 0.4f}};
        kfac.update(u, state, params);
        assertThat((double) u[0][0]).isCloseTo(-lr * nu * delta[0][0], within(1e-6));
        assertThat((double) u[0][1]).isCloseTo(-lr * nu * delta[1][0], within(1e-6));
        assertThat((double) u[1][0]).isCloseTo(-lr * nu * delta[0][1], within(1e-6));
        assertThat((double) u[1][1]).isCloseTo(-lr * nu * delta[1][1], within(1e-6));
        // a generous κ leaves the step alone; without momentum (−η applied inside the GEMM) the same
        for (double mu : new double[] {0.9, 0}) {
            for (double k : new double[] {1e6, kappa}) {
                GradientTransformation other = KfacOptimizer.of(model, Schedule.constant(lr), mu, gamma, 0.95, 1, 20, k, 1,
                        Optimizers.adam(1e-3));
                OptState s2 = other.init(params);
                System.arraycopy(new float[] {2, 1, 1, 1}, 0, kfacState(s2).a()[0], 0, 4);
                System.arraycopy(new float[] {1, 0.5f, 0.5f, 4}, 0, kfacState(s2).g()[0], 0, 4);
                float[][] u2 = {{0.3f, 0.7f}, {-0.2f, 0.4f}};
                other.update(u2, s2, params);
                double scale = k == kappa ? nu : 1;
                assertThat((double) u2[0][0]).as("mu %s kappa %s", mu, k).isCloseTo(-lr * scale * delta[0][0], within(1e-5));
                assertThat((double) u2[0][1]).as("mu %s kappa %s", mu, k).isCloseTo(-lr * scale * delta[1][0], within(1e-5));
                assertThat((double) u2[1][1]).as("mu %s kappa %s", mu, k).isCloseTo(-lr * scale * delta[1][1], within(1e-5));
            }
        }
        // a zero learning rate (a schedule's last step) moves nothing
        GradientTransformation still = KfacOptimizer.of(model, Schedule.constant(0), 0, gamma, 0.95, 1, 20, kappa, 1,
                Optimizers.adam(1e-3));
        OptState s3 = still.init(params);
        System.arraycopy(new float[] {2, 1, 1, 1}, 0, kfacState(s3).a()[0], 0, 4);
        System.arraycopy(new float[] {1, 0.5f, 0.5f, 4}, 0, kfacState(s3).g()[0], 0, 4);
        float[][] u3 = {{0.3f, 0.7f}, {-0.2f, 0.4f}};
        still.update(u3, s3, params);
        for (float[] row : u3) for (float v : row) assertThat(v).isZero();
    }

    private static double[][] inverse2(double a, double b, double c, double d) {
        double det = a * d - b * c;
        return new double[][] {{d / det, -b / det}, {-c / det, a / det}};
    }

    private static double[][] mul(double[][] x, double[][] y) {
        double[][] r = new double[x.length][y[0].length];
        for (int i = 0; i < x.length; i++)
            for (int j = 0; j < y[0].length; j++)
                for (int k = 0; k < y.length; k++) r[i][j] += x[i][k] * y[k][j];
        return r;
    }

    /**
     * The training step's fused path ({@link Kfac#step}: Δ from the batch where it is smaller
     * than the layer, the step added straight into the parameters) against the composed one
     * ({@code update} on a copy of the gradients, as on diagnosed steps), on two copies of a
     * model with and without biases and a layer norm (whose parameters fall back to Adam).
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"0, 0", "0.9, 0", "0, 1e-4", "0.9, 1e-4"})
    void theFusedStepEqualsTheComposedOneToRounding(double momentum, double klClip) {
        for (Ops ops : new Ops[] {OPS, Ops.selected()}) {
            java.util.function.Supplier<Model> build = () -> Model.builder(20, ops).seed(5).dense(24).layerNorm()
                    .activation("tanh").dense(16, false).activation("sigmoid").dense(3).build();
            Model fusedModel = build.get();
            Model composedModel = build.get();
            assertThat(Kfac.lowRank(5, 20, 24, 21)).isTrue();
            assertThat(Kfac.lowRank(5, 24, 16, 24)).isTrue();
            assertThat(Kfac.lowRank(5, 16, 3, 17)).isFalse();
            java.util.function.Function<Model, GradientTransformation> kfac = m -> KfacOptimizer.of(m,
                    Schedule.constant(0.05), momentum, 1e-2, 0.95, 2, 1, klClip, 3, Optimizers.adam(1e-3));
            TrainingStep fused = new TrainingStep(fusedModel, new MeanSquaredError(), kfac.apply(fusedModel));
            TrainingStep composed = new TrainingStep(composedModel, new MeanSquaredError(), kfac.apply(composedModel));
            SplittableRandom rng = new SplittableRandom(21);
            float[][] start = composedModel.trainableParameters().stream().map(p -> p.data().clone()).toArray(float[][]::new);
            for (int s = 0; s < 4; s++) {
                float[] x = new float[5 * 20];
                float[] y = new float[5 * 3];
                for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextGaussian();
                for (int i = 0; i < y.length; i++) y[i] = (float) rng.nextGaussian();
                fused.run(new Tensor(x, 5, 20), Target.values(y));
                composed.run(new Tensor(x.clone(), 5, 20), Target.values(y.clone()), true);
                var fp = fusedModel.trainableParameters();
                var cp = composedModel.trainableParameters();
                for (int p = 0; p < fp.size(); p++) {
                    float[] a = fp.get(p).data(), b = cp.get(p).data();
                    for (int i = 0; i < a.length; i++) {
                        assertThat(a[i]).as("%s step %d %s[%d]", ops.gemm().name(), s, cp.get(p).name(), i)
                                .isCloseTo(b[i], within(1e-5f * (1 + Math.abs(b[i]))));
                    }
                }
            }
            // not vacuous: K-FAC moved the dense weights
            double moved = 0;
            for (int p = 0; p < start.length; p++) {
                float[] b = composedModel.trainableParameters().get(p).data();
                for (int i = 0; i < b.length; i++) moved = Math.max(moved, Math.abs(b[i] - start[p][i]));
            }
            assertThat(moved).isGreaterThan(1e-2);
        }
    }

    /**
     * The fused step on three workers (its GEMMs and the pass over each block's rows cut
     * between them) against the composed one on one, on a layer wide enough to be split (130 x
     * 130 weights), with the KL clip biting: a row left out or taken twice fails it (a lost
     * ⟨Δ, ∇⟩ term fails {@code klClippingScales…} on any number of cores).
     */
    @Test
    void theFusedStepOnThreeWorkersEqualsTheComposedOneOnOne() {
        java.util.function.Supplier<Model> build = () -> Model.builder(130, Ops.selected()).seed(6).dense(130)
                .activation("tanh").dense(3).build();
        Model fusedModel = build.get();
        Model composedModel = build.get();
        java.util.function.Function<Model, GradientTransformation> kfac = m -> KfacOptimizer.of(m,
                Schedule.constant(0.05), 0, 1e-2, 0.95, 2, 1, 1e-8, 3, Optimizers.adam(1e-3));
        TrainingStep fused = new TrainingStep(fusedModel, new MeanSquaredError(), kfac.apply(fusedModel));
        TrainingStep composed = new TrainingStep(composedModel, new MeanSquaredError(), kfac.apply(composedModel));
        SplittableRandom rng = new SplittableRandom(22);
        var fp = fusedModel.trainableParameters();
        var cp = composedModel.trainableParameters();
        try {
            for (int s = 0; s < 3; s++) {
                float[] x = new float[5 * 130];
                float[] y = new float[5 * 3];
                for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextGaussian();
                for (int i = 0; i < y.length; i++) y[i] = (float) rng.nextGaussian();
                float[][] before = cp.stream().map(p -> p.data().clone()).toArray(float[][]::new);
                saturn.engine.parallel.Workers.use(3);
                fused.run(new Tensor(x, 5, 130), Target.values(y));
                saturn.engine.parallel.Workers.use(1);
                composed.run(new Tensor(x.clone(), 5, 130), Target.values(y.clone()), true);
                // the two steps (parameter changes) agree to 1e-3 of the largest change, or two ulps of the parameter
                for (int p = 0; p < fp.size(); p++) {
                    float[] a = fp.get(p).data(), b = cp.get(p).data();
                    double largest = 0;
                    for (int i = 0; i < b.length; i++) largest = Math.max(largest, Math.abs(b[i] - before[p][i]));
                    assertThat(largest).as("step %d moved %s", s, cp.get(p).name()).isPositive();
                    for (int i = 0; i < a.length; i++) {
                        assertThat((double) a[i] - before[p][i]).as("step %d %s[%d]", s, cp.get(p).name(), i)
                                .isCloseTo(b[i] - before[p][i], within(1e-3 * largest + 2 * Math.ulp(b[i])));
                    }
                    System.arraycopy(b, 0, a, 0, a.length);   // the next step from the same parameters
                }
            }
        } finally {
            saturn.engine.parallel.Workers.use(1);
        }
    }

    /** A refresh whose blocks are cut between 2 or 3 workers gives the inverses of one, bit for bit. */
    @Test
    void aRefreshCutBetweenWorkersGivesTheSameInversesAsOne() {
        float[][][] inverses = new float[3][][];
        try {
            for (int workers = 1; workers <= 3; workers++) {
                saturn.engine.parallel.Workers.use(workers);
                Model model = Model.builder(6, OPS).seed(8).dense(7).activation("tanh").dense(5).activation("tanh")
                        .dense(6, false).activation("tanh").dense(2).build();
                TrainingStep step = new TrainingStep(model, new MeanSquaredError(), KfacOptimizer.of(model,
                        Schedule.constant(0.01), 0, 1e-3, 0.95, 1, 1, 0, 4, Optimizers.adam(1e-3)));
                SplittableRandom rng = new SplittableRandom(30);
                for (int s = 0; s < 2; s++) {
                    float[] x = new float[9 * 6];
                    for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextGaussian();
                    step.run(new Tensor(x, 9, 6), Target.values(new float[9 * 2]));
                }
                // after a second refresh: both slots of all four blocks, in one list
                var state = step.optimizerState();
                inverses[workers - 1] = java.util.stream.Stream.concat(java.util.Arrays.stream(kfacState(state).aInv()),
                        java.util.Arrays.stream(kfacState(state).gInv())).map(float[]::clone).toArray(float[][]::new);
            }
        } finally {
            saturn.engine.parallel.Workers.use(1);
        }
        assertThat(inverses[0]).hasNumberOfRows(8);
        for (float[] inv : inverses[0]) assertThat(inv[0]).isPositive();
        assertThat(inverses[1]).isDeepEqualTo(inverses[0]);
        assertThat(inverses[2]).isDeepEqualTo(inverses[0]);
    }

    @Test
    void theFusedPathDeclinesGradientsThatAreNotTheModelsOwn() {
        Model model = linear(3, 2, 1);
        GradientTransformation kfac = KfacOptimizer.of(model, Schedule.constant(0.1), 0, 1e-3, 0.95, 1, 20, 0, 7,
                Optimizers.adam(1e-3));
        OptState state = kfac.init(model.trainableParameters().stream().map(p -> p.data()).toArray(float[][]::new));
        float[][] params = model.trainableParameters().stream().map(p -> p.data()).toArray(float[][]::new);
        float[][] before = java.util.Arrays.stream(params).map(float[]::clone).toArray(float[][]::new);
        float[][] copies = model.trainableParameters().stream().map(p -> p.grad().clone()).toArray(float[][]::new);
        // a clipped or otherwise transformed copy need not be dyᵀ[x 1]: the caller must take the composed path
        assertThat(kfac.step(params, copies, state, OPS.kernels())).isFalse();
        assertThat(params).isDeepEqualTo(before);
        assertThat(state.count()).isZero();
    }

    @Test
    void parametersOutsideDenseLayersFallBackToAdam() {
        Model model = Model.builder(3, OPS).seed(4).dense(4).layerNorm().activation("tanh").dense(2).build();
        GradientTransformation kfac = KfacOptimizer.of(model, Schedule.constant(0.01), 0.9, 1e-3, 0.95, 1, 20, 0, 1,
                Optimizers.adam(0.05));
        assertThat(((Kfac) kfac).blockCount()).isEqualTo(2);
        TrainingStep step = new TrainingStep(model, new MeanSquaredError(), kfac);
        var norm = model.trainableParameters().stream().filter(p -> p.name().startsWith("layers.1.")).toList();
        assertThat(norm).isNotEmpty();
        float[][] before = norm.stream().map(p -> p.data().clone()).toArray(float[][]::new);
        float[] x = {0.5f, -1, 2, 1, 0, -0.5f};
        step.run(new Tensor(x, 2, 3), Target.values(new float[] {1, 0, 0, 1}));
        // the gradients, from a twin stepped on the composed path (the fused one leaves its step in the gradient arrays)
        Model twin = Model.builder(3, OPS).seed(4).dense(4).layerNorm().activation("tanh").dense(2).build();
        new TrainingStep(twin, new MeanSquaredError(), KfacOptimizer.of(twin, Schedule.constant(0.01), 0.9, 1e-3, 0.95, 1,
                20, 0, 1, Optimizers.adam(0.05))).run(new Tensor(x, 2, 3), Target.values(new float[] {1, 0, 0, 1}), true);
        var twinNorm = twin.trainableParameters().stream().filter(p -> p.name().startsWith("layers.1.")).toList();
        // Adam's first step moves every coordinate with a non-zero gradient by lr·sign(g)
        for (int p = 0; p < norm.size(); p++) {
            float[] w = norm.get(p).data();
            float[] g = twinNorm.get(p).grad();
            for (int i = 0; i < w.length; i++) {
                if (Math.abs(g[i]) > 1e-6) assertThat(w[i] - before[p][i]).isCloseTo(-0.05f * Math.signum(g[i]), within(1e-4f));
            }
        }
        assertThat(step.optimizerState().arrays()).containsKeys("A.0", "A.1", "G.0", "G.1", "A_inv.0", "G_inv.1",
                "momentum.0", "0.0.mu.0");
    }

    @Test
    void onLinearLeastSquaresKfacNeedsFarFewerStepsThanTheBestConstantRateSgd() {
        int in = 4, out = 2, batch = 64;
        SplittableRandom rng = new SplittableRandom(11);
        double[] scale = {1, 4, 0.3, 10};   // ill-conditioned, correlated features
        float[] x = new float[batch * in];
        float[] y = new float[batch * out];
        for (int b = 0; b < batch; b++) {
            double z = rng.nextGaussian();
            for (int i = 0; i < in; i++) x[b * in + i] = (float) (scale[i] * (0.6 * z + 0.8 * rng.nextGaussian()) + 0.5);
            for (int o = 0; o < out; o++) {
                double t = o - 0.5;
                for (int i = 0; i < in; i++) t += (o + 1) * (i - 1.5) * 0.3 * x[b * in + i];
                y[b * out + o] = (float) t;
            }
        }
        // the loss (1/(B·k)) Σ (ŷ − y)² has Hessian (2/k) E[ā āᵀ] per output; the best constant SGD rate is 2/(λmax + λmin)
        double[][] a = new double[in + 1][in + 1];
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i <= in; i++) {
                for (int j = 0; j <= in; j++) {
                    a[i][j] += (i < in ? x[b * in + i] : 1) * (j < in ? x[b * in + j] : 1) / batch;
                }
            }
        }
        double[] ev = new EigenDecompositionSymmetric(MatrixUtils.createRealMatrix(a)).getEigenvalues();
        double lMax = 2.0 / out * ev[0], lMin = 2.0 / out * ev[ev.length - 1];
        double sgdRate = 2 / (lMax + lMin);

        int sgdSteps = stepsToSolve(m -> Optimizers.sgd(sgdRate), x, y, in, out, batch, 200_000);
        int kfacSteps = stepsToSolve(m -> KfacOptimizer.of(m, Schedule.constant(1.0), 0, 1e-3, 0.95, 1, 1, 0, 1,
                Optimizers.adam(1e-3)), x, y, in, out, batch, 200_000);
        int kfacMomentum = stepsToSolve(m -> KfacOptimizer.of(m, Schedule.constant(0.1), 0.9, 1e-3, 0.95, 1, 20, 1e-3, 1,
                Optimizers.adam(1e-3)), x, y, in, out, batch, 200_000);
        assertThat(sgdSteps).as("SGD steps").isLessThan(200_000);
        // measured: SGD 10373, K-FAC 11 and 107. Without momentum no first-order method beats the best constant
        // rate on a quadratic, so a 100x gain can only come from the curvature; heavy-ball momentum alone could give ~√κ
        assertThat(kfacSteps * 100).as("K-FAC (lr 1, no momentum, inverses every step) " + kfacSteps + " steps vs SGD " + sgdSteps)
                .isLessThanOrEqualTo(sgdSteps);
        assertThat(kfacMomentum * 5).as("K-FAC (lr 0.1, momentum 0.9, inverses every 20, KL clip 1e-3) " + kfacMomentum + " steps vs SGD " + sgdSteps)
                .isLessThanOrEqualTo(sgdSteps);
    }

    /** Full-batch steps until the loss is below 1e-6 of the initial loss. */
    private static int stepsToSolve(java.util.function.Function<Model, GradientTransformation> opt, float[] x, float[] y,
                                    int in, int out, int batch, int max) {
        Model model = Model.builder(in, OPS).seed(3).dense(out).build();
        TrainingStep step = new TrainingStep(model, new MeanSquaredError(), opt.apply(model));
        Tensor xs = new Tensor(x, batch, in);
        Target t = Target.values(y);
        double first = step.run(xs, t);
        for (int s = 1; s < max; s++) {
            if (step.run(xs, t) < 1e-6 * first) return s;
        }
        return max;
    }

    private static KfacState kfacState(OptState s) {
        return (KfacState) s;
    }
}
