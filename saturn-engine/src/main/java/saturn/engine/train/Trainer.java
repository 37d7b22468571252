package saturn.engine.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import saturn.engine.checkpoint.Checkpoints;
import saturn.engine.checkpoint.TrainingPosition;
import saturn.engine.data.BatchIterator;
import saturn.engine.data.Dataset;
import saturn.engine.data.Split;
import saturn.engine.loss.Loss;
import saturn.engine.loss.Target;
import saturn.engine.model.Model;
import saturn.engine.model.TrainingStep;
import saturn.engine.optim.Schedule;
import saturn.engine.tensor.Tensor;

/**
 * Runs the optimizer steps of a run over its training data and records it in the run
 * directory: {@code metrics.jsonl}, {@code diagnostics.jsonl} and {@code checkpoints/}.
 *
 * <p>Within step {@code s} (numbered from 1) the order is: train on the next batch (with
 * diagnostics when scheduled); log the step; log its diagnostics; check for NaN/Inf in the
 * loss, and in the weights on diagnosed and checkpointed steps (then stop, without writing a
 * checkpoint; a pass over the weights every step would cost ~6% of a deep MLP's step, and
 * non-finite weights make the next loss non-finite anyway); evaluate when scheduled or
 * last; checkpoint when scheduled or last; then honour a {@link StopRequest} by saving a
 * checkpoint. Because the batch order depends only on (seed, epoch), and every line of a
 * step is written before its checkpoint, a run resumed from checkpoint {@code s} (with the
 * log lines after {@code s} removed) writes exactly the lines an uninterrupted run would.
 */
public final class Trainer {

    private final Model model;
    private final TrainingStep step;
    private final Loss evalLoss;
    private final Schedule lr;
    private final Split data;
    private final TrainConfig config;
    private final Path runDir;
    private final Checkpoints checkpoints;
    private TrainingPosition position;
    private boolean resumed;

    /**
     * @param step     the model's training step (model, loss, optimizer)
     * @param evalLoss the loss for test evaluations (a separate instance of the training loss)
     * @param lr       the optimizer's learning-rate schedule, for the logs
     * @param data     training and test sets, preprocessed
     * @param runDir   the run directory (must exist)
     */
    public Trainer(TrainingStep step, Loss evalLoss, Schedule lr, Split data, TrainConfig config, Path runDir) {
        this.model = step.model();
        this.step = step;
        this.evalLoss = evalLoss;
        this.lr = lr;
        this.data = data;
        this.config = config;
        this.runDir = runDir;
        this.checkpoints = new Checkpoints(runDir.resolve("checkpoints"));
        this.position = TrainingPosition.start(config.seed());
    }

    public Checkpoints checkpoints() {
        return checkpoints;
    }

    /** Optimizer steps of the whole budget. */
    public long totalSteps() {
        return config.budget().totalSteps(batchesPerEpoch());
    }

    public int batchesPerEpoch() {
        return (data.train().n() + config.batch() - 1) / config.batch();
    }

    /**
     * Restores the latest complete checkpoint (weights, optimizer state, position) and cuts
     * the logs back to it. Call before {@link #run}.
     *
     * @throws IllegalArgumentException when there is no checkpoint, or the budget ends before it
     */
    public TrainingPosition resume() throws IOException {
        OptionalLong latest = checkpoints.latest();
        if (latest.isEmpty()) {
            throw new IllegalArgumentException("--resume: no complete checkpoint in " + checkpoints.dir());
        }
        if (latest.getAsLong() > totalSteps()) {
            throw new IllegalArgumentException("--resume: the run is at step " + latest.getAsLong()
                    + ", beyond the budget of " + totalSteps() + " steps (" + config.budget() + ")");
        }
        position = checkpoints.restore(latest.getAsLong(), model, step.optimizerState());
        if (position.batchSeed() != config.seed()) {
            throw new IllegalArgumentException("--resume: checkpoint was made with seed " + position.batchSeed()
                    + ", the configuration says " + config.seed());
        }
        resumed = true;
        return position;
    }

