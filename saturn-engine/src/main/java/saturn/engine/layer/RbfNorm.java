package saturn.engine.layer;

import java.util.Locale;

/**
 * How an {@link Rbf} layer normalizes its squared distances {@code d_bj = ‖x_b − c_j‖²} before
 * the Gaussian: {@code y_bj = exp(−d_bj / (2 s_j² m_b))} with a positive reference scale
 * {@code m_b}. The argument stays {@code ≥ 0} because {@code d_bj ≥ 0} and {@code m_b > 0}, and no
 * statistic of the batch enters the output, so one example is computed the same way in
 * training and at inference. With a normalization the width {@code s_j} is relative to the
 * reference: {@code s_j² = 1/2} puts the typical unit at {@code e^{-1}}.
 */
public enum RbfNorm {

    /** {@code m_b = 1}: the distances as they are. */
    NONE,

    /**
     * Per example: {@code m_b = mean_k d_bk + ε}, the example's own mean squared distance to
     * the layer's centres. Gradients flow through it to the input and the centres.
     */
    EXAMPLE,

    /**
     * The expected squared distance under the layer's input distribution, one scalar per
     * layer: {@code m = mean_j ‖μ − c_j‖² + Σ_i v_i + ε}, with the input mean μ and variances v
     * tracked from the layer's own inputs during training (running averages, buffers saved in
     * checkpoints, frozen at inference). Gradients flow through it to the centres.
     */
    RUNNING,

    /**
     * Per example, relative to the nearest centre: {@code y_bj = exp(−(d_bj − d_bn) / (2 s_j² m_b))}
     * with {@code d_bn = min_k d_bk} and {@code m_b = mean_k d_bk − d_bn + ε}. In many dimensions
     * every centre sits at nearly the same distance from an input ({@code sd/mean} of the
     * distances is {@code √(2/N)}), so {@link #EXAMPLE}'s arguments all sit near {@code 1/(2s²)} and
     * the units barely differ; the differences {@code d_bj − d_bn = −2x·(c_j − c_n) + ‖c_j‖² − ‖c_n‖²}
     * carry the input, and this scale makes their spread O(1) whatever the dimension. The
     * nearest unit outputs 1 (the layer's output over its largest Gaussian, with widths relative
     * to the spread of the distances). Gradients flow through the offset and the scale; at a
     * tie the first nearest unit takes the offset's gradient.
     */
    NEAREST;

    /** The option value: {@code none}, {@code example}, {@code running}, {@code nearest}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
