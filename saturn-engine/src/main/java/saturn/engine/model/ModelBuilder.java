package saturn.engine.model;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Function;

import saturn.engine.init.Initializer;
import saturn.engine.init.Initializers;
import saturn.engine.layer.ActivationLayer;
import saturn.engine.layer.BatchNorm;
import saturn.engine.layer.Dense;
import saturn.engine.layer.Dropout;
import saturn.engine.layer.Highway;
import saturn.engine.layer.Layer;
import saturn.engine.layer.LayerNorm;
import saturn.engine.layer.Rbf;
import saturn.engine.layer.RbfNorm;
import saturn.engine.layer.Residual;
import saturn.engine.layer.ScaledWSDense;
import saturn.engine.layer.WeightNormDense;
import saturn.engine.tensor.Ops;
import saturn.theory.Activation;

/**
 * Builds a {@link Model} module by module, initializing each weight layer as it is added
 * from a generator split off the builder's seeded one (same seed and calls → same weights):
 * <pre>{@code
 * Model m = Model.builder(2, ops).seed(7)
 *         .dense(32).activation(tanh)
 *         .reZero(b -> b.dense(32).activation(tanh))
 *         .dense(2).build();
 * }</pre>
 */
public final class ModelBuilder {

    /** The identity, carrying the learnable scale of a·RBF. */
    private static final Activation IDENTITY = Activation.parse("x");

    private final Ops ops;
    private final List<Layer> layers = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    private final int inputSize;
    private int width;
    private SplittableRandom rng = new SplittableRandom(0);
    private Initializer weightInit = Initializers.gaussian(1.0);
    private Initializer biasInit = Initializers.zeros();
    private Function<Activation, CompiledActivation> activations;

    ModelBuilder(int inputSize, Ops ops) {
        if (inputSize <= 0) throw new IllegalArgumentException("input size must be positive: " + inputSize);
        this.inputSize = inputSize;
        this.width = inputSize;
        this.ops = ops;
        this.activations = a -> CompiledActivation.of(a, ops.kernels());
    }

    static Model fromSpec(ModelSpec spec, Ops ops) {
        return new ModelBuilder(spec.inputSize(), ops).build(spec);
    }

    /**
     * Builds the MLP of a spec with this builder's backends and activation compiler (seed
     * and initializers come from the spec). The builder must still be empty.
     */
    public Model build(ModelSpec spec) {
        if (!layers.isEmpty() || spec.inputSize() != inputSize) {
            throw new IllegalStateException("build(spec) needs an empty builder with input size " + spec.inputSize());
        }
        ModelBuilder b = seed(spec.seed())
                .init(spec.init().initializer(spec.sigmaW2()),
                        spec.sigmaB2() > 0 ? Initializers.normalStd(Math.sqrt(spec.sigmaB2())) : Initializers.zeros());
        CompiledActivation act = b.activations.apply(spec.activation());
        if (spec.kind().recurrent()) return b.recurrent(spec, act);
        double gateBias = HighwayGate.biasFor(inputSize == spec.width() ? spec.depth() : spec.depth() - 1);
        for (int l = 0; l < spec.depth(); l++) {
            boolean sameWidth = b.width == spec.width();
            switch (spec.shortcut()) {
                case HIGHWAY -> {
                    if (sameWidth) b.highway(act, gateBias);
                    else b.hiddenLayer(spec, act);
                }
                case NORMALIZED -> {
                    if (sameWidth) b.residual(spec.skipWeight(), br -> br.hiddenLayer(spec, act));
                    else b.hiddenLayer(spec, act);
                }
                case REZERO -> {
                    if (sameWidth) b.reZero(br -> br.hiddenLayer(spec, act));
                    else b.hiddenLayer(spec, act);
                }
                case NONE -> b.hiddenLayer(spec, act);
            }
        }
        b.dense(spec.classes(), spec.bias());
        return b.build();
    }

