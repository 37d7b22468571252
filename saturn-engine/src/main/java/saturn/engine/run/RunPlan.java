package saturn.engine.run;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import saturn.engine.control.ControlSpec;
import saturn.engine.model.LayerKind;
import saturn.engine.model.Model;
import saturn.engine.model.ModelSpec;
import saturn.engine.model.Recurrence;
import saturn.engine.model.Normalization;
import saturn.engine.model.Shortcut;
import saturn.engine.optim.GradientTransformation;
import saturn.engine.optim.Schedule;
import saturn.engine.remedy.AutoRemedy;
import saturn.engine.remedy.InitSpec;
import saturn.engine.remedy.Inits;
import saturn.engine.remedy.Prescription;
import saturn.engine.remedy.SolvedTransform;
import saturn.engine.remedy.TransformSpec;
import saturn.engine.remedy.Transforms;
import saturn.engine.remedy.WeightInit;
import saturn.theory.Activation;

/**
 * A {@link RunSpec} checked and resolved before any data is loaded: the remedy applied, the
 * transform solved, the initializer's variances computed, the learning rate fixed.
 *
 * @param spec         the spec with init, transform and lr resolved
 * @param prescription what {@code autoRemedy} chose, null without it
 * @param initialScale a0 of {@code scale}, NaN for other transforms
 */
