package saturn.djl;

import ai.djl.nn.Block;
import ai.djl.nn.Blocks;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import saturn.engine.model.LayerKind;
import saturn.engine.remedy.AutoRemedy;
import saturn.engine.remedy.InitSpec;
import saturn.engine.remedy.Inits;
import saturn.engine.remedy.Prescription;
import saturn.engine.remedy.Residual;
import saturn.engine.remedy.SolvedTransform;
import saturn.engine.remedy.Transforms;
import saturn.theory.Activation;

/**
 * Saturn's remedy ({@link AutoRemedy#prescribe}, as {@code --remedy auto} chooses it) for a
 * DJL multilayer perceptron: the transformed activation and the weight initializer.
 *
 * <pre>{@code
 * DjlRemedy r = DjlRemedy.prescribe(Activation.parse("tanh"), 30, 1L);
 * Block mlp = r.mlp(30, 128, 10);   // Linear, φ̂, Linear, φ̂, ..., Linear
 * }</pre>
 *
 * @param prescription what the theory chose and why
 * @param transform    the transform solved for the depth (its {@code network()} is φ̂, or φ unchanged)
 * @param weights      the weight initializer for φ̂ (its {@link TheoryInitializer#biases()} the biases)
 */
public record DjlRemedy(Prescription prescription, SolvedTransform transform, TheoryInitializer weights) {

    /** The default step of Adam, which the prescription scales down with depth. */
    public static final double ADAM_DEFAULT_LR = 1e-3;

    /**
     * The remedy for a chain of {@code depth} dense layers of activation φ.
     *
     * @throws IllegalArgumentException when the theory's only remedy needs the data (LSUV),
     *                                  which this module does not run
     */
    public static DjlRemedy prescribe(Activation phi, int depth, long seed) {
        Prescription p = AutoRemedy.prescribe(phi, depth, LayerKind.DENSE, Residual.NONE, ADAM_DEFAULT_LR);
        if (p.init().kind() == InitSpec.Kind.LSUV) {
            throw new IllegalArgumentException(phi.name() + ": " + p.reason() + "; LSUV is not available for DJL networks");
        }
        SolvedTransform t = Transforms.solve(p.transform(), phi, depth, Residual.NONE);
        TheoryInitializer w = TheoryInitializer.of(Inits.resolve(p.init(), t.network(), depth), seed);
        return new DjlRemedy(p, t, w);
    }

    /** The activation the network computes: γ(φ(αx+β)+δ), or φ when no transform was prescribed. */
    public Activation network() {
        return transform.network();
    }

    /** {@link #network()} as a DJL block. */
    public Block activation() {
        return ActivationBlock.of(network());
    }

    /** The learning rate for Adam at this depth. */
    public double learningRate() {
        return prescription.learningRate();
    }

    /**
     * A flattening block, {@code depth} hidden {@code Linear(width)} layers each followed by
     * {@link #activation()}, and a {@code Linear(outputs)} read-out, every weight from
     * {@link #weights()} and every bias from its {@link TheoryInitializer#biases()}.
     */
    public SequentialBlock mlp(int depth, int width, int outputs) {
        SequentialBlock net = new SequentialBlock().add(Blocks.batchFlattenBlock());
        for (int i = 0; i < depth; i++) {
            net.add(Linear.builder().setUnits(width).build()).add(activation());
        }
        net.add(Linear.builder().setUnits(outputs).build());
        net.setInitializer(weights, Parameter.Type.WEIGHT);
        net.setInitializer(weights.biases(), Parameter.Type.BIAS);
        return net;
    }
}
