package saturn.engine.model;

import java.util.List;
import java.util.Map;

import saturn.engine.kernel.Kernels;
import saturn.engine.loss.Loss;
import saturn.engine.loss.Target;
import saturn.engine.optim.GradientPoint;
import saturn.engine.optim.GradientProbe;
import saturn.engine.optim.GradientTransformation;
import saturn.engine.optim.OptState;
import saturn.engine.tensor.Parameter;
import saturn.engine.tensor.Tensor;

/**
 * One training step: forward, loss, backward (which overwrites every parameter gradient,
 * see {@link saturn.engine.layer.Layer#backward}, so there is no zeroing pass), then the
 * optimizer. Optimizers with a per-parameter fused kernel ({@link GradientTransformation#beginStep})
 * update each module's parameters inside the backward pass, right after that module's
 * backward, while its weights and fresh gradients are still in cache (at depth 100 × width
 * 256 the weights, gradients and Adam moments are 100 MB: a separate update pass streams them
 * all from memory again). Optimizers with only a whole-model fused kernel
 * ({@link GradientTransformation#step}) update after the backward pass in one pass over
 * (param, grad, state); the others, and steps run with
 * diagnostics (which need the update itself for {@code update_ratio}), take the composed
 * path: copy the gradients, {@code update}, {@code params += updates}. Both paths give the
 * same bits. An optimizer that measures curvature ({@link CurvatureObserver}: K-FAC) is
 * called between the loss and the backward pass; one whose gradient point is not its result
 * ({@link GradientPoint}: Schedule-Free) moves the parameters to its gradient point before the
 * forward pass, and its update leaves the result in them; one that reads a second gradient of
 * the batch ({@link GradientProbe}: vSGD) gets it before the step's own passes. Allocates nothing in steady state (the loss gradient is sized once per batch
 * size, the update arrays on the first composed step).
 */
public final class TrainingStep {

    private final Model model;
    private final Loss loss;
    private final GradientTransformation optimizer;
    /** The optimizer when it measures curvature (K-FAC), else null: nothing to do on other steps. */
    private final CurvatureObserver curvature;
    /** The optimizer's gradient point when it is not its result (Schedule-Free), else null. */
    private final GradientPoint gradientPoint;
    /** The optimizer when it reads a second gradient of each batch (vSGD), else null. */
    private final GradientProbe probe;
    private final float[][] params;
    private final float[][] grads;
    private final Kernels kernels;
    private float[][] updates;
    private final OptState state;
    private final Diagnostics diagnostics;
    private final Map<float[], float[]> updateOf = Diagnostics.identityMap();
    private Tensor dOutput;
    /** Per module: its first trainable parameter's index and one past its last. */
    private final int[] firstParam;
    private final int[] endParam;
    /** The fused step of the backward pass under way, and the lowest parameter index it has updated. */
    private GradientTransformation.ParameterStep inBackward;
    private int updatedFrom;
    private final ModuleUpdates afterModule = new ModuleUpdates();
    /** Per module: its update a band of rows at a time, or null when its parameters are not all row-shaped alike. */
    private final RowsUpdate[] rowsUpdates;
    private double lastAccuracy = Double.NaN;
    private List<LayerStats> lastDiagnostics = List.of();

    public TrainingStep(Model model, Loss loss, GradientTransformation optimizer) {
        this.model = model;
        this.loss = loss;
        this.optimizer = optimizer;
        this.curvature = CurvatureObserver.find(optimizer);
        this.gradientPoint = GradientPoint.find(optimizer);
        this.probe = GradientProbe.find(optimizer);
        List<Parameter> trainable = model.trainableParameters();
        int n = trainable.size();
        params = new float[n][];
        grads = new float[n][];
        for (int i = 0; i < n; i++) {
            params[i] = trainable.get(i).data();
            grads[i] = trainable.get(i).grad();
        }
        kernels = model.ops().kernels();
        List<saturn.engine.layer.Layer> layers = model.layers();
        firstParam = new int[layers.size()];
        endParam = new int[layers.size()];
        for (int i = 0, p = 0; i < layers.size(); i++) {
            firstParam[i] = p;
            for (Parameter q : layers.get(i).parameters()) if (q.trainable()) p++;
            endParam[i] = p;
        }
        if (endParam[layers.size() - 1] != n) throw new IllegalStateException("modules hold " + endParam[layers.size() - 1]
                + " trainable parameters, the model lists " + n);
        // a module whose trainable parameters all have one row per output unit can be updated a band
        // of rows at a time (a dense layer: weight [out, in], bias [out])
        rowsUpdates = new RowsUpdate[layers.size()];
        for (int i = 0; i < layers.size(); i++) {
            if (endParam[i] == firstParam[i]) continue;
            int rows = trainable.get(firstParam[i]).shape()[0];
            boolean banded = true;
            for (int p = firstParam[i]; p < endParam[i]; p++) banded &= trainable.get(p).shape()[0] == rows;
            if (banded) rowsUpdates[i] = new RowsUpdate(i, trainable, firstParam[i], endParam[i], rows);
        }
        state = optimizer.init(params);
        diagnostics = new Diagnostics(model);
    }

