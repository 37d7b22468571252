package saturn.theory.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DoubleProgramTest {

    private static final String[] FORMULAS = {"tanh(x)", "exp(-x^2/2)", "x*(1 + erf(x/sqrt(2)))/2",
        "max(-1, min(1, x))", "x^3 - 2^x + x^x", "sigmoid(x)*softplus(-x)/(1 + abs(x))", "sin(x)*cos(2*x) - tan(x)",
        "2/x", "(x + 1)*(x - 1)*(x + 2)/(x - 3)", "step(x) + sign(x - 1) + log(x) + sqrt(x) + asinh(x) + expm1(x)"};

    private static double[] grid(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = -6 + 12.0 * i / Math.max(1, n - 1) + 1e-3;
        }
        return x;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 13, 100, 1023, 4097})
    void arrayEvaluationEqualsTheTreeWalkOnAwkwardSizes(int n) {
        double[] x = grid(n);
        double[] out = new double[n + 3];
        for (String f : FORMULAS) {
            Expr e = Parser.parse(f);
            DoubleProgram p = DoubleProgram.compile(e);
            java.util.Arrays.fill(out, 42);
            p.values(x, out, n);
            for (int i = 0; i < n; i++) {
                double expected = TreeEval.eval(e, x[i]);
                assertThat(Double.valueOf(out[i])).as("%s at %s", f, x[i]).isEqualTo(Double.valueOf(expected));
                assertThat(Double.valueOf(p.value(x[i]))).isEqualTo(Double.valueOf(expected));
            }
            assertThat(out[n]).as("nothing written past n").isEqualTo(42);
        }
    }

    @Test
    void outputMayAliasInput() {
        DoubleProgram p = DoubleProgram.compile(Parser.parse("x*tanh(x) + x"));
        double[] x = grid(50);
        double[] expected = new double[50];
        p.values(x, expected, 50);
        p.values(x, x, 50);
        assertThat(x).containsExactly(expected);
    }

    @Test
    void constantSubTreesAreFoldedAtCompileTime() {
        assertThat(DoubleProgram.compile(Parser.parse("x*sqrt(2)*exp(1)")).length()).isEqualTo(3);
        assertThat(DoubleProgram.compile(Parser.parse("erf(2)")).value(123)).isEqualTo(ErrorFunction.erf(2));
    }

    @Test
    void emptyAndShortArrays() {
        DoubleProgram p = DoubleProgram.compile(Parser.parse("tanh(x)"));
        p.values(new double[0], new double[0], 0);
        assertThatThrownBy(() -> p.values(new double[3], new double[2], 3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void concurrentCallersDoNotShareScratch() throws Exception {
        DoubleProgram p = DoubleProgram.compile(Parser.parse("(x + 1)*(x - 1)*(x + 2)/(x - 3) + tanh(x)*exp(-x)"));
        double[] x = grid(777);
        double[] expected = new double[777];
        p.values(x, expected, 777);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<double[]>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> {
                    double[] out = new double[777];
                    for (int r = 0; r < 200; r++) {
                        p.values(x, out, 777);
                    }
                    return out;
                }));
            }
            for (Future<double[]> f : results) {
                assertThat(f.get()).containsExactly(expected);
            }
        } finally {
            pool.shutdown();
        }
    }
}
