package saturn.engine.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import saturn.engine.Backends;
import saturn.engine.checkpoint.TrainingPosition;
import saturn.engine.data.Dataset;
import saturn.engine.data.Preprocessed;
import saturn.engine.data.Split;
import saturn.engine.calibration.Lsuv;
import saturn.engine.calibration.RbfData;
import saturn.engine.loss.SoftmaxCrossEntropy;
import saturn.engine.model.Model;
import saturn.engine.model.TrainingStep;
import saturn.engine.remedy.InitSpec;
import saturn.engine.remedy.Inits;
import saturn.engine.tensor.Ops;
import saturn.engine.tensor.Tensor;
import saturn.engine.train.Evaluation;
import saturn.engine.train.StopRequest;
import saturn.engine.train.TrainConfig;
import saturn.engine.train.TrainListener;
import saturn.engine.train.TrainResult;
import saturn.engine.train.Trainer;

/**
 * One training run of a {@link RunPlan} on a data set, into a run directory
 * ({@code metrics.jsonl}, {@code diagnostics.jsonl}, {@code checkpoints/}):
 * <pre>{@code
 * RunPlan plan = RunPlan.of(RunSpec.of(DataSpec.parse("synthetic:spirals"), 8, 32, Activation.parse("tanh"))
 *         .withAutoRemedy());
 * TrainingRun run = TrainingRun.open(plan, DataLoader.system().load(plan.spec().data(), null), dir);
 * TrainResult r = run.train(new StopRequest(), TrainListener.none());
 * }</pre>
 * Opening sets the GEMM threads ({@link Backends#setThreads}), preprocesses the data, builds
 * and initializes the model (LSUV and rbf-data calibrate on training data) and the optimizer.
 */
public final class TrainingRun {

    private final RunPlan plan;
    private final Split raw;
    private final Preprocessed data;
    private final Model model;
    private final Trainer trainer;
    private final int batchesPerEpoch;
    private final Lsuv.Result lsuv;
    private final RbfData.Result rbfData;

    private TrainingRun(RunPlan plan, Split raw, Preprocessed data, Model model, Trainer trainer, int batchesPerEpoch,
                        Lsuv.Result lsuv, RbfData.Result rbfData) {
        this.plan = plan;
        this.raw = raw;
        this.data = data;
        this.model = model;
        this.trainer = trainer;
        this.batchesPerEpoch = batchesPerEpoch;
        this.lsuv = lsuv;
        this.rbfData = rbfData;
    }

    /**
     * Prepares a run; nothing is written yet.
     *
     * @param raw    the data set, before preprocessing
     * @param runDir where the logs and checkpoints go
     * @throws saturn.engine.data.DataException when the data cannot be preprocessed
     * @throws IllegalArgumentException when the initialization does not fit the network, or the
     *                                  network does not fit in memory ({@link MemoryEstimate})
     */
    public static TrainingRun open(RunPlan plan, Split raw, Path runDir) {
        RunSpec s = plan.spec();
        Backends.setThreads(s.threads());
        Preprocessed pre = s.preprocess().apply(raw);
        int batchesPerEpoch = (pre.split().train().n() + s.batch() - 1) / s.batch();
        RunPlan p = new RunPlan(new RunSpec(s.data(), s.dataDir(), s.preprocess(), s.depth(), s.width(), s.activation(),
                s.layer(), s.autoRemedy(), s.init(), s.transform(), s.norm(), s.residual(), s.optimizer(), s.lr(), s.clip(),
                s.schedule(), s.batch(), s.budget(), s.seed(), s.threads(),
                s.evalEvery() > 0 ? s.evalEvery() : batchesPerEpoch, s.diagEvery(),
                s.checkpointEvery() > 0 ? s.checkpointEvery() : batchesPerEpoch, s.recurrent(), s.rbfNorm(), s.lrLayers(), s.control()),
                plan.prescription(), plan.transform(), plan.init(), plan.initialScale(), plan.recurrentSetup()).forData(raw.train());
        s = p.spec();

        // before any allocation: a model too large for the heap is one line, not an OutOfMemoryError
        MemoryEstimate.of(p, raw.train().features(), raw.train().classes()).requireFitsHeap();
        Ops ops = new Ops(Backends.gemm(), Backends.kernels());
        Model model = Model.fromSpec(p.modelSpec(raw.train()), ops);
        Dataset train = pre.split().train();
        Lsuv.Result lsuv = s.init().kind() == InitSpec.Kind.LSUV ? lsuv(model, train, s.batch()) : null;
        RbfData.Result rbfData = s.init().kind() == InitSpec.Kind.RBF_DATA ? rbfData(model, train, s.seed()) : null;
        long totalSteps = s.budget().totalSteps(batchesPerEpoch);
        RunControl control = RunControl.of(p, model);
        TrainingStep step = new TrainingStep(model, lossFor(train), control.wrap(p.optimizer(model, totalSteps)));
        TrainConfig config = new TrainConfig(s.batch(), s.seed(), s.budget(), s.evalEvery(), s.diagEvery(), s.checkpointEvery());
        Trainer trainer = new Trainer(step, lossFor(train), p.learningRate(totalSteps), pre.split(), config, runDir);
        trainer.control(control.controller());
        return new TrainingRun(p, raw, pre, model, trainer, batchesPerEpoch, lsuv, rbfData);
    }

