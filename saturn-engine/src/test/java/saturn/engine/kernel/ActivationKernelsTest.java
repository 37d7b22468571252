package saturn.engine.kernel;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import saturn.engine.Backends;
import saturn.theory.Activation;
import saturn.theory.Activations;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Compiled activation kernels: SIMD equals scalar bit for bit on awkward lengths, both
 * match the theory's double evaluation of φ and φ', and the fused φ' equals the
 * derivative compiled on its own.
 */
class ActivationKernelsTest {

    static final List<String> CUSTOM = List.of(
            "x^3/(1+x^2)",
            "tanh(x)*sigmoid(2*x) + 0.1*sin(3*x)",
            "2^x - 1",
            "sqrt(1+x^2) - 1",
            "log1p(abs(x))*sign(x)",
            "erfc(x)*cosh(x/4)",
            "x*exp(-x^2/2) + atan(x)/x^2",
            "max(x,0)^2 - min(x,0)^3");

    static final int[] LENGTHS = {1, 7, 13, 1023, 4097};

    static Stream<String> formulas() {
        return Stream.concat(Activations.names().stream(), CUSTOM.stream());
    }

    private static final Kernels SCALAR = new ScalarKernels();
    private static final Kernels VECTOR = Backends.select("java", "on").kernels();

    private static float[] inputs(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n];
        float[] special = {0f, -0f, 1f, -1f, 30f, -30f, 1e-6f, Float.NaN};
        for (int i = 0; i < n; i++) {
            x[i] = i < special.length && n > 100 ? special[i] : (float) (r.nextGaussian() * 3);
        }
        return x;
    }

    @ParameterizedTest
    @MethodSource("formulas")
    void simdEqualsScalarBitForBit(String formula) throws Exception {
        Activation act = Activation.parse(formula);
        ActivationKernel s = ActivationKernels.compile(act, SCALAR);
        ActivationKernel v = ActivationKernels.compile(act, VECTOR);
        for (int n : LENGTHS) {
            float[] h = inputs(n, n);
            float[] ys = new float[n], ds = new float[n], yv = new float[n], dv = new float[n];
            s.forward(h, ys, ds, n);
            v.forward(h, yv, dv, n);
            for (int i = 0; i < n; i++) {
                assertThat(Float.floatToIntBits(yv[i])).as("%s phi(%s) n=%d", formula, h[i], n)
                        .isEqualTo(Float.floatToIntBits(ys[i]));
                assertThat(Float.floatToIntBits(dv[i])).as("%s phi'(%s) n=%d", formula, h[i], n)
                        .isEqualTo(Float.floatToIntBits(ds[i]));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("formulas")
    void valuesAndDerivativesMatchTheTheoryInDouble(String formula) throws Exception {
        Activation act = Activation.parse(formula);
        Activation d = act.derivative();
        ActivationKernel k = ActivationKernels.compile(act, VECTOR);
        int n = 4097;
        float[] h = inputs(n, 7);
        float[] y = new float[n], dy = new float[n];
        k.forward(h, y, dy, n);
        for (int i = 0; i < n; i++) {
            assertClose(formula, h[i], y[i], act.value(h[i]));
            assertClose("d/dx " + formula, h[i], dy[i], d.value(h[i]));
        }
    }

    private static void assertClose(String what, float x, float got, double want) {
        if (Double.isNaN(want)) {
            assertThat(got).as("%s at %s", what, x).isNaN();
            return;
        }
        if (Double.isInfinite(want) || Math.abs(want) > Float.MAX_VALUE) {
            assertThat((double) got).as("%s at %s", what, x).isEqualTo((double) (float) want);
            return;
        }
        // a few float ulps on every primitive, compounded through the formula
        assertThat((double) got).as("%s at x=%s", what, x)
                .isCloseTo(want, org.assertj.core.api.Assertions.within(5e-6 * (1 + Math.abs(want))));
    }

    @ParameterizedTest
    @MethodSource("formulas")
    void fusedDerivativeEqualsTheDerivativesOwnKernel(String formula) throws Exception {
        Activation act = Activation.parse(formula);
        ActivationKernel fused = ActivationKernels.compile(act, SCALAR);
        ActivationKernel alone = ActivationKernels.compile(act.derivative(), SCALAR);
        int n = 1023;
        float[] h = inputs(n, 3);
        float[] y = new float[n], dy = new float[n], d2 = new float[n];
        fused.forward(h, y, dy, n);
        alone.forward(h, d2, null, n);
        assertThat(dy).containsExactly(d2);
        float[] yOnly = new float[n];
        fused.forward(h, yOnly, null, n);
        assertThat(yOnly).as("phi without phi'").containsExactly(y);
    }

    /**
     * Where φ' is a function of φ, the backward pass's φ'·δ from the output is the forward
     * pass's stored φ' times δ, bit for bit, on both executors and with the SIMD one split
     * between two cores; δ includes values whose product is subnormal.
     */
    @ParameterizedTest
    @MethodSource("formulas")
    void derivativeFromTheValueIsTheStoredDerivativeBitForBit(String formula) throws Exception {
        Activation act = Activation.parse(formula);
        ActivationKernel s = ActivationKernels.compile(act, SCALAR);
        ActivationKernel v = ActivationKernels.compile(act, VECTOR);
        assertThat(v.derivativeFromValue()).isEqualTo(s.derivativeFromValue());
        if (!s.derivativeFromValue()) return;
        for (int n : new int[] {1, 7, 13, 1023, 4097, 20011}) {
            float[] h = inputs(n, n + 1);
            Random r = new Random(n);
            float[] g = new float[n];
            for (int i = 0; i < n; i++) g[i] = i % 5 == 0 ? 1e-39f * (i % 2 == 0 ? 1 : -1) : (float) r.nextGaussian();
            float[] y = new float[n], dphi = new float[n];
            s.forward(h, y, dphi, n);
            float[] want = new float[n];
            SCALAR.mulFlushToZero(g, dphi, want, n);
            for (int run = 0; run < 3; run++) {   // scalar, SIMD, SIMD on three workers
                ActivationKernel k = run == 0 ? s : v;
                float[] got = new float[n], d2 = new float[n];
                if (run == 2) saturn.engine.parallel.Workers.use(3);
                try {
                    k.backwardFromValue(y, g, got, n);
                    k.derivativeFromValue(y, d2, n);
                } finally {
                    if (run == 2) saturn.engine.parallel.Workers.use(1);
                }
                for (int i = 0; i < n; i++) {
                    assertThat(Float.floatToIntBits(got[i])).as("%s g*phi'(%s) n=%d run %d", formula, h[i], n, run)
                            .isEqualTo(Float.floatToIntBits(want[i]));
                    assertThat(Float.floatToIntBits(d2[i])).as("%s phi'(%s) n=%d run %d", formula, h[i], n, run)
                            .isEqualTo(Float.floatToIntBits(dphi[i]));
                }
            }
        }
    }

    /**
     * δ·φ' with the column sums of the result: the same product as without them, and the
     * sums in the row-chunk order, bit for bit, on scalar, SIMD and SIMD on three workers; and
     * that order is a column sum (to double rounding). A chunk boundary off by a row, a column
     * offset wrong in a row piece or a chunk summed twice fails it.
     */
    @ParameterizedTest
    @MethodSource("formulas")
    void backwardWithColumnSumsEqualsTheProductAndItsChunkSums(String formula) throws Exception {
        Activation act = Activation.parse(formula);
        ActivationKernel s = ActivationKernels.compile(act, SCALAR);
        if (!s.derivativeFromValue()) return;
        ActivationKernel v = ActivationKernels.compile(act, VECTOR);
        int[][] shapes = {{1, 1}, {3, 7}, {2, 1023}, {128, 128}, {129, 257}, {37, 600}, {300, 64}};
        for (int[] shape : shapes) {
            int rows = shape[0], cols = shape[1], n = rows * cols;
            float[] h = inputs(n, n + 5);
            Random r = new Random(n);
            float[] g = new float[n];
            // magnitudes 2^-60..2^60: sums of such terms round in double, so the order shows in the bits
            for (int i = 0; i < n; i++) g[i] = (float) (r.nextGaussian() * Math.scalb(1.0, r.nextInt(121) - 60));
            float[] y = new float[n];
            s.forward(h, y, null, n);
            float[] want = new float[n];
            s.backwardFromValue(y, g, want, n);
            float[] wantSums = new float[cols];
            ActivationKernel.columnSumsInChunks(want, rows, cols, wantSums);
            for (int c = 0; c < cols; c++) {
                double plain = 0, size = 0;
                for (int row = 0; row < rows; row++) {
                    plain += want[row * cols + c];
                    size += Math.abs(want[row * cols + c]);
                }
                if (Double.isFinite(plain)) {
                    assertThat((double) wantSums[c]).isCloseTo(plain, within(1e-6 * (1 + size)));
                }
            }
            for (int run = 0; run < 3; run++) {   // scalar, SIMD, SIMD on three workers
                ActivationKernel k = run == 0 ? s : v;
                float[] got = new float[n], sums = new float[cols];
                if (run == 2) saturn.engine.parallel.Workers.use(3);
                try {
                    k.backwardFromValue(y, g, got, rows, cols, sums);
                } finally {
                    if (run == 2) saturn.engine.parallel.Workers.use(1);
                }
                assertThat(got).as("%s %dx%d run %d", formula, rows, cols, run).containsExactly(want);
                for (int c = 0; c < cols; c++) {
                    assertThat(Float.floatToIntBits(sums[c])).as("%s %dx%d column %d run %d", formula, rows, cols, c, run)
                            .isEqualTo(Float.floatToIntBits(wantSums[c]));
                }
            }
        }
    }

    /**
     * The one-thread range entry points a product's epilogue calls: the forward pass on
     * {@code [from, to)} and δ·φ' on a band of rows with the band's column sums give, for those
     * elements, the bits of the whole-array calls (and touch nothing else), on scalar and SIMD,
     * at boundaries off the chunk and vector lengths; the row chunks' totals added in order are
     * the whole call's sums. An offset wrong by an element or a row, or a chunk cut short, fails it.
     */
    @ParameterizedTest
    @MethodSource("formulas")
    void rangesGiveTheBitsOfTheWholeCall(String formula) throws Exception {
        Activation act = Activation.parse(formula);
        for (Kernels kernels : new Kernels[] {SCALAR, VECTOR}) {
            ActivationKernel k = ActivationKernels.compile(act, kernels);
            assertThat(k.runsRanges()).isTrue();
            int rows = 37, cols = 600, n = rows * cols;
            float[] h = inputs(n, 17);
            float[] y = new float[n], d = new float[n];
            k.forward(h, y, d, n);
            int[] cuts = {0, 1, 513, 530, 9000, n};
            float[] gy = new float[n], gd = new float[n];
            java.util.Arrays.fill(gy, 7f);
            for (int b = 0; b + 1 < cuts.length; b++) {
                k.forwardRange(h, gy, gd, cuts[b], cuts[b + 1]);
                for (int i = cuts[b + 1]; i < n; i++) assertThat(gy[i]).as("past the range").isEqualTo(7f);
            }
            assertThat(gy).as("%s %s", formula, kernels.name()).containsExactly(y);
            assertThat(gd).as("%s %s", formula, kernels.name()).containsExactly(d);
            if (!k.derivativeFromValue()) continue;
            float[] g = inputs(n, 19);
            float[] want = new float[n], wantSums = new float[cols];
            k.backwardFromValue(y, g, want, rows, cols, wantSums);
            float[] got = new float[n];
            int chunks = ActivationKernel.sumChunks(rows);
            double[] totals = new double[chunks * cols];
            for (int c = chunks - 1; c >= 0; c--) {   // chunk by chunk, last first: each into its own slot
                int r0 = c * ActivationKernel.SUM_ROWS;
                k.backwardFromValueRows(y, g, got, r0, Math.min(rows, r0 + ActivationKernel.SUM_ROWS), cols, totals, c * cols);
            }
            assertThat(got).as("%s %s", formula, kernels.name()).containsExactly(want);
            for (int c = 0; c < cols; c++) {
                double total = 0;
                for (int chunk = 0; chunk < chunks; chunk++) total += totals[chunk * cols + c];
                assertThat(Float.floatToIntBits((float) total)).as("%s column %d", formula, c)
                        .isEqualTo(Float.floatToIntBits(wantSums[c]));
            }
        }
    }

    /**
     * The chunk order pinned down: row 0 holds 2^60, row 16 (the second chunk) −2^60 and row
     * 17 a 1 (φ' = 1 at y = 0), every other row 0: the chunks' totals are 2^60 and −2^60 (the 1
     * is lost against −2^60), so the sums are 0; in plain row order they would be 1.
     */
    @Test
    void columnSumsFollowTheChunkOrder() throws Exception {
        ActivationKernel s = ActivationKernels.compile(Activation.parse("tanh"), SCALAR);
        ActivationKernel v = ActivationKernels.compile(Activation.parse("tanh"), VECTOR);
        int rows = 20, cols = 600, n = rows * cols;
        float[] rowValues = new float[rows];
        rowValues[0] = 0x1p60f;
        rowValues[16] = -0x1p60f;
        rowValues[17] = 1f;
        float[] y = new float[n], g = new float[n];
        for (int i = 0; i < n; i++) g[i] = rowValues[i / cols];
        for (int run = 0; run < 3; run++) {
            ActivationKernel k = run == 0 ? s : v;
            float[] out = new float[n], sums = new float[cols];
            if (run == 2) saturn.engine.parallel.Workers.use(3);
            try {
                k.backwardFromValue(y, g, out, rows, cols, sums);
            } finally {
                if (run == 2) saturn.engine.parallel.Workers.use(1);
            }
            assertThat(out).containsExactly(g);
            for (int c = 0; c < cols; c++) assertThat(sums[c]).as("run %d column %d", run, c).isEqualTo(0f);
        }
    }

    @Test
    void whichDerivativesFollowFromTheValue() throws Exception {
        for (String yes : List.of("tanh", "sigmoid", "exp(x)")) {
            assertThat(ActivationKernels.program(Activation.parse(yes)).fromValue()).as(yes).isNotNull();
        }
        // φ' reads x (the Gaussian bump, erf, softsign), or an intermediate of φ rather than φ
        // (2·tanh; the sigmoid written out, whose symbolic φ' is exp(-x)/(1+exp(-x))²)
        for (String no : List.of("gauss", "erf", "softsign", "2*tanh(x)", "tanh(x)+x", "x^3", "1/(1+exp(-x))")) {
            assertThat(ActivationKernels.program(Activation.parse(no)).fromValue()).as(no).isNull();
        }
        ActivationKernel k = ActivationKernels.compile(Activation.parse("gauss"), SCALAR);
        assertThat(k.derivativeFromValue()).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> k.backwardFromValue(new float[1], new float[1],
                new float[1], 1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void sharedSubexpressionsAreComputedOnce() throws Exception {
        assertThat(count(ActivationKernels.program(Activation.parse("tanh")), Opcode.TANH)).isEqualTo(1);
        assertThat(count(ActivationKernels.program(Activation.parse("sigmoid")), Opcode.SIGMOID)).isEqualTo(1);
        ActivationProgram gauss = ActivationKernels.program(Activation.parse("gauss"));
        assertThat(count(gauss, Opcode.EXP)).as(gauss.toString()).isEqualTo(1);
        ActivationProgram cube = ActivationKernels.program(Activation.parse("x^3"));
        assertThat(count(cube, Opcode.POW)).as(cube.toString()).isZero();
        assertThat(cube.instructions()).allMatch(i -> i.op() == Opcode.MUL || i.op() == Opcode.CONST);
        // registers are reused: a long chain needs few of them
        ActivationProgram chain = ActivationKernels.program(Activation.parse("sin(cos(sin(cos(sin(cos(x))))))"));
        assertThat(chain.registers()).as(chain.toString()).isLessThan(chain.instructions().size());
    }

    private static long count(ActivationProgram p, Opcode op) {
        return p.instructions().stream().filter(i -> i.op() == op).count();
    }

    @Test
    void outputMayOverwriteTheInput() throws Exception {
        for (Kernels kernels : List.of(SCALAR, VECTOR)) {
            ActivationKernel k = ActivationKernels.compile(Activation.parse("gelu"), kernels);
            int n = 4097;
            float[] h = inputs(n, 11);
            float[] y = new float[n], dy = new float[n], dy2 = new float[n];
            k.forward(h, y, dy, n);
            float[] inPlace = h.clone();
            k.forward(inPlace, inPlace, dy2, n);
            assertThat(inPlace).containsExactly(y);
            assertThat(dy2).containsExactly(dy);
        }
    }

    @Test
    void aForwardCutBetweenWorkersEqualsTheWholeOne() throws Exception {
        for (String f : List.of("tanh", "gelu", "x*exp(-x^2/2) + atan(x)/x^2")) {
            ActivationKernel k = ActivationKernels.compile(Activation.parse(f), VECTOR);
            for (int n : new int[] {4 * 512 + 3, 40013}) {
                float[] h = inputs(n, 5);
                float[] y1 = new float[n], d1 = new float[n], y2 = new float[n], d2 = new float[n];
                k.forward(h, y1, d1, n);
                float[] inPlace = h.clone();
                saturn.engine.parallel.Workers.use(3);
                try {
                    k.forward(h, y2, d2, n);
                    k.forward(inPlace, inPlace, null, n);
                } finally {
                    saturn.engine.parallel.Workers.use(1);
                }
                assertThat(y2).as("%s n=%d", f, n).containsExactly(y1);
                assertThat(d2).as("%s n=%d", f, n).containsExactly(d1);
                assertThat(inPlace).as("%s in place n=%d", f, n).containsExactly(y1);
            }
        }
    }

    @Test
    void kernelsAreThreadSafe() throws Exception {
        Activation act = Activation.parse("x*exp(-x^2/2) + atan(x)/x^2");
        ActivationKernel k = ActivationKernels.compile(act, VECTOR);
        ActivationKernel reference = ActivationKernels.compile(act, SCALAR);
        int n = 4097;
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int t = 0; t < 4; t++) {
            long seed = t;
            threads.add(Thread.ofPlatform().start(() -> {
                float[] h = inputs(n, seed);
                float[] want = new float[n], dwant = new float[n], y = new float[n], dy = new float[n];
                reference.forward(h, want, dwant, n);
                for (int rep = 0; rep < 200; rep++) {
                    k.forward(h, y, dy, n);
                    if (!java.util.Arrays.equals(y, want) || !java.util.Arrays.equals(dy, dwant)) {
                        failures.add(new AssertionError("thread " + seed + " rep " + rep));
                        return;
                    }
                }
            }));
        }
        for (Thread t : threads) t.join();
        assertThat(failures).isEmpty();
    }

    @Test
    void steadyStateCallsAllocateNothing() throws Exception {
        var bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        ActivationKernel k = ActivationKernels.compile(Activation.parse("tanh"), SCALAR);
        int n = 1023;
        float[] h = inputs(n, 5), y = new float[n], dy = new float[n];
        k.forward(h, y, dy, n);
        long before = bean.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 50; i++) k.forward(h, y, dy, n);
        long allocated = bean.getCurrentThreadAllocatedBytes() - before;
        assertThat(allocated).isLessThan(1024);
    }
}
