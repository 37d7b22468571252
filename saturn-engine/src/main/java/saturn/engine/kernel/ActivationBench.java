package saturn.engine.kernel;

import saturn.engine.Backends;
import saturn.theory.Activation;

import java.util.List;
import java.util.Random;

/**
 * Prints ns per element of the fused φ/φ' activation kernels, scalar vs SIMD, for a few
 * built-ins and custom formulas, and for comparison the JDK's own {@code Math.tanh} loop.
 * A command, not a test.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp ... saturn.engine.kernel.ActivationBench [n=32768]</pre>
 */
public final class ActivationBench {

    private ActivationBench() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 32768;
        List<String> formulas = List.of("tanh", "sigmoid", "erf", "gauss", "gelu", "softsign",
                "x^3/(1+x^2)", "tanh(x)*sigmoid(2*x) + 0.1*sin(3*x)");
        Kernels scalar = new ScalarKernels();
        Kernels vector = Backends.select("java", "auto").kernels();
        System.out.println("# simd=" + vector.name() + ", n=" + n + ", ns/element for phi and phi' fused");
        System.out.printf("%-40s %8s %8s %8s%n", "activation", "scalar", "simd", "speedup");
        Random r = new Random(1);
        float[] h = new float[n];
        for (int i = 0; i < n; i++) h[i] = (float) (r.nextGaussian() * 2);
        float[] y = new float[n];
        float[] dy = new float[n];
        for (String f : formulas) {
            Activation act = Activation.parse(f);
            ActivationKernel s = ActivationKernels.compile(act, scalar);
            ActivationKernel v = ActivationKernels.compile(act, vector);
            double ts = nsPerElement(() -> s.forward(h, y, dy, n), n);
            double tv = nsPerElement(() -> v.forward(h, y, dy, n), n);
            System.out.printf("%-40s %8.2f %8.2f %7.1fx%n", f, ts, tv, ts / tv);
        }
        double jdk = nsPerElement(() -> {
            for (int i = 0; i < n; i++) {
                double t = Math.tanh(h[i]);
                y[i] = (float) t;
                dy[i] = (float) (1 - t * t);
            }
        }, n);
        System.out.printf("%-40s %8.2f%n", "tanh via Math.tanh (double, JDK)", jdk);
        System.out.println("# best of 5 rounds after warm-up; 2 shared cores, so noisy under load");
    }

    private static double nsPerElement(Runnable call, int n) {
        int reps = Math.max(5, 20_000_000 / n);
        for (int i = 0; i < reps; i++) call.run();
        double best = Double.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < reps / 4 + 1; i++) call.run();
            best = Math.min(best, (System.nanoTime() - t0) / (double) (reps / 4 + 1) / n);
        }
        return best;
    }
}
