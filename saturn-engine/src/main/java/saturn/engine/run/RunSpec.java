package saturn.engine.run;

import java.nio.file.Path;
import java.util.Objects;
import saturn.engine.control.ControlSpec;
import saturn.engine.data.DataSpec;
import saturn.engine.data.Preprocessing;
import saturn.engine.layer.RbfNorm;
import saturn.engine.model.LayerKind;
import saturn.engine.model.Normalization;
import saturn.engine.remedy.InitSpec;
import saturn.engine.remedy.Residual;
import saturn.engine.remedy.TransformSpec;
import saturn.engine.train.Budget;
import saturn.theory.Activation;

/**
 * Everything a training run is made of, as typed values. {@link RunPlan#of} checks that the
 * parts fit together and resolves what is left open.
 *
 * @param dataDir         folder with the MNIST-format files, or null
 * @param autoRemedy      let {@link saturn.engine.remedy.AutoRemedy} choose init, transform and (when
 *                        {@code lr} is open) the learning rate
 * @param init            null: open (auto's choice, or Xavier, or {@code rbf-random} for RBF layers)
 * @param transform       null: open (auto's choice, or none)
 * @param lr              NaN: open (auto's rate, or the optimizer's default)
 * @param evalEvery       0: once per epoch
 * @param checkpointEvery 0: once per epoch
 * @param recurrent       sequences and gates of recurrent layers; null for other layers
 * @param rbfNorm         how RBF layers normalize their squared distances ({@code --rbf-norm}; none for other layers)
 * @param lrLayers        learning-rate factors per hidden layer ({@code --lr-layers})
 * @param control         what the gain controller may do while training ({@code --control})
 */
