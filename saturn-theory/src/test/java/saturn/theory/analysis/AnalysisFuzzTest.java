package saturn.theory.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import saturn.theory.Activation;
import saturn.theory.expr.FormulaException;
import saturn.theory.gauss.DivergentExpectationException;

/**
 * Random formulas ({@link RandomFormulas}, fixed seed) through the whole analysis, as
 * {@code saturn analyze} runs it: parse, then {@link Analysis#of} (moments, mean-field point,
 * critical line, Jacobian, normalized/DKS/TAT transforms). Each must end in a result or in one
 * of the two bad-input errors the command maps to exit 2 — {@link FormulaException} (the text
 * is no formula) or {@link DivergentExpectationException} (its expectations do not exist or
 * cannot be computed) — with a one-line message; any other exception is a bug, listed with
 * its formula. Each formula's time is bounded by the analysis' fixed budgets (adaptive
 * quadrature of at most 1000 panels on at most five ranges, 2-D rules of such rules, at most
 * 43 probes and 400 Brent evaluations per fixed-point search, 30 Newton steps from 20 starts
 * per transform), not by a clock. The formulas run on every core; they are independent.
 */
class AnalysisFuzzTest {

    static final long SEED = 2025_12_07L;
    /** Well-formed formulas, each through the whole analysis. */
    static final int FORMULAS = 10_000;
    /** Formulas broken by one edit: mostly parse errors, some still formulas. */
    static final int MUTATED = 1_000;
    private static final AnalysisOptions[] OPTIONS = {
        AnalysisOptions.defaults(),
        AnalysisOptions.defaults().withSigmaW2(1.5).withSigmaB2(0.1),
        AnalysisOptions.defaults().withSigmaW2(2).withSigmaB2(0.05).withDepth(20),
        AnalysisOptions.defaults().withSigmaW2(0.5).withSigmaB2(0.5).withDepth(5),
    };

    private record Outcome(String formula, String kind, Throwable bug) {
    }

    @Test
    void everyRandomFormulaEndsInAResultOrABadInputError() {
        RandomFormulas random = new RandomFormulas(SEED);
        List<String> formulas = new ArrayList<>();
        for (int i = 0; i < FORMULAS; i++) formulas.add(random.next(1 + i % 3));
        for (int i = 0; i < MUTATED; i++) formulas.add(random.mutated(1 + i % 3));

        ConcurrentLinkedQueue<Outcome> outcomes = new ConcurrentLinkedQueue<>();
        IntStream.range(0, formulas.size()).parallel()
                .forEach(i -> outcomes.add(analyze(formulas.get(i), OPTIONS[i % OPTIONS.length])));

        Map<String, Integer> counts = new TreeMap<>();
        List<String> bugs = new ArrayList<>();
        for (Outcome o : outcomes) {
            counts.merge(o.kind(), 1, Integer::sum);
            if (o.bug() != null) bugs.add(o.formula() + " -> " + describe(o.bug()));
        }
        System.out.printf("seed %d: %d formulas, %s%n", SEED, formulas.size(), counts);
        assertThat(bugs).as("formulas that ended in neither a result nor a bad-input error").isEmpty();
        assertThat(outcomes).hasSize(FORMULAS + MUTATED);
        // the draw reaches the analysis: most well-formed formulas get a result
        assertThat(counts.getOrDefault("result", 0)).isGreaterThan(FORMULAS / 2);
        assertThat(counts.getOrDefault("divergent", 0)).isPositive();
        assertThat(counts.getOrDefault("bad formula", 0)).isPositive();
    }

    private static Outcome analyze(String formula, AnalysisOptions options) {
        try {
            Analysis a = Analysis.of(Activation.parse(formula), options);
            if (a.meanField().phase() == null) return new Outcome(formula, "bug", new AssertionError("no phase"));
            return new Outcome(formula, "result", null);
        } catch (FormulaException e) {
            return oneLine(formula, "bad formula", e);
        } catch (DivergentExpectationException e) {
            return oneLine(formula, "divergent", e);
        } catch (RuntimeException | StackOverflowError e) {
            return new Outcome(formula, "bug", e);
        }
    }

    private static Outcome oneLine(String formula, String kind, RuntimeException e) {
        String m = e.getMessage();
        boolean clean = m != null && !m.isBlank() && !m.contains("\n");
        return new Outcome(formula, clean ? kind : "bug", clean ? null : new AssertionError("message: " + m, e));
    }

    private static String describe(Throwable t) {
        StringBuilder s = new StringBuilder(t.toString());
        StackTraceElement[] trace = t.getStackTrace();
        for (int i = 0; i < Math.min(4, trace.length); i++) s.append(" at ").append(trace[i]);
        return s.toString();
    }
}
