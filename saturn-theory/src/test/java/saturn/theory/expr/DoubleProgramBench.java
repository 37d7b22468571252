package saturn.theory.expr;

import saturn.theory.Activation;

/**
 * Prints the warm time of a 100-point {@link DoubleProgram#values} call for a few formulas.
 * A command, not a test: run it with the test class path, e.g.
 * {@code java -cp saturn-theory/target/classes:saturn-theory/target/test-classes:<hipparchus jars>
 * saturn.theory.expr.DoubleProgramBench}.
 */
public final class DoubleProgramBench {

    private DoubleProgramBench() {
    }

    public static void main(String[] args) {
        String[] formulas = args.length > 0 ? args : new String[] {"tanh(x)", "exp(-x^2/2)", "sigmoid", "erf", "gelu"};
        double[] x = new double[100];
        double[] out = new double[100];
        for (int i = 0; i < x.length; i++) {
            x[i] = -5 + 0.1 * i;
        }
        for (String f : formulas) {
            Activation phi = Activation.parse(f);
            double sink = 0;
            double best = Double.MAX_VALUE;
            for (int round = 0; round < 10; round++) {
                int calls = 50_000;
                long t0 = System.nanoTime();
                for (int i = 0; i < calls; i++) {
                    phi.values(x, out, x.length);
                    sink += out[i % x.length];
                }
                best = Math.min(best, (System.nanoTime() - t0) / 1e3 / calls);
            }
            System.out.printf("%-14s %8.3f us per 100-point call  (checksum %.3f)%n", f, best, sink);
        }
    }
}