    /** Runs one step on a batch; returns the mean loss before the update. */
    public double run(Tensor x, Target target) {
        return run(x, target, false);
    }

    /** As {@link #run(Tensor, Target)}; with {@code diagnose}, also fills {@link #lastDiagnostics()}. */
    public double run(Tensor x, Target target, boolean diagnose) {
        if (gradientPoint != null) gradientPoint.toGradientPoint(params, state);
        if (probe != null) probe(x, target);
        Tensor out = model.forward(x);
        dOutput = Tensor.reuse(dOutput, out.rows(), out.cols());
        double value = loss.compute(out, target, dOutput);
        lastAccuracy = loss.lastAccuracy();
        if (curvature != null) curvature.afterForward(out, loss, state);
        GradientTransformation.ParameterStep fused = diagnose ? null : optimizer.beginStep(state);
        if (fused != null) {
            inBackward = fused;
            updatedFrom = params.length;
            model.backward(dOutput, afterModule);
            for (int p = 0; p < updatedFrom; p++) fused.apply(p, params[p], grads[p], kernels);   // modules not reached
            fused.finish(kernels);
            inBackward = null;
        } else {
            model.backward(dOutput);
            if (diagnose || !optimizer.step(params, grads, state, kernels)) composedUpdate();
        }
        if (diagnose) lastDiagnostics = diagnostics.measure(updateOf);
        return value;
    }

    /**
     * The probe's gradient of this batch at displaced weights, before the step's own passes (so
     * that the buffers they leave, which diagnostics read, are the step's); on a step whose
     * probe needs the batch's gradient at the weights themselves, one more pass first.
     */
    private void probe(Tensor x, Target target) {
        if (probe.needsGradient(state)) gradients(x, target);
        probe.moveOut(params, grads, state);
        gradients(x, target);
        probe.moveBack(params, grads, state);
    }

    /** The batch's gradients at the current weights, into the parameters' gradient arrays. */
    private void gradients(Tensor x, Target target) {
        Tensor out = model.forward(x);
        dOutput = Tensor.reuse(dOutput, out.rows(), out.cols());
        loss.compute(out, target, dOutput);
        model.backward(dOutput);
    }

    /** The fused step's hooks into the backward pass. */
    private final class ModuleUpdates implements ModuleUpdate {
        @Override
        public void accept(int i) {
            updateModule(i);
        }

        /** Band by band when the step {@link GradientTransformation.ParameterStep#appliesRanges applies ranges}. */
        @Override
        public saturn.engine.blas.Gemm.Epilogue rowsOf(int i) {
            RowsUpdate u = rowsUpdates[i];
            if (u == null || !inBackward.appliesRanges()) return null;
            updatedFrom = Math.min(updatedFrom, firstParam[i]);
            return u;
        }
    }

    /** A module's update, rows {@code [r0, r1)} of each of its parameters at a time. */
    private final class RowsUpdate implements saturn.engine.blas.Gemm.Epilogue {
        private final int module, first, end;
        /** Per parameter of the module: the elements of one row. */
        private final int[] rowLength;

        RowsUpdate(int module, List<Parameter> trainable, int first, int end, int rows) {
            this.module = module;
            this.first = first;
            this.end = end;
            rowLength = new int[end - first];
            for (int p = first; p < end; p++) rowLength[p - first] = trainable.get(p).size() / rows;
        }

        @Override
        public void rows(int r0, int r1) {
            for (int p = first; p < end; p++) {
                int len = rowLength[p - first];
                inBackward.applyRange(p, params[p], grads[p], r0 * len, r1 * len, kernels);
            }
        }

        @Override
        public void all(int m) {
            updateModule(module);
        }
    }

    /** Inside the backward pass: module {@code i}'s gradients are final, update its parameters. */
    private void updateModule(int i) {
        for (int p = firstParam[i]; p < endParam[i]; p++) inBackward.apply(p, params[p], grads[p], kernels);
        updatedFrom = Math.min(updatedFrom, firstParam[i]);
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
