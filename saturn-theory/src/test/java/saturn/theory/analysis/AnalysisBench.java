package saturn.theory.analysis;

import java.util.Locale;
import saturn.theory.Activation;

/**
 * Prints the warm time of a full {@link Analysis} per activation (not a test: run its main
 * with the test classpath). Times are medians of 21 runs after 40 warm-up runs.
 */
public final class AnalysisBench {

    private AnalysisBench() {
    }

    public static void main(String[] args) {
        String[] names = args.length > 0 ? args
                : new String[] {"tanh", "sigmoid", "erf(x)", "exp(-x^2)", "exp(-x^2)*x", "softsign", "relu"};
        AnalysisOptions chaotic = AnalysisOptions.defaults().withSigmaW2(2).withSigmaB2(0.05);
        for (String name : names) {
            Activation a = Activation.parse(name);
            for (AnalysisOptions o : new AnalysisOptions[] {AnalysisOptions.defaults(), chaotic}) {
                for (int i = 0; i < 40; i++) {
                    Analysis.of(a, o);
                }
                int reps = 21;
                double[] ms = new double[reps];
                for (int i = 0; i < reps; i++) {
                    long t0 = System.nanoTime();
                    Analysis.of(a, o);
                    ms[i] = (System.nanoTime() - t0) / 1e6;
                }
                java.util.Arrays.sort(ms);
                System.out.printf(Locale.ROOT, "%-14s sigma_w2=%.2f sigma_b2=%.2f  median %.1f ms  (min %.1f, max %.1f)%n",
                        name, o.sigmaW2(), o.sigmaB2(), ms[reps / 2], ms[0], ms[reps - 1]);
            }
        }
    }
}
