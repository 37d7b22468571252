package saturn.engine.init;

import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.LongConsumer;
import java.util.function.LongUnaryOperator;

import saturn.engine.Backends;
import saturn.engine.blas.CholeskyKernels;

/**
 * Prints milliseconds (best of the repetitions) of orthogonal initialization for square
 * weights: the Gaussian draw alone, Cholesky QR2 and Gram–Schmidt on that draw, and the whole
 * {@code Initializers.orthogonal(1).fill} with the backend {@code -Dsaturn.blas} selects. A
 * command, not a test: figures depend on the machine and its load.
 *
 * <pre>java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp ... \
 *     saturn.engine.init.OrthogonalBench [widths=256,1024] [repetitions=5] [threads=all]</pre>
 */
public final class OrthogonalBench {

    private OrthogonalBench() {
    }

    public static void main(String[] args) {
        String widths = args.length > 0 ? args[0] : "256,1024";
        int repetitions = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        if (args.length > 2) Backends.setThreads(Integer.parseInt(args[2]));
        Optional<CholeskyKernels> kernels = Backends.choleskyKernels();
        System.out.println("# " + Backends.describe());
        System.out.printf("%-11s %9s %14s %14s %12s%n", "weight", "draw", "cholesky-qr2", "gram-schmidt", "fill");
        Initializer orthogonal = Initializers.orthogonal(1.0);
        for (String w : widths.split(",")) {
            int n = Integer.parseInt(w.strip());
            float[] weight = new float[n * n];
            double draw = best(repetitions, wall(seed -> Orthogonal.gaussian(n, n, new SplittableRandom(seed))));
            double cholesky = kernels.map(blas -> best(repetitions, seed -> {
                double[] a = Orthogonal.gaussian(n, n, new SplittableRandom(seed));
                long t0 = System.nanoTime();
                Orthogonal.choleskyQr2(n, n, a, blas);
                return System.nanoTime() - t0;
            })).orElse(Double.NaN);
            double gramSchmidt = best(repetitions, seed -> {
                double[] a = Orthogonal.gaussian(n, n, new SplittableRandom(seed));
                long t0 = System.nanoTime();
                Orthogonal.gramSchmidt(n, n, a);
                return System.nanoTime() - t0;
            });
            double fill = best(repetitions, wall(seed -> orthogonal.fill(weight, n, n, new SplittableRandom(seed))));
            System.out.printf("%-11s %9.1f %14.1f %14.1f %12.1f%n", n + "x" + n, draw, cholesky, gramSchmidt, fill);
        }
    }

    /** Nanoseconds {@code run(seed)} takes. */
    private static LongUnaryOperator wall(LongConsumer run) {
        return seed -> {
            long t0 = System.nanoTime();
            run.accept(seed);
            return System.nanoTime() - t0;
        };
    }

    /** The least of the nanoseconds {@code timed(seed)} reports for seeds 0..repetitions-1, in ms. */
    private static double best(int repetitions, LongUnaryOperator timed) {
        long best = Long.MAX_VALUE;
        for (int r = 0; r < repetitions; r++) best = Math.min(best, timed.applyAsLong(r));
        return best / 1e6;
    }
}