public record RunPlan(RunSpec spec, Prescription prescription, SolvedTransform transform, WeightInit init,
                      double initialScale, saturn.engine.remedy.RecurrentRemedy.Setup recurrentSetup) {

    /** A plan without recurrent layers. */
    public RunPlan(RunSpec spec, Prescription prescription, SolvedTransform transform, WeightInit init, double initialScale) {
        this(spec, prescription, transform, init, initialScale, null);
    }

    /** The activation RBF layers compute. */
    private static final Activation GAUSS = Activation.parse("gauss");

    /**
     * Checks and resolves a spec.
     *
     * @throws IllegalArgumentException with one line on what does not fit (nothing has been written)
     */
    public static RunPlan of(RunSpec spec) {
        if (spec.layer().recurrent()) return recurrent(spec);
        RunSpec s = spec.withResidual(spec.residual().resolve(spec.depth()));
        boolean rbf = s.layer() == LayerKind.RBF;
        Prescription p = s.autoRemedy()
                ? AutoRemedy.prescribe(s.activation(), s.depth(), s.layer(), s.residual(), s.optimizer().defaultLr())
                : null;
        if (p != null) {
            agree("init", s.init() == null ? null : s.init().id(), p.init().id());
            agree("transform", s.transform() == null ? null : s.transform().id(), p.transform().id());
        }
        TransformSpec transformSpec = p != null ? p.transform() : s.transform() != null ? s.transform() : TransformSpec.NONE;
        if (rbf) rbfFits(s, transformSpec);
        SolvedTransform transform = Transforms.solve(transformSpec, s.activation(), s.depth(), s.residual());
        InitSpec initSpec = p != null ? p.init() : s.init() != null ? s.init()
                : InitSpec.of(rbf ? InitSpec.Kind.RBF_RANDOM : InitSpec.Kind.XAVIER);
        if (initSpec.forRecurrent()) {
            throw new IllegalArgumentException("--init " + initSpec.id() + " initializes recurrent layers: use it with --layer rnn, gru or lstm");
        }
        if (rbf != initSpec.forRbf()) {
            throw new IllegalArgumentException(rbf
                    ? "--layer rbf takes --init rbf-data or rbf-random (got '" + initSpec.id() + "')"
                    : "--init " + initSpec.id() + " initializes RBF layers: use it with --layer rbf");
        }
        WeightInit init = Inits.resolve(initSpec, transform.network(), s.depth());
        if (transformSpec.kind() == TransformSpec.Kind.SCALE && s.layer() != LayerKind.DENSE && !rbf) {
            throw new IllegalArgumentException("--transform scale (learnable a*phi) applies to dense and RBF layers: use it with --layer dense or rbf");
        }
        // a·RBF starts as the RBF layer itself unless a0 is given: no edge of chaos to put it at
        double a0 = rbf && transformSpec.kind() == TransformSpec.Kind.SCALE
                ? (Double.isNaN(transformSpec.initialScale()) ? 1.0 : transformSpec.initialScale())
                : Transforms.initialScale(transformSpec, transform.network(), init);
        if (rbf && !s.activation().formula().equals(GAUSS.formula())) {
            throw new IllegalArgumentException("--layer rbf computes Gaussian units exp(-|x - c|^2/(2 s^2)); leave out "
                    + "--activation (or give gauss), got '" + s.activation().name() + "'");
        }
        if (initSpec.kind() == InitSpec.Kind.LSUV
                && !(s.norm() == Normalization.NONE && s.residual().shortcut() == Shortcut.NONE && !rbf)) {
            throw new IllegalArgumentException("--init lsuv calibrates plain dense chains only: use it with --norm none, "
                    + "--residual none, --layer dense");
        }
        double lr = !Double.isNaN(s.lr()) ? s.lr() : p != null && !s.optimizer().setsOwnStep() ? p.learningRate()
                : s.optimizer().defaultLr();
        if (s.schedule().kind() != ScheduleSpec.Kind.CONSTANT && !s.optimizer().schedulable()) {
            throw new IllegalArgumentException("--schedule " + s.schedule().id() + ": rprop has no learning rate to schedule "
                    + "(--lr is its initial step; the steps adapt per weight); use --schedule constant");
        }
        probeFits(s);
        checkLayerRates(s);
        checkControl(s);
        RunSpec resolved = new RunSpec(s.data(), s.dataDir(), s.preprocess(), s.depth(), s.width(), s.activation(), s.layer(),
                s.autoRemedy(), initSpec, transformSpec, s.norm(), s.residual(), s.optimizer(), lr, s.clip(), s.schedule(),
                s.batch(), s.budget(), s.seed(), s.threads(), s.evalEvery(), s.diagEvery(), s.checkpointEvery(), null, s.rbfNorm(), s.lrLayers(), s.control());
        return new RunPlan(resolved, p, transform, init, a0);
    }

    /** What RBF layers take besides their init: the transforms and norms whose maths holds for distances. */
    private static void rbfFits(RunSpec s, TransformSpec transform) {
        if (!transform.keepsActivation()) {
            throw new IllegalArgumentException("--transform " + transform.id() + " reshapes phi for Gaussian pre-activations; RBF "
                    + "units see squared distances, so --layer rbf takes --transform none or scale (normalize the distances with --rbf-norm)");
        }
        if (s.norm() == Normalization.WEIGHT || s.norm() == Normalization.SCALED_WS) {
            throw new IllegalArgumentException("--norm " + s.norm().name().toLowerCase(java.util.Locale.ROOT).replace("scaled_ws", "ws")
                    + " re-parametrizes dense weights; RBF layers have centres: normalize their distances with --rbf-norm");
        }
        if (s.rbfNorm() == saturn.engine.layer.RbfNorm.RUNNING && s.optimizer().probes()) {
            throw new IllegalArgumentException("--optimizer vsgd takes a second gradient of each batch, which would update "
                    + "--rbf-norm running's input statistics: use --rbf-norm none or example");
        }
    }

    /**
     * vSGD takes each batch's gradient a second time, at displaced weights: its curvature is the
     * difference of the two, so both must be the same function of the weights — no clipping of
     * one of them, no batch statistics (BatchNorm's running averages would take the extra pass).
     */
    /** What {@code --lr-layers} can be told: one factor per hidden layer; {@code theory} for an MLP of φ; no second gradient. */
    private static void checkLayerRates(RunSpec s) {
        LayerRates r = s.lrLayers();
        if (r.kind() == LayerRates.Kind.NONE) return;
        if (s.optimizer().probes()) {
            throw new IllegalArgumentException("--lr-layers and --optimizer " + s.optimizer().id()
                    + " do not go together: vSGD sets a step for every parameter from its own statistics");
        }
        if (r.kind() == LayerRates.Kind.LIST) r.forDepth(s.depth(), 1);
        if (r.kind() == LayerRates.Kind.THEORY && (s.layer() != LayerKind.DENSE)) {
            throw new IllegalArgumentException("--lr-layers theory reads the mean field of dense layers; give list:M1,... for --layer "
                    + s.layer().name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    /** What the gain controller can act on: gains of chain layers; no second gradient for its factors and penalty. */
    private static void checkControl(RunSpec s) {
        ControlSpec c = s.control();
        if (!c.enabled()) return;
        if (s.optimizer().probes() && (c.lr() || c.isometry())) {
            throw new IllegalArgumentException("--control " + c.id() + " and --optimizer " + s.optimizer().id()
                    + " do not go together: vSGD sets a step for every parameter from its own statistics (use --control gain)");
        }
        if (!c.gain()) return;
        if (s.layer().recurrent()) {
            throw new IllegalArgumentException("--control gain steers the output gain a of a*phi, which recurrent cells do not have: "
                    + "use --control lr or iso with --layer " + s.layer().name().toLowerCase(java.util.Locale.ROOT));
        }
        if (s.residual().shortcut() != Shortcut.NONE) {
            throw new IllegalArgumentException("--control gain steers the gains of a chain of layers; with --residual the backward "
                    + "gain is carried by the shortcut (its skip weight): use --control lr or iso");
        }
        if (s.norm() == Normalization.BATCH) {
            throw new IllegalArgumentException("--control gain and --norm batch do not go together: BatchNorm is the baseline "
                    + "that the controller replaces (use --norm none, layer, weight or ws)");
        }
        if (s.optimizer().name().equals("schedulefree")) {
            throw new IllegalArgumentException("--control gain changes weights between steps; Schedule-Free keeps its own copies "
                    + "of them (y and z) that would not follow: use --control lr or iso, or another optimizer");
        }
    }

    private static void probeFits(RunSpec s) {
        if (!s.optimizer().probes()) return;
        if (s.clip().kind() != ClipSpec.Kind.NONE) {
            throw new IllegalArgumentException("--optimizer vsgd reads its curvature from two gradients of each batch: "
                    + "it takes no --clip");
        }
        if (s.norm() == Normalization.BATCH) {
            throw new IllegalArgumentException("--optimizer vsgd takes a second gradient of each batch, which would update "
                    + "BatchNorm's running statistics: use another --norm (none, layer, weight, ws)");
        }
    }

    /** The inits recurrent layers take. */
    private static final java.util.Set<InitSpec.Kind> RECURRENT_INITS = java.util.EnumSet.of(InitSpec.Kind.TORCH,
            InitSpec.Kind.IDENTITY, InitSpec.Kind.GAUSSIAN, InitSpec.Kind.ORTHOGONAL, InitSpec.Kind.UNIFORM,
            InitSpec.Kind.XAVIER, InitSpec.Kind.HE, InitSpec.Kind.LECUN, InitSpec.Kind.CRITICAL);

    /** {@link #of} for recurrent layers: what they take, checked; what depends on the horizon waits for the data ({@link #forData}). */
    private static RunPlan recurrent(RunSpec s) {
        String layer = "--layer " + s.layer().name().toLowerCase(java.util.Locale.ROOT);
        checkLayerRates(s);
        checkControl(s);
        if (s.transform() != null && !java.util.Set.of(TransformSpec.Kind.NONE, TransformSpec.Kind.TAT, TransformSpec.Kind.DKS,
                TransformSpec.Kind.NORMALIZE).contains(s.transform().kind())) {
            throw new IllegalArgumentException("--transform " + s.transform().id() + ": " + layer
                    + " takes none, normalize, or tat / dks (solved over the horizon, vanilla recurrences only)");
        }
        if (s.transform() != null && s.layer() != LayerKind.RNN
                && (s.transform().kind() == TransformSpec.Kind.TAT || s.transform().kind() == TransformSpec.Kind.DKS)) {
            throw new IllegalArgumentException("--transform " + s.transform().id() + " is solved for vanilla recurrences; "
                    + layer + " takes --transform none (its remedy is the gate bias: --init critical)");
        }
        if (s.norm() != Normalization.NONE || s.residual().shortcut() != Shortcut.NONE) {
            throw new IllegalArgumentException(layer + " takes no --norm or --residual");
        }
        InitSpec initSpec = s.init() != null ? s.init() : s.autoRemedy() ? null : InitSpec.of(InitSpec.Kind.TORCH);
        if (initSpec != null && !RECURRENT_INITS.contains(initSpec.kind())) {
            throw new IllegalArgumentException(layer + " takes --init torch (default), critical[:SB2], identity[:GAIN], "
                    + "orthogonal[:GAIN], gaussian:SW2[,SB2], uniform[:SW2], xavier, he or lecun; got '" + initSpec.id() + "'");
        }
        if (s.layer() == LayerKind.RNN && s.recurrent().gateBias() != 0) {
            throw new IllegalArgumentException("--gate-bias sets the LSTM's forget or the GRU's update gate; " + layer + " has no gate");
        }
        if (s.schedule().kind() != ScheduleSpec.Kind.CONSTANT && !s.optimizer().schedulable()) {
            throw new IllegalArgumentException("--schedule " + s.schedule().id() + ": rprop has no learning rate to schedule; "
                    + "use --schedule constant");
        }
        probeFits(s);
        SolvedTransform keep = Transforms.solve(TransformSpec.NONE, s.activation(), 1, s.residual());
        return new RunPlan(s, null, keep, Inits.resolve(InitSpec.of(InitSpec.Kind.TORCH), s.activation(), 1), Double.NaN, null);
    }

    /**
     * The plan for this training set. Recurrent layers learn their horizon T (the time steps of
     * a row) here and solve what depends on it: {@code --remedy auto}'s choice, the horizon
     * transform, the critical init, the learning rate for the horizon. Other plans are returned
     * as they are.
     *
     * @throws IllegalArgumentException with one line when the rows do not split into steps or the theory has no solution
     */
    public RunPlan forData(saturn.engine.data.Dataset train) {
        return forShape(train.features(), train.stepFeatures());
    }

    /** {@link #forData} for rows of {@code features} values, {@code stepFeatures} a step when the data say (else 0). */
    public RunPlan forShape(int features, int stepFeatures) {
        if (!spec.layer().recurrent()) return this;
        int steps = spec.recurrent().sequence().steps(features, stepFeatures);
        return forSteps(steps, features / steps);
    }

    /** {@link #forData} for rows of {@code steps} steps of {@code in} inputs. */
    public RunPlan forSteps(int steps, int in) {
        if (!spec.layer().recurrent()) return this;
        RunSpec s = spec;
        Prescription p = null;
        InitSpec initSpec = s.init() != null ? s.init() : InitSpec.of(InitSpec.Kind.TORCH);
        TransformSpec transformSpec = s.transform() != null ? s.transform() : TransformSpec.NONE;
        if (s.autoRemedy()) {
            p = saturn.engine.remedy.RecurrentRemedy.prescribe(s.layer(), s.activation(), s.recurrent().gate(), steps,
                    s.width(), in, s.optimizer().defaultLr());
            agree("init", s.init() == null ? null : s.init().id(), p.init().id());
            agree("transform", s.transform() == null ? null : s.transform().id(), p.transform().id());
            initSpec = p.init();
            transformSpec = p.transform();
        }
        saturn.engine.remedy.RecurrentRemedy.Setup setup = saturn.engine.remedy.RecurrentRemedy.setup(s.layer(),
                s.activation(), s.recurrent().gate(), initSpec, transformSpec, steps, s.width(), in, s.recurrent().gateBias(), p);
        double lr = !Double.isNaN(s.lr()) ? s.lr() : p != null && !s.optimizer().setsOwnStep() ? p.learningRate()
                : s.optimizer().defaultLr();
        RunSpec resolved = new RunSpec(s.data(), s.dataDir(), s.preprocess(), s.depth(), s.width(), s.activation(), s.layer(),
                s.autoRemedy(), initSpec, transformSpec, s.norm(), s.residual(), s.optimizer(), lr, s.clip(), s.schedule(),
                s.batch(), s.budget(), s.seed(), s.threads(), s.evalEvery(), s.diagEvery(), s.checkpointEvery(), s.recurrent(), s.rbfNorm(), s.lrLayers(), s.control());
        return new RunPlan(resolved, p, setup.transform(), setup.recurrent(), Double.NaN, setup);
    }

    /** The seed of a permuted sequence's fixed order, drawn from the run's seed. */
    private static long permutationSeed(long seed) {
        return new java.util.SplittableRandom(seed).split().nextLong();
    }

    /** Auto's choice must match a given value, so that a run's stored options resolve to the same run again. */
    private static void agree(String key, String given, String chosen) {
        if (given != null && !given.equals(chosen)) {
            throw new IllegalArgumentException("--remedy auto chooses --" + key + " " + chosen + " here; leave out --" + key
                    + " " + given + " (or drop --remedy auto)");
        }
    }

    /** The activation the network computes: φ̂ of the transform, or the user's φ. */
    public Activation networkActivation() {
        return transform.network();
    }

    /** The MLP for inputs of this size and this many classes. */
    public ModelSpec modelSpec(int inputSize, int classes) {
        return modelSpec(inputSize, classes, false, 0);
    }

    /** The network for a data set: its features, its outputs, a read-out at every step for step-wise targets. */
    public ModelSpec modelSpec(saturn.engine.data.Dataset train) {
        boolean everyStep = train.task() == saturn.engine.data.Dataset.Task.STEP_CLASSES;
        if (everyStep && !spec.layer().recurrent()) {
            throw new IllegalArgumentException(train.name() + " has a target at every time step: use --layer rnn, gru or lstm");
        }
        return modelSpec(train.features(), train.classes(), everyStep, train.stepFeatures());
    }

    /**
     * The network for rows of {@code inputSize} features and {@code classes} outputs (a read-out
     * at every step when {@code everyStep}); {@code stepFeatures} as {@link saturn.engine.data.Dataset#stepFeatures()}.
     */
    public ModelSpec modelSpec(int inputSize, int classes, boolean everyStep, int stepFeatures) {
        RunSpec s = spec;
        if (s.layer().recurrent()) {
            RecurrentSpec r = s.recurrent();
            int steps = recurrentSetup != null ? recurrentSetup.steps() : r.sequence().steps(inputSize, stepFeatures);
            if (inputSize % steps != 0) {
                throw new IllegalArgumentException(inputSize + " features do not split into the " + steps + " steps the plan was solved for");
            }
            if (recurrentSetup == null) return forSteps(steps, inputSize / steps).modelSpec(inputSize, classes, everyStep, stepFeatures);
            saturn.engine.remedy.RecurrentRemedy.Setup u = recurrentSetup;
            Recurrence.RecurrentInit how = u.torch() ? Recurrence.RecurrentInit.TORCH
                    : u.identity() ? Recurrence.RecurrentInit.IDENTITY : Recurrence.RecurrentInit.SCHEME;
            int[] order = r.permuted() ? saturn.engine.layer.Permutation.random(inputSize, permutationSeed(s.seed())) : null;
            Recurrence rec = new Recurrence(steps, order, r.gate(), how, u.sigmaU2(), u.gateBias(), everyStep);
            return ModelSpec.mlp(inputSize, s.depth(), s.width(), networkActivation(), classes)
                    .withInit(u.recurrent().scheme(), u.recurrent().sigmaW2(), u.recurrent().sigmaB2())
                    .withSeed(s.seed())
                    .withRecurrence(s.layer(), rec);
        }
        ModelSpec m = ModelSpec.mlp(inputSize, s.depth(), s.width(), networkActivation(), classes)
                .withKind(s.layer())
                .withNorm(s.norm())
                .withShortcut(s.residual().shortcut(), s.residual().skipWeight())
                .withInit(init.scheme(), init.sigmaW2(), init.sigmaB2())
                .withSeed(s.seed())
                .withRbfNorm(s.rbfNorm());
        if (Double.isNaN(initialScale)) {
            // the gain controller's handle: a*phi with a0 = 1 on top of the network's phi (with
            // LayerNorm the handle is the norm's gain instead)
            return s.control().gain() && s.norm() != Normalization.LAYER ? m.withLearnableScale(1.0) : m;
        }
        return m.withLearnableScale(initialScale).withScaleRegularization(s.transform().regularization());
    }

    private static String rbfNormRule(saturn.engine.layer.RbfNorm n) {
        return switch (n) {
            case NONE -> "y = exp(-|x - c_j|^2 / (2 s_j^2))";
            case EXAMPLE -> "y = exp(-d_j / (2 s_j^2 m)), d_j = |x - c_j|^2, m = mean_k d_k + 1e-8 of the same example";
            case RUNNING -> "y = exp(-d_j / (2 s_j^2 m)), m = mean_j |mu - c_j|^2 + sum_i v_i + 1e-8, "
                    + "mu and v running input mean and variances (buffers, frozen at evaluation)";
            case NEAREST -> "y = exp(-(d_j - min_k d_k) / (2 s_j^2 m)), d_j = |x - c_j|^2, "
                    + "m = mean_k d_k - min_k d_k + 1e-8 of the same example (the nearest unit outputs 1)";
        };
    }

    /**
     * How {@code --remedy auto} came to the learning rate: its depth rule, or for an optimizer
     * that sets its own step, that the rule does not apply; null without the remedy.
     */
    public String learningRateRule() {
        if (prescription == null) return null;
        return spec.optimizer().setsOwnStep()
                ? spec.optimizer().name() + " sets its own step: lr " + spec.optimizer().defaultLr() + " multiplies it, no depth rule"
                : prescription.learningRateRule();
    }

    /** What {@code --control} does, for {@code config.yaml}. */
    private String controlRule() {
        ControlSpec c = spec.control();
        List<String> parts = new java.util.ArrayList<>();
        if (c.gain()) {
            parts.add((spec.norm() == Normalization.LAYER ? "LayerNorm gain g_l" : "a_l of a*phi (a0 "
                    + (Double.isNaN(initialScale) ? "1" : initialScale) + ")")
                    + " x chi_l^(-" + c.gainRate() + "/2) after each diagnosed step, chi_l = (delta_rms_l/delta_rms_l+1)^2, "
                    + "moves in [0.5, 2], a in [a0/100, 100 a0], |ln chi| < 0.02 kept");
        }
        if (c.lr()) {
            parts.add("lr factor per hidden layer -> geometric-mean(rho)/rho_l in [1/" + c.lrMax() + ", " + c.lrMax()
                    + "], rho = |grad W|/|W|, halfway (in log) per diagnosed step");
        }
        if (c.isometry()) {
            parts.add("gradient + " + c.iso() + " (G - cI)W per hidden weight matrix (G = WW^T or W^TW, c = |W0|^2/min(m,n))");
        }
        return String.join("; ", parts);
    }

    /** The learning-rate schedule for a run of {@code totalSteps} steps. */
    public Schedule learningRate(long totalSteps) {
        return spec.schedule().build(spec.lr(), totalSteps);
    }

    /** The optimizer for this model (with clipping first when asked) and the schedule it follows. */
    public GradientTransformation optimizer(Model model, long totalSteps) {
        GradientTransformation opt = spec.clip().wrap(spec.optimizer().build(learningRate(totalSteps), spec.lr(), model,
                spec.seed()), model);
        if (spec.lrLayers().kind() == LayerRates.Kind.NONE) return opt;
        int[] owner = LayerParameters.of(model, spec.depth());
        double[] m = layerRates();
        float[] factors = new float[owner.length];
        for (int p = 0; p < owner.length; p++) factors[p] = owner[p] < 0 ? 1f : (float) m[owner[p]];
        return saturn.engine.optim.Optimizers.chain(opt, new saturn.engine.optim.ScaleByParameter(factors));
    }

    /**
     * The learning-rate factor of each hidden layer ({@code --lr-layers}); {@code theory} reads
     * χ1 of the network's activation at its initialization's fixed point.
     */
    public double[] layerRates() {
        double chi1 = Double.NaN;
        if (spec.lrLayers().kind() == LayerRates.Kind.THEORY) {
            saturn.theory.meanfield.MeanField mf = saturn.theory.meanfield.MeanField.of(networkActivation(), init.sigmaW2(),
                    init.sigmaB2());
            double q = Double.isNaN(init.qStar()) ? 1 : init.qStar();
            chi1 = mf.chi1(q);
        }
        return spec.lrLayers().forDepth(spec.depth(), chi1);
    }

    /** The resolved {@code optimizer} section of {@code config.yaml}: hyperparameters, schedule, clipping. */
    public Map<String, Object> optimizerSection(long totalSteps) {
        Map<String, Object> m = spec.optimizer().resolved(spec.lr());
        m.put("schedule", spec.schedule().resolved(totalSteps));
        m.put("clip", spec.clip().resolved());
        return m;
    }

    /** What followed from the spec before any data: activation, remedy, transform, init, shortcut, optimizer. */
    public Map<String, Object> derived() {
        Map<String, Object> derived = new LinkedHashMap<>();
        Activation act = spec.activation();
        if (spec.layer().recurrent()) {
            derived.put("cell", spec.layer().name());
            derived.put("sequence", spec.recurrent().sequenceId());
            derived.put("gate_formula", spec.recurrent().gate().formula());
            derived.put("gate_bias", recurrentSetup != null ? recurrentSetup.gateBias() : spec.recurrent().gateBias());
            if (recurrentSetup != null) derived.put("sigma_u2", recurrentSetup.sigmaU2());
        }
        derived.put("activation_formula", act.formula());
        derived.put("max_abs_derivative", act.maxAbsDerivative());
        if (prescription != null) {
            derived.put("remedy_choice", "--init " + prescription.init().id() + " --transform " + prescription.transform().id());
            derived.put("remedy_reason", prescription.reason());
            derived.put("remedy_lr_rule", learningRateRule());
        }
        Transforms.describe(transform, derived);
        TransformSpec t = spec.transform();
        if (!Double.isNaN(initialScale)) {
            derived.put("transform_kind", "scale");
            derived.put("scale_initial", initialScale);
            derived.put("scale_rule", spec.layer() == LayerKind.RBF
                    ? "learnable a*RBF per layer, a0 " + (!Double.isNaN(t.initialScale()) ? "given" : "= 1 (the plain RBF layer)")
                    : !Double.isNaN(t.initialScale()) ? "learnable a*phi per dense layer, a0 given"
                    : "learnable a*phi per dense layer, a0 = sqrt(critical sigma_w2 at this sigma_b2 / sigma_w2), so chi1 = 1");
            derived.put("scale_regularization", t.regularization());
        }
        if (spec.layer() == LayerKind.RBF) derived.put("rbf_norm_rule", rbfNormRule(spec.rbfNorm()));
        derived.put("init_engine", init.scheme().id());
        derived.put("init_rule", init.note());
        derived.put("sigma_w2", init.sigmaW2());
        derived.put("sigma_b2", init.sigmaB2());
        if (!Double.isNaN(init.qStar())) derived.put("q_star", init.qStar());
        derived.put("shortcut", spec.residual().shortcut().name().toLowerCase(java.util.Locale.ROOT));
        if (spec.residual().shortcut() == Shortcut.NORMALIZED) derived.put("skip_weight", spec.residual().skipWeight());
        if (spec.residual().shortcut() == Shortcut.HIGHWAY) {
            derived.put("highway_gate_bias", saturn.engine.model.HighwayGate.biasFor(spec.depth() - 1));
            derived.put("highway_gate_rule", "E[T^2 + (1-T)^2]^layers = " + saturn.engine.model.HighwayGate.KEPT
                    + ": the carry keeps that share of the signal over the stack at initialization");
        }
        derived.put("optimizer_rule", spec.optimizer().rule());
        if (spec.control().enabled()) {
            derived.put("control", spec.control().id());
            derived.put("control_rule", controlRule());
        }
        if (spec.lrLayers().kind() != LayerRates.Kind.NONE) {
            List<Double> factors = new java.util.ArrayList<>();
            for (double f : layerRates()) factors.add(f);
            derived.put("lr_layer_factors", factors);
        }
        return derived;
    }
}
