package saturn.engine.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;

import org.junit.jupiter.api.Test;

import saturn.engine.kernel.Kernels;
import saturn.engine.kernel.ScalarKernels;

/** The fused steps follow the engine's kernels, and the scalar steps are the transformations' rules. */
class UpdateKernelsTest {

    @Test
    void scalarKernelsTakeTheScalarStepsAndUnknownKernelsNone() {
        assertThat(UpdateKernels.of(new ScalarKernels())).isInstanceOf(ScalarUpdateKernels.class);
        Kernels other = (Kernels) Proxy.newProxyInstance(Kernels.class.getClassLoader(), new Class<?>[] {Kernels.class},
                (proxy, method, args) -> "other");
        assertThatThrownBy(() -> UpdateKernels.of(other)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("other");
    }

    /** One Adam step by hand from the rule's equations, against the scalar kernel on one element. */
    @Test
    void theScalarAdamStepIsTheTransformsRuleThenDecayThenRate() {
        float b1 = 0.9f, b2 = 0.99f, eps = 1e-3f, wd = 0.5f, rate = -0.1f;
        float[] w = {2f}, g = {0.5f}, m = {0.25f}, v = {0.04f};
        float c1 = ScaleByAdam.correction(b1, 2), c2 = ScaleByAdam.correction(b2, 2);
        float mi = b1 * 0.25f + (1f - b1) * 0.5f;
        float vi = b2 * 0.04f + (1f - b2) * 0.5f * 0.5f;
        float u = (mi * c1) / ((float) Math.sqrt(vi * c2) + eps) + wd * 2f;
        new ScalarUpdateKernels().adam(w, g, m, v, 1, b1, b2, c1, c2, eps, true, wd, rate);
        assertThat(m[0]).isEqualTo(mi);
        assertThat(v[0]).isEqualTo(vi);
        assertThat(w[0]).isEqualTo(2f + u * rate);
    }
}
