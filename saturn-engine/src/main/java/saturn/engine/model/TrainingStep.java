package saturn.engine.model;

import java.util.List;
import java.util.Map;

import saturn.engine.kernel.Kernels;
import saturn.engine.loss.Loss;
import saturn.engine.loss.Target;
import saturn.engine.optim.CurvatureObserver;
import saturn.engine.optim.GradientTransformation;
import saturn.engine.optim.OptState;
import saturn.engine.tensor.Parameter;
import saturn.engine.tensor.Tensor;

/**
 * One training step: forward, loss, backward (which overwrites every parameter gradient,
 * see {@link saturn.engine.layer.Layer#backward}, so there is no zeroing pass), then the
 * optimizer. Optimizers with a fused kernel ({@link GradientTransformation#step}) update
 * the parameters in one pass over (param, grad, state); the others, and steps run with
 * diagnostics (which need the update itself for {@code update_ratio}), take the composed
 * path: copy the gradients, {@code update}, {@code params += updates}. Both paths give the
 * same bits. An optimizer that measures curvature ({@link CurvatureObserver}: K-FAC) is
 * called between the loss and the backward pass. Allocates nothing in steady state (the loss gradient is sized once per batch
 * size, the update arrays on the first composed step).
 */
public final class TrainingStep {

    private final Model model;
    private final Loss loss;
    private final GradientTransformation optimizer;
    /** The optimizer when it measures curvature (K-FAC), else null: nothing to do on other steps. */
    private final CurvatureObserver curvature;
    private final float[][] params;
    private final float[][] grads;
    private final Kernels kernels;
    private float[][] updates;
    private final OptState state;
    private final Diagnostics diagnostics;
    private final Map<float[], float[]> updateOf = Diagnostics.identityMap();
    private Tensor dOutput;
    private double lastAccuracy = Double.NaN;
    private List<LayerStats> lastDiagnostics = List.of();

    public TrainingStep(Model model, Loss loss, GradientTransformation optimizer) {
        this.model = model;
        this.loss = loss;
        this.optimizer = optimizer;
        this.curvature = optimizer instanceof CurvatureObserver c && c.observesCurvature() ? c : null;
        List<Parameter> trainable = model.trainableParameters();
        int n = trainable.size();
        params = new float[n][];
        grads = new float[n][];
        for (int i = 0; i < n; i++) {
            params[i] = trainable.get(i).data();
            grads[i] = trainable.get(i).grad();
        }
        kernels = model.ops().kernels();
        state = optimizer.init(params);
        diagnostics = new Diagnostics(model);
    }

    /** Runs one step on a batch; returns the mean loss before the update. */
    public double run(Tensor x, Target target) {
        return run(x, target, false);
    }

    /** As {@link #run(Tensor, Target)}; with {@code diagnose}, also fills {@link #lastDiagnostics()}. */
    public double run(Tensor x, Target target, boolean diagnose) {
        Tensor out = model.forward(x);
        dOutput = Tensor.reuse(dOutput, out.rows(), out.cols());
        double value = loss.compute(out, target, dOutput);
        lastAccuracy = loss.lastAccuracy();
        if (curvature != null) curvature.afterForward(out, loss, state);
        model.backward(dOutput);
        if (diagnose || !optimizer.step(params, grads, state, kernels)) composedUpdate();
        if (diagnose) lastDiagnostics = diagnostics.measure(updateOf);
        return value;
    }

    /** The reference path: updates = grads; optimizer.update(updates); params += updates. */
    private void composedUpdate() {
        if (updates == null) {
            updates = new float[params.length][];
            for (int i = 0; i < params.length; i++) {
                updates[i] = new float[params[i].length];
                updateOf.put(params[i], updates[i]);
            }
        }
        for (int i = 0; i < grads.length; i++) System.arraycopy(grads[i], 0, updates[i], 0, grads[i].length);
        optimizer.update(updates, state, params);
        for (int i = 0; i < params.length; i++) kernels.axpy(1f, updates[i], params[i], params[i].length);
    }

    public double lastAccuracy() {
        return lastAccuracy;
    }

    /** Statistics of the last step run with {@code diagnose}, one record per hidden layer. */
    public List<LayerStats> lastDiagnostics() {
        return lastDiagnostics;
    }

    /** The optimizer state (its arrays and counters are what a checkpoint saves). */
    public OptState optimizerState() {
        return state;
    }

    public Model model() {
        return model;
    }
}