public record RunSpec(DataSpec data, Path dataDir, Preprocessing preprocess, int depth, int width, Activation activation,
                      LayerKind layer, boolean autoRemedy, InitSpec init, TransformSpec transform, Normalization norm,
                      Residual residual, OptimizerSpec optimizer, double lr, ClipSpec clip, ScheduleSpec schedule, int batch,
                      Budget budget, long seed, int threads, long evalEvery, long diagEvery, long checkpointEvery,
                      RecurrentSpec recurrent, RbfNorm rbfNorm, LayerRates lrLayers, ControlSpec control) {

    public static final int DEFAULT_BATCH = 128;
    public static final int DEFAULT_EPOCHS = 5;
    /**
     * A diagnosed step costs about two plain steps (measured with Adam, batch 128: 20x256 tanh
     * 9.3 -> 17.5 ms, 2x256 1.2 -> 2.5 ms), so every 25th step keeps the cost at 3.5-4% of training.
     */
    public static final long DEFAULT_DIAG_EVERY = 25;

    public RunSpec {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(preprocess, "preprocess");
        Objects.requireNonNull(activation, "activation");
        Objects.requireNonNull(layer, "layer");
        Objects.requireNonNull(norm, "norm");
        Objects.requireNonNull(residual, "residual");
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(clip, "clip");
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(budget, "budget");
        Objects.requireNonNull(rbfNorm, "rbfNorm");
        Objects.requireNonNull(lrLayers, "lrLayers");
        Objects.requireNonNull(control, "control");
        if (layer != LayerKind.RBF && rbfNorm != RbfNorm.NONE) {
            throw new IllegalArgumentException("--rbf-norm " + rbfNorm.id() + " normalizes RBF distances: use it with --layer rbf");
        }
        if (depth < 1 || width < 1 || batch < 1 || threads < 1) {
            throw new IllegalArgumentException("depth, width, batch and threads must be positive: " + depth + ", " + width
                    + ", " + batch + ", " + threads);
        }
        if (evalEvery < 0 || diagEvery < 1 || checkpointEvery < 0) {
            throw new IllegalArgumentException("eval, diagnostics and checkpoint intervals must be positive");
        }
        if (layer.recurrent() != (recurrent != null)) {
            throw new IllegalArgumentException(layer.recurrent() ? "recurrent layers need a sequence spec"
                    : "--sequence, --gate and --gate-bias apply to --layer rnn, gru or lstm");
        }
        if (!(Double.isNaN(lr) || lr > 0)) throw new IllegalArgumentException("--lr must be positive, got " + lr);
    }

    /**
     * A dense MLP of {@code depth} hidden layers of {@code width} units on {@code data}, with
     * every other choice at its default: standardized inputs, Xavier init, no transform, norm
     * or shortcut, Adam at 1e-3, batch 128, 5 epochs, seed 1, all cores.
     */
    public static RunSpec of(DataSpec data, int depth, int width, Activation activation) {
        return new RunSpec(data, null, Preprocessing.STANDARDIZE, depth, width, activation, LayerKind.DENSE, false, null,
                null, Normalization.NONE, Residual.NONE, OptimizerSpec.of("adam"), Double.NaN, ClipSpec.NONE,
                ScheduleSpec.CONSTANT, DEFAULT_BATCH, Budget.ofEpochs(DEFAULT_EPOCHS), 1L,
                Runtime.getRuntime().availableProcessors(), 0, DEFAULT_DIAG_EVERY, 0, null, RbfNorm.NONE, LayerRates.NONE, ControlSpec.NONE);
    }

    /** With {@code --remedy auto}: the theory picks init, transform and learning rate. */
    public RunSpec withAutoRemedy() {
        return new RunSpec(data, dataDir, preprocess, depth, width, activation, layer, true, init, transform, norm,
                residual, optimizer, lr, clip, schedule, batch, budget, seed, threads, evalEvery, diagEvery, checkpointEvery, recurrent, rbfNorm, lrLayers, control);
    }

    public RunSpec withNorm(Normalization n) {
        return new RunSpec(data, dataDir, preprocess, depth, width, activation, layer, autoRemedy, init, transform, n,
                residual, optimizer, lr, clip, schedule, batch, budget, seed, threads, evalEvery, diagEvery, checkpointEvery, recurrent, rbfNorm, lrLayers, control);
    }

    public RunSpec withResidual(Residual r) {
        return new RunSpec(data, dataDir, preprocess, depth, width, activation, layer, autoRemedy, init, transform, norm,
                r, optimizer, lr, clip, schedule, batch, budget, seed, threads, evalEvery, diagEvery, checkpointEvery, recurrent, rbfNorm, lrLayers, control);
    }

    public RunSpec withLayerRates(LayerRates rates) {
        return new RunSpec(data, dataDir, preprocess, depth, width, activation, layer, autoRemedy, init, transform, norm,
                residual, optimizer, lr, clip, schedule, batch, budget, seed, threads, evalEvery, diagEvery, checkpointEvery, recurrent, rbfNorm, rates, control);
    }

    public RunSpec withInit(InitSpec i) {
        return new RunSpec(data, dataDir, preprocess, depth, width, activation, layer, autoRemedy, i, transform, norm,
                residual, optimizer, lr, clip, schedule, batch, budget, seed, threads, evalEvery, diagEvery, checkpointEvery, recurrent, rbfNorm, lrLayers, control);
    }

    public RunSpec withTransform(TransformSpec t) {
        return new RunSpec(data, dataDir, preprocess, depth, width, activation, layer, autoRemedy, init, t, norm,
                residual, optimizer, lr, clip, schedule, batch, budget, seed, threads, evalEvery, diagEvery, checkpointEvery, recurrent, rbfNorm, lrLayers, control);
    }

    public RunSpec withOptimizer(OptimizerSpec o, double learningRate) {
        return new RunSpec(data, dataDir, preprocess, depth, width, activation, layer, autoRemedy, init, transform, norm,
                residual, o, learningRate, clip, schedule, batch, budget, seed, threads, evalEvery, diagEvery, checkpointEvery, recurrent, rbfNorm, lrLayers, control);
    }

    public RunSpec withBudget(Budget b) {
        return new RunSpec(data, dataDir, preprocess, depth, width, activation, layer, autoRemedy, init, transform, norm,
                residual, optimizer, lr, clip, schedule, batch, b, seed, threads, evalEvery, diagEvery, checkpointEvery, recurrent, rbfNorm, lrLayers, control);
    }

    public RunSpec withSeed(long s) {
        return new RunSpec(data, dataDir, preprocess, depth, width, activation, layer, autoRemedy, init, transform, norm,
                residual, optimizer, lr, clip, schedule, batch, budget, s, threads, evalEvery, diagEvery, checkpointEvery, recurrent, rbfNorm, lrLayers, control);
    }

    public RunSpec withThreads(int t) {
        return new RunSpec(data, dataDir, preprocess, depth, width, activation, layer, autoRemedy, init, transform, norm,
                residual, optimizer, lr, clip, schedule, batch, budget, seed, t, evalEvery, diagEvery, checkpointEvery, recurrent, rbfNorm, lrLayers, control);
    }

    /** Test evaluations, diagnostics and checkpoints every so many steps (0: once per epoch, not for diagnostics). */
    public RunSpec withIntervals(long eval, long diag, long checkpoint) {
        return new RunSpec(data, dataDir, preprocess, depth, width, activation, layer, autoRemedy, init, transform, norm,
                residual, optimizer, lr, clip, schedule, batch, budget, seed, threads, eval, diag, checkpoint, recurrent, rbfNorm, lrLayers, control);
    }

    /** Recurrent layers of {@code kind} reading sequences as {@code r} says. */
    public RunSpec withRecurrent(LayerKind kind, RecurrentSpec r) {
        return new RunSpec(data, dataDir, preprocess, depth, width, activation, kind, autoRemedy, init, transform, norm,
                residual, optimizer, lr, clip, schedule, batch, budget, seed, threads, evalEvery, diagEvery, checkpointEvery, r, rbfNorm, lrLayers, control);
    }

    /** RBF layers normalizing their squared distances as {@code n} says. */
    public RunSpec withRbfNorm(RbfNorm n) {
        return new RunSpec(data, dataDir, preprocess, depth, width, activation, layer, autoRemedy, init, transform, norm,
                residual, optimizer, lr, clip, schedule, batch, budget, seed, threads, evalEvery, diagEvery, checkpointEvery,
                recurrent, n, lrLayers, control);
    }

    /** With the gain controller doing what {@code c} says ({@code --control}). */
    public RunSpec withControl(ControlSpec c) {
        return new RunSpec(data, dataDir, preprocess, depth, width, activation, layer, autoRemedy, init, transform, norm,
                residual, optimizer, lr, clip, schedule, batch, budget, seed, threads, evalEvery, diagEvery, checkpointEvery,
                recurrent, rbfNorm, lrLayers, c);
    }
}
