package saturn.engine.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
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
 *
 * <p>Every checkpoint also records the run's options ({@link #recordOptions}); a resumed run
 * whose options differ from those its checkpoint was trained with is refused, since it would
 * not continue the same run.
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
    private Map<String, String> options = Map.of();
    private Set<String> changing = Set.of();
    private Map<String, String> description = Map.of();
    private StepControl control;

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
     * The options, as text by name, that define this run's course (what it is trained with, not
     * where it writes or how many cores it uses): saved with every checkpoint and compared on
     * {@link #resume}.
     *
     * @param changing names whose value may differ from the checkpoint's (a change asked for explicitly)
     */
    public void recordOptions(Map<String, String> options, Set<String> changing) {
        this.options = Map.copyOf(options);
        this.changing = Set.copyOf(changing);
    }

    /**
     * Metadata every weights file carries besides {@code format} and {@code step}: the
     * description of the run that lets a reader rebuild the network without its folder.
     */
    public void describeWeights(Map<String, String> metadata) {
        this.description = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(metadata));
    }

    /** Acts on the network after every diagnosed step ({@code --control}); null for none. */
    public void control(StepControl control) {
        this.control = control;
    }

    /** {@link #resume(Consumer)} without notices. */
    public TrainingPosition resume() throws IOException {
        return resume(line -> { });
    }

    /**
     * Restores the latest checkpoint that can be read (weights, optimizer state, position) and
     * cuts the logs back to it. A checkpoint that cannot be read (a damaged or truncated file,
     * non-finite values) is set aside as {@code *.corrupt} with a notice, and the one before it
     * is tried. Call before {@link #run}.
     *
     * @param notices one line per checkpoint set aside
     * @throws IllegalArgumentException when no checkpoint can be read, the budget ends before it,
     *                                  or the run's options differ from those it was trained with
     */
    public TrainingPosition resume(Consumer<String> notices) throws IOException {
        List<Long> steps = new ArrayList<>(checkpoints.steps());
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("--resume: no complete checkpoint in " + checkpoints.dir());
        }
        List<String> unreadable = new ArrayList<>();
        for (int i = steps.size() - 1; i >= 0; i--) {
            long at = steps.get(i);
            if (at > totalSteps()) {
                throw new IllegalArgumentException("--resume: the run is at step " + at
                        + ", beyond the budget of " + totalSteps() + " steps (" + config.budget() + ")");
            }
            TrainingPosition restored;
            Map<String, String> recorded;
            try {
                restored = checkpoints.restore(at, model, step.optimizerState());
                recorded = checkpoints.options(at);
            } catch (IllegalArgumentException | IOException e) {
                String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                unreadable.add("step " + at + " (" + why + ")");
                checkpoints.setAside(at);
                notices.accept("checkpoint step " + at + " cannot be read, set aside as *" + Checkpoints.CORRUPT + ": " + why);
                continue;
            }
            requireSameOptions(at, recorded);
            if (restored.batchSeed() != config.seed()) {
                throw new IllegalArgumentException("--resume: checkpoint was made with seed " + restored.batchSeed()
                        + ", the configuration says " + config.seed());
            }
            position = restored;
            resumed = true;
            return position;
        }
        throw new IllegalArgumentException("--resume: no checkpoint in " + checkpoints.dir() + " can be read: "
                + String.join("; ", unreadable));
    }

    private void requireSameOptions(long at, Map<String, String> recorded) {
        Map<String, String> differ = new LinkedHashMap<>();
        for (var e : options.entrySet()) {
            String was = recorded.get(e.getKey());
            if (was != null && !was.equals(e.getValue()) && !changing.contains(e.getKey())) differ.put(e.getKey(), was);
        }
        if (differ.isEmpty()) return;
        List<String> parts = new ArrayList<>();
        differ.forEach((k, was) -> parts.add(k + " " + options.get(k) + " (trained with " + was + ")"));
        throw new IllegalArgumentException("--resume: the run's options differ from those of its checkpoint at step " + at
                + ": " + String.join(", ", parts) + "; a resumed run keeps the options it was trained with "
                + "(undo the change, or start a new run)");
    }

    /** Trains until the budget is spent, a stop is requested, or the run diverges. */
    public TrainResult run(StopRequest stop, TrainListener listener) throws IOException {
        long total = totalSteps();
        Files.createDirectories(checkpoints.dir());
        long startNanos = System.nanoTime();
        double wallBase = position.wallSeconds();
        try (RunLog log = resumed ? RunLog.resume(runDir, position.step(), config::evaluates) : RunLog.fresh(runDir)) {
            long lastSaved = position.step();
            if (!resumed) checkpoints.save(model, step.optimizerState(), position, options, description);

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
                    String acted = control == null || !Double.isFinite(loss) ? null : control.act(s, step.lastDiagnostics());
                    DiagnosticsLine d = new DiagnosticsLine(s, step.lastDiagnostics(), acted);
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
                    checkpoints.save(model, step.optimizerState(), position, options, description);
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
                    checkpoints.save(model, step.optimizerState(), position, options, description);
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
