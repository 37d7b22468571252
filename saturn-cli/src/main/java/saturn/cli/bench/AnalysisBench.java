package saturn.cli.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import saturn.cli.options.OptionText;
import saturn.cli.run.Json;
import saturn.theory.Activation;
import saturn.theory.analysis.Analysis;
import saturn.theory.analysis.AnalysisOptions;

/** Times the full analysis of one activation (moments, mean field, critical point, Jacobian, transforms), warm. */
final class AnalysisBench {

    static final List<String> STANDARD = List.of("tanh", "sigmoid", "erf", "softsign", "atan", "asinh", "gauss",
            "sin", "softplus", "swish", "elu", "selu", "gelu", "hardtanh", "exp(-x^2)*x", "x/(1+x^2)");

    private static final int WARMUP_ROUNDS = 10;

    private AnalysisBench() {
    }

    static void run(PrintWriter out, List<String> names, int rounds, boolean json) {
        List<Activation> acts = names.stream().map(OptionText::formula).toList();
        AnalysisOptions options = AnalysisOptions.defaults();
        for (int w = 0; w < WARMUP_ROUNDS; w++) {
            for (Activation a : acts) Analysis.of(a, options);
        }
        if (!json) out.printf("%-22s %10s %10s%n", "activation", "median ms", "max ms");
        double total = 0;
        for (Activation a : acts) {
            double[] ms = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                long t0 = System.nanoTime();
                Analysis.of(a, options);
                ms[r] = (System.nanoTime() - t0) / 1e6;
            }
            Arrays.sort(ms);
            double median = ms[rounds / 2];
            total += median;
            if (json) {
                ObjectNode o = Json.object();
                o.put("activation", a.name());
                o.put("median_ms", median);
                o.put("max_ms", ms[rounds - 1]);
                o.put("rounds", rounds);
                out.println(Json.write(o));
            } else {
                out.printf(Locale.ROOT, "%-22s %10.2f %10.2f%n", a.name(), median, ms[rounds - 1]);
            }
        }
        if (!json) {
            out.printf(Locale.ROOT, "mean of medians: %.2f ms per full analysis (warm, %d rounds each, one thread)%n",
                    total / acts.size(), rounds);
        }
    }
}
