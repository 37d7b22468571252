package saturn.engine.remedy;

import saturn.engine.init.InitScheme;

/**
 * An initializer resolved for a network: the engine's initializer and the mean-field
 * constants it amounts to.
 *
 * @param scheme     the weight initializer the network is built with
 * @param qStar      the fixed point of the q-map the constants were chosen for, NaN when none was
 * @param note       how the weights are drawn, for a run's record
 */
public record WeightInit(InitScheme scheme, double sigmaW2, double sigmaB2, double qStar, String note) {

    public WeightInit(InitScheme scheme, double sigmaW2, double sigmaB2, String note) {
        this(scheme, sigmaW2, sigmaB2, Double.NaN, note);
    }
}
