import saturn.engine.model.LayerKind;
import saturn.engine.remedy.AutoRemedy;
import saturn.engine.remedy.Inits;
import saturn.engine.remedy.Prescription;
import saturn.engine.remedy.Residual;
import saturn.engine.remedy.SolvedTransform;
import saturn.engine.remedy.Transforms;
import saturn.engine.remedy.WeightInit;
import saturn.theory.Activation;
import saturn.theory.analysis.Analysis;
import saturn.theory.analysis.AnalysisOptions;
import saturn.theory.transform.ActivationTransform;

/**
 * Asks Saturn's theory what to do about an activation in a deep network: the analysis of φ
 * (its edge of chaos), then the remedy {@code --remedy auto} would apply at that depth (the
 * verdict, the transform's constants, the initialization and the learning rate). Needs no
 * data and trains nothing. Run it as a single-file program with the engine, theory and
 * their dependencies on the class path:
 * <pre>
 * java --add-modules jdk.incubator.vector -cp "saturn-cli/target/lib/*" examples/PrescribeRemedy.java ["FORMULA" [DEPTH]]
 * </pre>
 */
public class PrescribeRemedy {

    public static void main(String[] args) {
        Activation phi = Activation.parse(args.length > 0 ? args[0] : "x*exp(-x^2/2)");
        int depth = args.length > 1 ? Integer.parseInt(args[1]) : 50;

        Analysis analysis = Analysis.of(phi, AnalysisOptions.defaults().withDepth(depth));
        System.out.println("activation: " + analysis.activation());
        System.out.println("phase at sigma_w2 = 1, sigma_b2 = 0: " + analysis.meanField().phase().label());
        System.out.println("edge of chaos at sigma_b2 = 0: " + (analysis.critical().isPresent()
                ? "sigma_w2 = " + analysis.critical().value().sigmaW2() + ", q* = " + analysis.critical().value().qStar()
                : "none (" + analysis.critical().reason() + ")"));

        Prescription p = AutoRemedy.prescribe(phi, depth, LayerKind.DENSE, Residual.NONE, 1e-3);
        System.out.println("verdict: " + p.reason());
        SolvedTransform t = Transforms.solve(p.transform(), phi, depth, Residual.NONE);
        ActivationTransform c = t.transform();
        if (c != null) {
            System.out.println("transform: " + c.kind() + " alpha = " + c.alpha() + " beta = " + c.beta()
                    + " gamma = " + c.gamma() + " delta = " + c.delta());
        }
        System.out.println("network activation: " + t.network().formula());
        WeightInit init = Inits.resolve(p.init(), t.network(), depth);
        System.out.println("init: " + p.init().id() + " sigma_w2 = " + init.sigmaW2() + " sigma_b2 = " + init.sigmaB2()
                + " (" + init.note() + ")");
        System.out.println("learning rate: " + p.learningRate() + " (" + p.learningRateRule() + ")");
    }
}
