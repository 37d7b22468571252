package saturn.engine.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import saturn.engine.init.InitScheme;
import saturn.engine.layer.Layer;
import saturn.engine.layer.Rbf;
import saturn.engine.model.LayerKind;
import saturn.engine.model.Model;
import saturn.engine.model.ModelSpec;
import saturn.engine.tensor.Ops;
import saturn.engine.tensor.Tensor;
import saturn.theory.Activation;

class RbfDataTest {

    private static final Ops OPS = Ops.reference();

    /** {@code clusters} tight Gaussian blobs (sd 0.01) around far-apart means (10·e_c), {@code per} points each. */
    private static float[] blobs(int clusters, int per, int dim, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] x = new float[clusters * per * dim];
        for (int c = 0; c < clusters; c++) {
            for (int p = 0; p < per; p++) {
                int row = (p * clusters + c) * dim;   // interleaved, so clusters are not contiguous
                for (int f = 0; f < dim; f++) x[row + f] = (float) ((f == c ? 10 : 0) + 0.01 * rng.nextGaussian());
            }
        }
        return x;
    }

    private static int nearestMean(float[] c, int j, int dim) {
        int best = -1;
        for (int f = 0; f < dim; f++) if (c[j * dim + f] > 5) best = f;
        return best;
    }

    @Test
    void kMeansPlusPlusPutsOneCentreInEveryWellSeparatedCluster() {
        int k = 6, dim = 8;
        float[] x = blobs(k, 40, dim, 1);
        for (long seed = 0; seed < 5; seed++) {
            float[] c = RbfData.kMeansPlusPlus(x, k * 40, dim, k, new SplittableRandom(seed));
            Set<Integer> hit = new HashSet<>();
            for (int j = 0; j < k; j++) hit.add(nearestMean(c, j, dim));
            // D² sampling makes a second centre in an already-covered blob (D² ≈ 1e-4 vs ≈ 200) all but impossible
            assertThat(hit).as("seed %d", seed).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5);
        }
    }

    @Test
    void lloydMovesCentresToTheirClusterMeans() {
        int k = 3, dim = 3, per = 50;
        float[] x = blobs(k, per, dim, 2);
        float[] c = RbfData.kMeansPlusPlus(x, k * per, dim, k, new SplittableRandom(3));
        RbfData.lloyd(x, k * per, dim, c, k, 2);
        for (int j = 0; j < k; j++) {
            int m = nearestMean(c, j, dim);
            double[] mean = new double[dim];
            for (int p = 0; p < per; p++) for (int f = 0; f < dim; f++) mean[f] += x[(p * k + m) * dim + f] / per;
            for (int f = 0; f < dim; f++) assertThat((double) c[j * dim + f]).isCloseTo(mean[f], within(1e-5));
        }
    }

    @Test
    void widthsAreHalfTheMedianSquaredDistanceToTheNearestCentres() {
        // centres on a line at 0, 1, 2, ..., 19 (1-D): the 8 nearest of an interior centre are at
        // distances 1,1,2,2,3,3,4,4 -> median of squares (4+9)/2 = 6.5 -> s² = 3.25
        int k = 20;
        float[] c = new float[k];
        for (int j = 0; j < k; j++) c[j] = j;
        double[] s2 = RbfData.neighbourWidths2(c, k, 1);
        assertThat(s2[10]).isCloseTo(3.25, within(1e-12));
        // the end centre's 8 nearest are at 1..8: median of squares (16 + 25)/2 = 20.5 -> 10.25
        assertThat(s2[0]).isCloseTo(10.25, within(1e-12));
        // duplicated centres (distance 0) get the smallest positive width, not 0
        float[] dup = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5};
        double[] d = RbfData.neighbourWidths2(dup, dup.length, 1);
        for (double v : d) assertThat(v).isPositive();
    }

    private static Model rbfStack(int in, int depth, int width, long seed) {
        return Model.fromSpec(ModelSpec.mlp(in, depth, width, Activation.parse("gauss"), 3).withKind(LayerKind.RBF)
                .withInit(InitScheme.XAVIER_NORMAL, 1, 0).withSeed(seed), OPS);
    }

    private static double meanUnitVariance(Tensor y) {
        double total = 0;
        for (int j = 0; j < y.cols(); j++) {
            double s1 = 0, s2 = 0;
            for (int b = 0; b < y.rows(); b++) {
                double v = y.data()[b * y.cols() + j];
                s1 += v;
                s2 += v * v;
            }
            total += s2 / y.rows() - (s1 / y.rows()) * (s1 / y.rows());
        }
        return total / y.cols();
    }

    @Test
    void dataInitGivesEveryLayerInformativeUnitsWhereRandomCentresGiveConstants() {
        int in = 20, width = 32, n = 400;
        float[] x = blobs(in, n / in, in, 5);
        Tensor batch = new Tensor(x, n, in);
        Model data = rbfStack(in, 4, width, 7);
        RbfData.Result r = RbfData.initialize(data, batch, new SplittableRandom(1));
        assertThat(r.factors()).hasSize(4).allSatisfy(f -> assertThat(f).isBetween(1.0 / 8, 8.0));
        assertThat(r.variances()).hasSize(4);

        Model random = rbfStack(in, 4, width, 7);
        List<Tensor> dataOut = rbfOutputs(data, batch);
        List<Tensor> randomOut = rbfOutputs(random, batch);
        for (int l = 0; l < 4; l++) {
            double v = meanUnitVariance(dataOut.get(l));
            // what the result reports is what a fresh forward pass measures
            assertThat(r.variances().get(l)).as("layer %d", l).isCloseTo(v, within(1e-6));
            assertThat(v).as("layer %d data-driven", l).isGreaterThan(0.01);
            assertThat(v).as("layer %d vs random", l).isGreaterThan(20 * meanUnitVariance(randomOut.get(l)));
        }
    }

    @Test
    void theCalibratedWidthFactorBeatsTheUncalibratedAndTheExtremes() {
        int in = 10, width = 16, n = 300;
        Tensor batch = new Tensor(blobs(in, n / in, in, 8), n, in);
        Model m = rbfStack(in, 1, width, 3);
        RbfData.initialize(m, batch, new SplittableRandom(2));
        Rbf rbf = (Rbf) m.layers().getFirst();
        float[] calibrated = rbf.logWidth().clone();
        double best = meanUnitVariance(rbf.forward(batch));
        double f = Math.exp(calibrated[0] - 0.5 * Math.log(RbfData.neighbourWidths2(rbf.weight(), width, in)[0]));
        for (double other : new double[] {1 / f, 1.0 / 8 / f, 8 / f, 0.7, 1.4}) {
            float[] lw = rbf.logWidth();
            for (int j = 0; j < lw.length; j++) lw[j] = (float) (calibrated[j] + Math.log(other));
            assertThat(meanUnitVariance(rbf.forward(batch))).as("factor x%s", other).isLessThanOrEqualTo(best + 1e-9);
        }
    }

    @Test
    void aSampleSmallerThanTheLayerIsRefused() {
        Model m = rbfStack(5, 2, 64, 1);
        Tensor small = new Tensor(new float[10 * 5], 10, 5);
        assertThatThrownBy(() -> RbfData.initialize(m, small, new SplittableRandom(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 64 examples");
    }

    private static List<Tensor> rbfOutputs(Model m, Tensor x) {
        List<Tensor> out = new java.util.ArrayList<>();
        Tensor t = x;
        for (Layer l : m.layers()) {
            t = l.forward(t);
            if (l instanceof Rbf) out.add(new Tensor(t.data().clone(), t.rows(), t.cols()));
        }
        return out;
    }
}
