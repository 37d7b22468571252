package saturn.engine.blas;

import java.util.Random;

/**
 * Prints GFLOP/s of OpenBLAS and the Java GEMM on the three products of one MLP step
 * (batch B, width W): forward {@code h = x Wᵀ} (B×W·W×W), backward {@code dx = dh W} and
 * {@code dW = dhᵀ x}. A command, not a test: figures depend on the machine and its load.
 *
 * <pre>java --add-modules jdk.incubator.vector --enable-native-access=ALL-UNNAMED -cp ... \
 *     saturn.engine.blas.GemmBench [batch=128] [widths=256,1024] [threads=all]</pre>
 */
public final class GemmBench {

    private GemmBench() {
    }

    public static void main(String[] args) {
        int batch = args.length > 0 ? Integer.parseInt(args[0]) : 128;
        String widths = args.length > 1 ? args[1] : "256,1024";
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : Runtime.getRuntime().availableProcessors();
        OpenBlasGemm blas = OpenBlasGemm.load();
        blas.setThreads(threads);
        Gemm java = new JavaGemm();
        System.out.println("# " + blas + ", config: " + blas.config());
        System.out.printf("%-6s %-22s %10s %10s %8s%n", "width", "product", "openblas", "java", "ratio");
        for (String w : widths.split(",")) {
            int width = Integer.parseInt(w.strip());
            Random r = new Random(1);
            float[] x = fill(r, batch * width);
            float[] weight = fill(r, width * width);
            float[] dh = fill(r, batch * width);
            float[] out = new float[Math.max(batch * width, width * width)];
            String[] names = {"forward  h = x W^T", "backward dx = dh W", "backward dW = dh^T x"};
            for (int p = 0; p < 3; p++) {
                Gemm[] gemms = {blas, java};
                double[] gflops = new double[2];
                for (int g = 0; g < 2; g++) {
                    Gemm gemm = gemms[g];
                    int pp = p;
                    Runnable call = () -> {
                        switch (pp) {
                            case 0 -> gemm.sgemm(false, true, batch, width, width, 1f, x, 0, width, weight, 0, width,
                                    0f, out, 0, width);
                            case 1 -> gemm.sgemm(false, false, batch, width, width, 1f, dh, 0, width, weight, 0, width,
                                    0f, out, 0, width);
                            default -> gemm.sgemm(true, false, width, width, batch, 1f, dh, 0, width, x, 0, width,
                                    0f, out, 0, width);
                        }
                    };
                    double flops = 2.0 * batch * width * width;
                    gflops[g] = flops / seconds(call, flops) / 1e9;
                }
                System.out.printf("%-6d %-22s %10.1f %10.1f %7.1fx%n", width, names[p], gflops[0], gflops[1],
                        gflops[0] / gflops[1]);
            }
        }
        System.out.println("# GFLOP/s, best of 5 timed rounds after warm-up; 2 shared cores, so noisy under load");
    }

    /** Best per-call time over 5 rounds of ~0.2 s each, after warm-up. */
    private static double seconds(Runnable call, double flops) {
        int reps = (int) Math.max(3, Math.min(2000, 2e9 / flops));
        for (int i = 0; i < reps; i++) call.run();
        double best = Double.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < reps; i++) call.run();
            best = Math.min(best, (System.nanoTime() - t0) / 1e9 / reps);
        }
        return best;
    }

    private static float[] fill(Random r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) r.nextGaussian();
        return a;
    }
}