    /**
     * The recurrent network of a spec: the input's fixed reordering when there is one
     * ({@code permute}), the stack of recurrent layers ({@code rnn}), the read-out of its last
     * state ({@code fc}) — PyTorch's attribute names, so the checkpoint loads into a module
     * with {@code self.rnn = nn.LSTM(...)} and {@code self.fc = nn.Linear(...)}.
     */
    private Model recurrent(ModelSpec spec, CompiledActivation act) {
        Recurrence r = spec.recurrence();
        if (r.permutation() != null) add("permute", new saturn.engine.layer.Permutation(r.permutation()));
        CompiledActivation gate = activations.apply(r.gate());
        saturn.engine.layer.Recurrent rnn = new saturn.engine.layer.Recurrent(spec.kind().cell(), width / r.steps(),
                spec.width(), spec.depth(), r.steps(), r.everyStep(), act.kernel(), gate.kernel(), ops);
        initialize(rnn, spec, rng.split());
        add("rnn", rnn);
        int features = spec.width();   // the read-out sees one state at a time
        Dense fc = new Dense(features, spec.classes(), spec.bias(), ops);
        SplittableRandom fr = rng.split();
        if (r.init() == Recurrence.RecurrentInit.TORCH) {
            float bound = (float) (1 / Math.sqrt(features));
            uniform(fc.weight(), bound, fr);
            if (spec.bias()) uniform(fc.bias(), bound, fr);
        } else {
            weightInit.fill(fc.weight(), features, spec.classes(), fr);
            if (spec.bias()) biasInit.fill(fc.bias(), features, spec.classes(), fr);
        }
        return add("fc", r.everyStep() ? new saturn.engine.layer.Stepwise(fc, r.steps()) : fc).build();
    }

    /** A recurrent stack's weights as the spec's recurrence says (see {@link Recurrence.RecurrentInit}). */
    private void initialize(saturn.engine.layer.Recurrent rnn, ModelSpec spec, SplittableRandom r) {
        Recurrence rec = spec.recurrence();
        int h = rnn.hidden(), gates = rnn.cell().gates();
        for (int l = 0; l < rnn.depth(); l++) {
            int in = rnn.layerInputSize(l);
            float[] wih = rnn.inputWeight(l), whh = rnn.recurrentWeight(l), bih = rnn.inputBias(l), bhh = rnn.recurrentBias(l);
            if (rec.init() == Recurrence.RecurrentInit.TORCH) {
                float bound = (float) (1 / Math.sqrt(h));
                uniform(wih, bound, r);
                uniform(whh, bound, r);
                uniform(bih, bound, r);
                uniform(bhh, bound, r);
            } else {
                float[] block = new float[h * h];
                for (int g = 0; g < gates; g++) {
                    if (rec.init() == Recurrence.RecurrentInit.IDENTITY) {
                        java.util.Arrays.fill(block, 0f);
                        for (int j = 0; j < h; j++) block[j * h + j] = (float) Math.sqrt(spec.sigmaW2());
                    } else {
                        weightInit.fill(block, h, h, r);
                    }
                    System.arraycopy(block, 0, whh, g * h * h, h * h);
                }
                double su = Math.sqrt(rec.sigmaU2() / in);
                for (int i = 0; i < wih.length; i++) wih[i] = (float) (su * r.nextGaussian());
                double sb = Math.sqrt(spec.sigmaB2());
                for (int i = 0; i < bih.length; i++) bih[i] = (float) (sb * r.nextGaussian());
                java.util.Arrays.fill(bhh, 0f);
            }
            // the gate that keeps the old state: the LSTM's forget gate (block 1), the GRU's update gate (block 1)
            if (gates > 1 && rec.gateBias() != 0) {
                for (int j = h; j < 2 * h; j++) bih[j] += (float) rec.gateBias();
            }
        }
    }

