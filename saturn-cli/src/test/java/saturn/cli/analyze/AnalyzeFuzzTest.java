package saturn.cli.analyze;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import saturn.cli.Cli;
import saturn.theory.expr.Fn;
import saturn.theory.expr.NamedFunctions;

/**
 * Random formulas through {@code saturn analyze}, text and JSON, as a user runs it: every run
 * exits 0 with a report, or 2 with one line on stderr; never 1 (a bug) or anything else. The
 * theory's own run of 10 000 formulas ({@code AnalysisFuzzTest}) covers the analysis; this one
 * adds the command's parsing, options and printing of whatever the analysis returns (NaN,
 * infinities, absent outcomes). Formulas follow the parser's grammar (numbers in every
 * lexical form, every function and library name, sign chains, powers), and one in ten is
 * broken by a random edit. The seed is fixed and printed.
 */
class AnalyzeFuzzTest {

    private static final long SEED = 2025_12_08L;
    private static final int RUNS = 300;
    private static final String[] NUMBERS = {"0", "1", "2", "0.5", ".5", "3.", "1e-3", "2.5E+2", "1e-30", "1e30",
        "1e308", "1e-320", "1e400", "100", "7"};
    private static final String[][] OPTIONS = {{}, {"--sigma-w2", "1.5", "--sigma-b2", "0.1"},
        {"--sigma-w2", "2", "--sigma-b2", "0.05", "--depth", "20"}, {"--q-star", "0.7"},
        {"--sigma-w2", "0.5", "--sigma-b2", "0.5", "--zeta", "3", "--tau", "1"}};

    /** Formulas whose root searches meet an infinite end or a NaN inside the bracket, run before the random ones. */
    private static final List<String> KNOWN = List.of("max(1e-30*x*exp(x),1)", "max((e*x)^(1e3*x)+log1p(x),x)",
            "min(sqrt(asinh(3.)*x),COS(tan(x) /1.31)^x*-ABS(1e300))/+min(3*1.65,(1.93))",
            "min(leaky_relu(e),(-cos(x))^x)", "cos(-max(x,1e308))");

    private final SplittableRandom rng = new SplittableRandom(SEED);
    private final List<String> functions = functions();

    @Test
    void everyRunExitsZeroOrTwoWithOneLine() {
        Map<Integer, Integer> codes = new TreeMap<>();
        List<String> bugs = new ArrayList<>();
        for (int i = 0; i < KNOWN.size() + RUNS; i++) {
            String formula = i < KNOWN.size() ? KNOWN.get(i)
                    : i % 10 == 9 ? broken(formula(1 + i % 3)) : formula(1 + i % 3);
            List<String> args = new ArrayList<>(List.of("analyze"));
            if (i % 2 == 1) args.add("--json");
            args.addAll(List.of(OPTIONS[i % OPTIONS.length]));
            args.add("--");   // a formula that starts with '-' is not an option
            args.add(formula);
            Cli r = Cli.run(args.toArray(String[]::new));
            codes.merge(r.exitCode(), 1, Integer::sum);
            boolean ok = switch (r.exitCode()) {
                case 0 -> !r.out().isBlank();
                case 2 -> r.err().startsWith("saturn: ") && r.err().strip().lines().count() == 1;
                default -> false;
            };
            if (!ok) bugs.add(String.join(" ", args) + " -> exit " + r.exitCode() + ": " + r.err());
        }
        System.out.printf("seed %d: %d runs, exit codes %s%n", SEED, KNOWN.size() + RUNS, codes);
        assertThat(bugs).as("runs that exited other than 0, or 2 with one line").isEmpty();
        assertThat(codes.getOrDefault(0, 0)).as("runs with a report").isGreaterThan(RUNS / 2);
        assertThat(codes.getOrDefault(2, 0)).as("runs refused as bad input").isPositive();
    }

    private static List<String> functions() {
        List<String> f = new ArrayList<>();
        for (Fn fn : Fn.values()) {
            if (fn != Fn.NEG) f.add(fn.symbol());
        }
        f.addAll(NamedFunctions.expandable());
        return f;
    }

    private String formula(int depth) {
        int k = depth <= 0 ? rng.nextInt(3) : rng.nextInt(11);
        return switch (k) {
            case 0 -> "x";
            case 1 -> NUMBERS[rng.nextInt(NUMBERS.length)];
            case 2 -> rng.nextBoolean() ? "pi" : "E";
            case 3, 4, 5 -> functions.get(rng.nextInt(functions.size())) + "(" + formula(depth - 1) + ")";
            case 6 -> (rng.nextBoolean() ? "max(" : "min(") + formula(depth - 1) + ", " + formula(depth - 1) + ")";
            case 7 -> "-" + formula(depth - 1);
            case 8 -> formula(0) + "^" + (rng.nextBoolean() ? formula(0) : "(" + formula(depth - 1) + ")");
            default -> "(" + formula(depth - 1) + "+-*/".charAt(rng.nextInt(4)) + formula(depth - 1) + ")";
        };
    }

    private String broken(String formula) {
        StringBuilder s = new StringBuilder(formula);
        int at = rng.nextInt(s.length() + 1);
        String edits = "x()+-*/^,.e9 z§";
        char c = edits.charAt(rng.nextInt(edits.length()));
        if (rng.nextBoolean() && at < s.length()) s.deleteCharAt(at);
        else s.insert(at, c);
        return s.toString();
    }
}
