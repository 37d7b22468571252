package saturn.djl;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import saturn.engine.remedy.AutoRemedy;
import saturn.engine.remedy.Residual;
import saturn.engine.remedy.Transforms;
import saturn.theory.Activation;
import saturn.theory.Activations;
import saturn.theory.transform.ActivationTransform;

/**
 * The block's forward pass equals Saturn's activation, evaluated by the theory in double, on
 * a grid of float inputs, within 1e-6 relative to max(1, |φ(x)|): every library activation,
 * formulas that reach each kind of node (a constant on either side of every operator, every
 * function), and a TAT transform. A wrong node translation (an operand order, a missed
 * constant, sign(0)) fails here.
 */
class ActivationBlockTest {

    private static final double TOLERANCE = 1e-6;

    @BeforeAll
    static void offline() {
        OfflinePyTorch.configure();
    }

    static Stream<String> formulas() {
        List<String> all = new ArrayList<>(Activations.names());
        all.addAll(List.of("x*exp(-x^2/2)", "2^x", "1/(1+x^2)", "3-x", "x^3-2*x", "sign(x)*x^2", "step(x)", "step(-x)*x",
                "log1p(abs(x))", "log(1+exp(x))", "sqrt(1+x^2)", "cos(x)", "tan(x/5)", "sinh(x/3)", "cosh(x/3)",
                "erfc(x)", "abs(x)^0.5", "max(x, sin(x))", "min(x^2, 1)", "x^x", "-x"));
        return all.stream();
    }

    @ParameterizedTest
    @MethodSource("formulas")
    void theBlockComputesTheActivationOnAGrid(String formula) {
        assertMatches(Activation.parse(formula), ActivationBlock.of(Activation.parse(formula)), grid(), 1.0);
    }

    @Test
    void asinhHoldsFarFromZeroWhereItsSecondBranchTakesOver() {
        float[] x = {-1e30f, -3e7f, -1e4f, -9999f, -1e-3f, 0f, 1e-3f, 9999f, 1e4f, 1e5f, 1e30f};
        assertMatches(Activation.parse("asinh"), ActivationBlock.of(Activation.parse("asinh")), x, 1.0);
    }

    @Test
    void theTransformedBlockComputesTatsActivationAtDepth50() {
        Activation phi = Activation.parse("x*exp(-x^2/2)");
        ActivationTransform t = Transforms.solve(AutoRemedy.TAT, phi, 50, Residual.NONE).transform();
        assertThat(t.alpha()).isNotEqualTo(1.0);
        Activation expected = phi.transformed(t.alpha(), t.beta(), t.gamma(), t.delta());
        // in float, φ(αx+β)+δ is rounded before γ multiplies it: the tolerance scales with γ
        assertMatches(expected, ActivationBlock.transformed(phi, t), grid(), Math.abs(t.gamma()));
    }

    @Test
    void theBlockKeepsTheShapeOfEveryArrayOfItsInput() {
        Block block = ActivationBlock.of(Activation.parse("tanh"));
        try (NDManager m = NDManager.newBaseManager()) {
            NDList out = block.forward(new ParameterStore(m, false),
                    new NDList(m.ones(new Shape(2, 3, 4)), m.zeros(new Shape(5))), false);
            assertThat(out).hasSize(2);
            assertThat(out.get(0).getShape()).isEqualTo(new Shape(2, 3, 4));
            assertThat(out.get(0).toFloatArray()[0]).isEqualTo((float) Math.tanh(1), org.assertj.core.data.Offset.offset(1e-7f));
            assertThat(out.get(1).getShape()).isEqualTo(new Shape(5));
        }
    }

    /** -6 .. 6 in steps of 0.01, 0 exactly included. */
    private static float[] grid() {
        float[] x = new float[1201];
        for (int i = 0; i < x.length; i++) x[i] = (i - 600) / 100f;
        return x;
    }

    /** |block(x) − φ(x)| ≤ 1e-6 · max(scale, |φ(x)|) at every x; NaN where φ is NaN. */
    private static void assertMatches(Activation phi, Block block, float[] x, double scale) {
        int n = x.length;
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray in = m.create(x, new Shape(n));
            assertThat(in.getDataType()).isEqualTo(DataType.FLOAT32);
            float[] y = block.forward(new ParameterStore(m, false), new NDList(in), false).singletonOrThrow().toFloatArray();
            for (int i = 0; i < n; i++) {
                double expected = phi.value(x[i]);
                if (Double.isNaN(expected)) {
                    assertThat(y[i]).as("%s at %s", phi.formula(), x[i]).isNaN();
                    continue;
                }
                if (Double.isInfinite(expected)) {
                    assertThat((double) y[i]).as("%s at %s", phi.formula(), x[i]).isEqualTo(expected);
                    continue;
                }
                double tol = TOLERANCE * Math.max(scale, Math.abs(expected));
                assertThat((double) y[i]).as("%s at %s", phi.formula(), x[i])
                        .isCloseTo(expected, org.assertj.core.data.Offset.offset(tol));
            }
        }
    }
}