    private static void uniform(float[] w, float bound, SplittableRandom r) {
        for (int i = 0; i < w.length; i++) w[i] = (float) ((2 * r.nextDouble() - 1) * bound);
    }

    /** One hidden layer of the spec: weight layer, optional norm, activation, optional dropout. */
    private void hiddenLayer(ModelSpec spec, CompiledActivation act) {
        if (spec.kind() == LayerKind.RBF) {
            rbf(spec.width(), spec.rbfNorm());
        } else {
            switch (spec.norm()) {
                case WEIGHT -> weightNormDense(spec.width(), spec.bias());
                case SCALED_WS -> scaledWSDense(spec.width(), spec.bias());
                default -> dense(spec.width(), spec.bias());
            }
        }
        if (spec.norm() == Normalization.LAYER) layerNorm();
        if (spec.norm() == Normalization.BATCH) batchNorm();
        if (spec.kind() == LayerKind.RBF && spec.learnableScale()) {
            // a·RBF: the identity with the learnable scale after the Gaussian units
            activation(activations.apply(IDENTITY), (float) spec.initialScale());
            if (spec.scaleRegularization() > 0) ((ActivationLayer) layers.getLast()).regularizeScale(spec.scaleRegularization());
        }
        if (spec.kind() == LayerKind.DENSE) {
            if (spec.learnableScale()) {
                activation(act, (float) spec.initialScale());
                if (spec.scaleRegularization() > 0) {
                    ((ActivationLayer) layers.getLast()).regularizeScale(spec.scaleRegularization());
                }
            }
            else activation(act);
        }
        if (spec.dropout() > 0) dropout(spec.dropout());
    }

    public ModelBuilder seed(long seed) {
        this.rng = new SplittableRandom(seed);
        return this;
    }

    /** Initializers for the weight layers added from now on. */
    public ModelBuilder init(Initializer weights, Initializer biases) {
        this.weightInit = weights;
        this.biasInit = biases;
        return this;
    }

    /**
     * How activations are compiled (default: {@link CompiledActivation#of} on this builder's
     * kernels).
     */
    public ModelBuilder activations(Function<Activation, CompiledActivation> compiler) {
        this.activations = compiler;
        return this;
    }

    public ModelBuilder dense(int out) {
        return dense(out, true);
    }

    public ModelBuilder dense(int out, boolean bias) {
        Dense d = new Dense(width, out, bias, ops);
        SplittableRandom r = rng.split();
        weightInit.fill(d.weight(), width, out, r);
        if (bias) biasInit.fill(d.bias(), width, out, r);
        return add(d);
    }

    /** Weight-normalized dense; v from the weight initializer and g = ‖v‖, so w starts equal to v. */
    public ModelBuilder weightNormDense(int out, boolean bias) {
        WeightNormDense d = new WeightNormDense(width, out, bias, ops);
        SplittableRandom r = rng.split();
        weightInit.fill(d.weight(), width, out, r);
        d.initializeGainFromDirection();
        if (bias) biasInit.fill(d.bias(), width, out, r);
        return add(d);
    }

    public ModelBuilder scaledWSDense(int out, boolean bias) {
        ScaledWSDense d = new ScaledWSDense(width, out, bias, ops);
        SplittableRandom r = rng.split();
        weightInit.fill(d.weight(), width, out, r);
        if (bias) biasInit.fill(d.bias(), width, out, r);
        return add(d);
    }

    /** Gaussian RBF units; centres {@code N(0, 1)}, widths {@code √fan_in}. */
    public ModelBuilder rbf(int out) {
        return rbf(out, RbfNorm.NONE);
    }

