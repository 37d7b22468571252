package saturn.engine.loss;

import saturn.engine.tensor.Tensor;

/**
 * A loss that can draw targets from the model's own predictive distribution, for the Fisher
 * (Gauss–Newton) statistics of K-FAC (Martens &amp; Grosse 2015, §5): the gradient of the
 * loss at a sampled target, backpropagated, gives per-example pre-activation gradients
 * {@code g} whose second moment {@code E[g gᵀ]} is the layer's Fisher factor. The empirical
 * Fisher (the true targets' gradients) would vanish as the loss does and blow the
 * preconditioned step up near a minimum; sampled targets do not.
 */
public interface FisherSampling {

    /**
     * Writes into {@code grad} {@code dL/doutput} for targets sampled from the predictive
     * distribution at {@code output}, with the loss's own batch scaling, so that for one
     * example {@code b}, {@code g_b = B·grad_b} has {@code E[g_b g_bᵀ]} equal to the Hessian
     * of the per-example loss with respect to the output.
     *
     * @param seed the draw is a function of the seed (resumed runs sample the same targets)
     */
    void sampleGradient(Tensor output, long seed, Tensor grad);
}
