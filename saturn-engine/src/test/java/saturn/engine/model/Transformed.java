package saturn.engine.model;

import java.util.ArrayList;
import java.util.List;

import saturn.theory.Activation;
import saturn.theory.gauss.Derivatives;
import saturn.theory.transform.Chain;
import saturn.theory.transform.TransformSolver;

/** DKS- and TAT-transformed activations {@code γ(φ(αx+β)+δ)} for the gradient checks. */
final class Transformed {

    private Transformed() {
    }

    /**
     * DKS of tanh, softplus, elu (kinked) and gelu, TAT of tanh and swish, for a chain of 20
     * layers: the formulas {@code γ(φ(αx+β)+δ)} the engine compiles like any other.
     */
    static List<ProductionGradientTest.Case> cases() {
        List<ProductionGradientTest.Case> cases = new ArrayList<>();
        Chain chain = new Chain(20);
        for (String name : List.of("tanh", "softplus", "elu", "gelu")) {
            Activation phi = Activation.parse(name);
            Activation dks = TransformSolver.dks(Derivatives.of(phi), chain, 1.5).apply(phi);
            cases.add(new ProductionGradientTest.Case("dks " + name, dks));
        }
        for (String name : List.of("tanh", "swish")) {
            Activation phi = Activation.parse(name);
            Activation tat = TransformSolver.tat(Derivatives.of(phi), chain, 0.3).apply(phi);
            cases.add(new ProductionGradientTest.Case("tat " + name, tat));
        }
        return cases;
    }
}