    /** Trains until the budget is spent, a stop is requested, or the run diverges. */
    public TrainResult run(StopRequest stop, TrainListener listener) throws IOException {
        long total = totalSteps();
        Files.createDirectories(checkpoints.dir());
        long startNanos = System.nanoTime();
        double wallBase = position.wallSeconds();
        try (RunLog log = resumed ? RunLog.resume(runDir, position.step(), config::evaluates) : RunLog.fresh(runDir)) {
            long lastSaved = position.step();
            if (!resumed) checkpoints.save(model, step.optimizerState(), position);

            Dataset train = data.train();
            int batch = config.batch();
            int features = train.features();
            BatchIterator batches = new BatchIterator(train, batch, config.seed());
            batches.startEpoch(position.epoch());
            batches.seek(position.batch());
            float[] xs = new float[batch * features];
            int[] ys = new int[batch];
            float[] ts = train.targets() == null ? null : new float[batch * train.targetWidth()];
            Tensor full = new Tensor(xs, batch, features);
            Tensor partial = null;
            Target target = ts == null ? Target.labels(ys) : Target.values(ts);
            double best = position.bestTestAccuracy();
            double vanishing = position.vanishingFactor();
            long s = position.step();
            Evaluation last = null;

            while (s < total && !stop.requested()) {
                if (!batches.hasNext()) batches.startEpoch(batches.epoch() + 1);
                int epoch = batches.epoch();
                int rows = batches.next(xs, ys, ts);
                Tensor x = full;
                if (rows < batch) {
                    if (partial == null || partial.rows() != rows) partial = Tensor.matrix(rows, features);
                    System.arraycopy(xs, 0, partial.data(), 0, rows * features);
                    x = partial;
                }
                s++;
                boolean diagnose = config.diagnoses(s);
                double rate = lr.at(s - 1);
                double loss = step.run(x, target, diagnose);
                double wall = wallBase + (System.nanoTime() - startNanos) * 1e-9;
                TrainLine line = new TrainLine(s, epoch, loss, step.lastAccuracy(), rate, wall);
                log.metrics(line.toJson());
                if (diagnose) {
                    DiagnosticsLine d = new DiagnosticsLine(s, step.lastDiagnostics());
                    vanishing = d.vanishingFactor();
                    log.diagnostics(d.toJson());
                }
                // the loss every step; the weights (a pass over all of them) before anything that
                // saves or reports them: NaN/Inf weights also turn the next step's loss non-finite
                boolean saving = config.checkpoints(s) || s == total || stop.requested();
                if (!Double.isFinite(loss) || ((diagnose || saving) && !Divergence.finite(model))) {
                    log.flush();
                    Divergence div = new Divergence(s, loss, Divergence.locate(model, loss), lastSaved);
                    return new TrainResult(TrainResult.Status.DIVERGED, checkpoints.position(lastSaved),
                            null, best, div, total);
                }
                boolean scheduled = config.evaluates(s);
                if (scheduled || s == total) {
                    last = Evaluation.of(model, evalLoss, data.test(), batch);
                    if (scheduled) best = maxIgnoringNaN(best, last.accuracy());
                    log.metrics(new EvalLine(s, last.loss(), last.accuracy()).toJson());
                }
                // the next batch: position() rounds down after a partial last batch, so say "next epoch" explicitly
                boolean epochDone = !batches.hasNext();
                position = new TrainingPosition(s, epochDone ? epoch + 1 : epoch, epochDone ? 0 : batches.position(),
                        config.seed(), best, wall, vanishing);
                if (saving) {
                    log.flush();
                    checkpoints.save(model, step.optimizerState(), position);
                    lastSaved = s;
                }
                listener.onStep(line, total, vanishing);
            }
            log.flush();
            if (s < total) {
                if (lastSaved != s) {
                    if (!Divergence.finite(model)) {
                        Divergence div = new Divergence(s, Double.NaN, Divergence.locate(model, 0.0), lastSaved);
                        return new TrainResult(TrainResult.Status.DIVERGED, checkpoints.position(lastSaved), null, best,
                                div, total);
                    }
                    checkpoints.save(model, step.optimizerState(), position);
                }
                return new TrainResult(TrainResult.Status.STOPPED, position, null, best, null, total);
            }
            if (last == null) {   // resumed at the end of the budget: evaluate again, log nothing new
                last = Evaluation.of(model, evalLoss, data.test(), batch);
            }
            return new TrainResult(TrainResult.Status.COMPLETED, position, last,
                    maxIgnoringNaN(best, last.accuracy()), null, total);
        }
    }

    private static double maxIgnoringNaN(double a, double b) {
        if (Double.isNaN(a)) return b;
        if (Double.isNaN(b)) return a;
        return Math.max(a, b);
    }
}
