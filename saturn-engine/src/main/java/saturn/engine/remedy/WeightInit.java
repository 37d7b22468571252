package saturn.engine.remedy;

/**
 * An initializer resolved for a network: the engine's initializer name and the mean-field
 * constants it amounts to.
 *
 * @param engineName the name {@link saturn.engine.init.Initializers#byName} takes
 * @param qStar      the fixed point of the q-map the constants were chosen for, NaN when none was
 * @param note       how the weights are drawn, for a run's record
 */
public record WeightInit(String engineName, double sigmaW2, double sigmaB2, double qStar, String note) {

    public WeightInit(String engineName, double sigmaW2, double sigmaB2, String note) {
        this(engineName, sigmaW2, sigmaB2, Double.NaN, note);
    }
}