    /** The loss a data set's task asks for: cross-entropy per row or per step, or the mean squared error. */
    public static saturn.engine.loss.Loss lossFor(Dataset data) {
        return switch (data.task()) {
            case CLASSES -> new SoftmaxCrossEntropy();
            case REGRESSION -> new saturn.engine.loss.MeanSquaredError();
            case STEP_CLASSES -> new saturn.engine.loss.StepCrossEntropy(data.classes());
        };
    }

    /** The plan with the intervals left at "once per epoch" set from the batches per epoch. */
    public RunPlan plan() {
        return plan;
    }

    public Model model() {
        return model;
    }

    public Trainer trainer() {
        return trainer;
    }

    /** The data set as loaded (its {@link Split#source()} says where from). */
    public Split rawData() {
        return raw;
    }

    public Preprocessed data() {
        return data;
    }

    public int batchesPerEpoch() {
        return batchesPerEpoch;
    }

    public long totalSteps() {
        return trainer.totalSteps();
    }

    /**
     * Continues from the run directory's latest readable checkpoint ({@link Trainer#resume}).
     *
     * @param notices one line per checkpoint that could not be read and was set aside
     * @throws IllegalArgumentException when there is no checkpoint, or it does not fit the plan
     */
    public TrainingPosition resume(java.util.function.Consumer<String> notices) throws IOException {
        return trainer.resume(notices);
    }

    /** {@link #resume(java.util.function.Consumer)} without notices. */
    public TrainingPosition resume() throws IOException {
        return trainer.resume();
    }

    /** Trains until the budget is spent, {@code stop} is requested, or the run diverges. */
    public TrainResult train(StopRequest stop, TrainListener listener) throws IOException {
        return trainer.run(stop, listener);
    }

    /** Test loss and accuracy of the model as it stands. */
    public Evaluation evaluate() {
        return Evaluation.of(model, lossFor(data.split().test()), data.split().test(), plan.spec().batch());
    }

    /**
     * What followed from the plan and the data: {@link RunPlan#derived()}, then the model, the
     * data, the budget, the backends, and what LSUV or rbf-data measured.
     */
    public Map<String, Object> derived() {
        Map<String, Object> derived = plan.derived();
        derived.put("loss", "softmax cross-entropy");
        derived.put("parameter_count", model.parameterCount());
        derived.put("modules", List.of(model.summary().strip().split("\n")));
        derived.put("data_source", raw.source());
        derived.put("train_rows", data.split().train().n());
        derived.put("test_rows", data.split().test().n());
        derived.put("features", data.split().train().features());
        derived.put("classes", data.split().train().classes());
        derived.put("preprocessing", data.stats().summary());
        derived.put("batches_per_epoch", batchesPerEpoch);
        derived.put("total_steps", trainer.totalSteps());
        derived.put("backends", Backends.describe());
        derived.put("java", System.getProperty("java.version"));
        if (lsuv != null) {
            derived.put("lsuv_iterations", lsuv.iterations());
            derived.put("lsuv_variances", lsuv.variances());
        }
        if (rbfData != null) {
            derived.put("rbf_median_widths", rbfData.medianWidths());
            derived.put("rbf_width_factors", rbfData.factors());
            derived.put("rbf_unit_variances", rbfData.variances());
        }
        return derived;
    }

    /** rbf-data on the first {@link Inits#RBF_SAMPLE} training examples (a resumed run then loads its checkpoint). */
    private static RbfData.Result rbfData(Model model, Dataset train, long seed) {
        int rows = Math.min(Inits.RBF_SAMPLE, train.n());
        Tensor x = new Tensor(Arrays.copyOf(train.x(), rows * train.features()), rows, train.features());
        try {
            return RbfData.initialize(model, x, new SplittableRandom(seed));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--init rbf-data: " + e.getMessage(), e);
        }
    }

    /** LSUV on the first training batch (a resumed run then loads its checkpoint over it). */
    private static Lsuv.Result lsuv(Model model, Dataset train, int batch) {
        int rows = Math.min(batch, train.n());
        Tensor x = new Tensor(Arrays.copyOf(train.x(), rows * train.features()), rows, train.features());
        try {
            return Lsuv.calibrate(model, x, Inits.LSUV_TOLERANCE, Inits.LSUV_ITERATIONS);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--init lsuv: " + e.getMessage()
                    + " (use it with --norm none --residual none --layer dense)", e);
        }
    }
}
