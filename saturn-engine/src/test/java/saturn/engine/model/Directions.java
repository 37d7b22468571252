package saturn.engine.model;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import saturn.engine.tensor.Parameter;

/**
 * Random unit directions in parameter space, each on one block of rows of one parameter
 * tensor (a vector counts as a column), for directional gradient checks of large models.
 */
final class Directions {

    private record Direction(int param, double[][] vector) {
    }

    private final List<Direction> dirs = new ArrayList<>();
    private final int params;

    private Directions(int params) {
        this.params = params;
    }

    /**
     * One direction per block of {@code rows} rows of every trainable parameter, and for a
     * tensor of fewer than {@link #MIN_PER_TENSOR} blocks (and more than one element) further
     * directions on the whole tensor up to that many: a single directional derivative can be
     * small by chance, and its relative error large with it.
     */
    static Directions blocks(Model model, int rows, long seed) {
        List<Parameter> ps = model.trainableParameters();
        Directions d = new Directions(ps.size());
        SplittableRandom rng = new SplittableRandom(seed);
        for (int p = 0; p < ps.size(); p++) {
            int[] shape = ps.get(p).shape();
            int rowLength = ps.get(p).size() / shape[0];
            int count = 0;
            for (int r0 = 0; r0 < shape[0]; r0 += rows, count++) {
                d.add(p, ps.size(), ps.get(p).size(), r0 * rowLength, Math.min(shape[0], r0 + rows) * rowLength, rng);
            }
            for (; count < MIN_PER_TENSOR && ps.get(p).size() > 1; count++) {
                d.add(p, ps.size(), ps.get(p).size(), 0, ps.get(p).size(), rng);
            }
        }
        return d;
    }

    private static final int MIN_PER_TENSOR = 8;

    /** A random unit direction on elements {@code [from, to)} of parameter {@code p}. */
    private void add(int p, int count, int size, int from, int to, SplittableRandom rng) {
        double[][] v = new double[count][];
        v[p] = new double[size];
        double norm = 0;
        for (int i = from; i < to; i++) {
            v[p][i] = rng.nextGaussian();
            norm += v[p][i] * v[p][i];
        }
        for (int i = from; i < to; i++) v[p][i] /= Math.sqrt(norm);
        dirs.add(new Direction(p, v));
    }

    int size() {
        return dirs.size();
    }

    double[][] vector(int d) {
        return dirs.get(d).vector();
    }

    /**
     * Per parameter tensor, the relative error of the analytic directional derivatives
     * {@code Σ g_i v_i} against {@code numeric} over that tensor's directions, with the
     * floor of {@link ProductionGradientTest#errors}.
     */
    double[] errors(float[][] analytic, double[] numeric) {
        double all = 0;
        for (double v : numeric) all += v * v;
        double floor = ProductionGradientTest.FLOOR * Math.sqrt(all);
        double[] diff = new double[params];
        double[] na = new double[params];
        double[] nn = new double[params];
        for (int d = 0; d < dirs.size(); d++) {
            int p = dirs.get(d).param();
            double[] v = dirs.get(d).vector()[p];
            double a = 0;
            for (int i = 0; i < v.length; i++) a += analytic[p][i] * v[i];
            diff[p] += (a - numeric[d]) * (a - numeric[d]);
            na[p] += a * a;
            nn[p] += numeric[d] * numeric[d];
        }
        double[] err = new double[params];
        for (int p = 0; p < params; p++) err[p] = Math.sqrt(diff[p]) / Math.max(Math.sqrt(na[p]) + Math.sqrt(nn[p]), floor);
        return err;
    }
}