    /**
     * Gaussian RBF units normalizing their distances as {@code norm} says; centres {@code N(0, 1)}.
     * Widths {@code √fan_in}, or with a normalization the same width relative to the expected
     * squared distance {@code fan_in·(1 + 1)} of standardized inputs to such centres: {@code s² = 1/2}.
     */
    public ModelBuilder rbf(int out, RbfNorm norm) {
        Rbf layer = new Rbf(width, out, norm, ops);
        SplittableRandom r = rng.split();
        float[] c = layer.weight();
        for (int i = 0; i < c.length; i++) c[i] = (float) r.nextGaussian();
        double s2 = norm == RbfNorm.NONE ? width : 0.5;
        java.util.Arrays.fill(layer.logWidth(), (float) (0.5 * Math.log(s2)));
        return add(layer);
    }

    public ModelBuilder activation(Activation a) {
        return activation(activations.apply(a));
    }

    /** {@link #activation(Activation)} of a library name or formula written in code ({@code "tanh"}). */
    public ModelBuilder activation(String nameOrFormula) {
        return activation(Activation.parse(nameOrFormula));
    }

    public ModelBuilder activation(CompiledActivation a) {
        return add(new ActivationLayer(a.kernel(), width, a.maxAbsDerivative(), a.name(), Float.NaN, ops.kernels()));
    }

    /** {@code a·φ} with a learnable a, initially {@code initialScale}. */
    public ModelBuilder activation(CompiledActivation a, float initialScale) {
        return add(new ActivationLayer(a.kernel(), width, a.maxAbsDerivative(), a.name(), initialScale, ops.kernels()));
    }

    public ModelBuilder layerNorm() {
        return add(new LayerNorm(width));
    }

    public ModelBuilder batchNorm() {
        return add(new BatchNorm(width));
    }

    public ModelBuilder dropout(double rate) {
        return add(new Dropout(width, (float) rate, rng.nextLong()));
    }

    /** {@code √(1−w²)·branch(x) + w·x}; the branch must end at the current width. */
    public ModelBuilder residual(double skipWeight, Consumer<ModelBuilder> branch) {
        return add(Residual.normalized(branch(branch), (float) skipWeight));
    }

    /** {@code x + α·branch(x)}, α learnable from 0. */
    public ModelBuilder reZero(Consumer<ModelBuilder> branch) {
        return add(Residual.reZero(branch(branch)));
    }

    /** A highway layer at the current width with H = activation(dense); gate bias −1 (carry). */
    public ModelBuilder highway(CompiledActivation a) {
        return highway(a, -1);
    }

    /** A highway layer at the current width with H = activation(dense) and the given gate bias ({@link HighwayGate}). */
    public ModelBuilder highway(CompiledActivation a, double gateBias) {
        Highway h = new Highway(width, a.kernel(), a.maxAbsDerivative(), a.name(), ops);
        SplittableRandom r = rng.split();
        weightInit.fill(h.gate().weight(), width, width, r);
        weightInit.fill(h.hidden().weight(), width, width, r);
        biasInit.fill(h.hidden().bias(), width, width, r);
        h.initializeGateBias((float) gateBias);
        return add(h);
    }

    public ModelBuilder add(Layer layer) {
        return add(null, layer);
    }

    /**
     * Adds a module under a checkpoint name of its own ({@code rnn}: its parameters are
     * {@code rnn.weight_ih_l0}, ...) instead of {@code layers.i}; null for the default.
     */
    public ModelBuilder add(String name, Layer layer) {
        if (layer.inputSize() != width) {
            throw new IllegalArgumentException(layer.kind() + " takes " + layer.inputSize()
                    + " features but the stack has " + width);
        }
        layers.add(layer);
        names.add(name);
        width = layer.outputSize();
        return this;
    }

    private List<Layer> branch(Consumer<ModelBuilder> body) {
        ModelBuilder sub = new ModelBuilder(width, ops);
        sub.rng = rng.split();
        sub.weightInit = weightInit;
        sub.biasInit = biasInit;
        sub.activations = activations;
        body.accept(sub);
        return sub.layers;
    }

    /** The current number of features at the top of the stack. */
    public int width() {
        return width;
    }

    public Model build() {
        return new Model(layers, names, ops);
    }

}
