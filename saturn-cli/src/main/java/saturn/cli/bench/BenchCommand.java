package saturn.cli.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import saturn.cli.options.BadInputException;
import saturn.cli.options.OptionText;
import saturn.cli.run.Json;
import saturn.engine.Backends;
import saturn.engine.bench.BenchConfig;
import saturn.engine.bench.BenchResult;
import saturn.engine.bench.StepBench;
import saturn.engine.run.MemoryEstimate;
import saturn.engine.run.OptimizerSpec;
import saturn.engine.tensor.Ops;

/**
 * {@code saturn bench}: time a training step of a deep tanh MLP (forward, backward, Adam)
 * against the same step's GEMM calls alone, on the backends in use.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure the engine: ms per training step of a deep tanh MLP (Adam) against the time of "
                + "the same GEMM calls alone, their ratio (target <= 1.3), GFLOP/s and heap allocation per step.",
                "Without sizes it runs depth 100 x width 256, width 1024, and depth 1000 x width 128 (batch 128)."})
public final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--depth", description = "Hidden layers.")
    Integer depth;

    @Option(names = "--width", description = "Units per hidden layer (and input size).")
    Integer width;

    @Option(names = "--batch", description = "Batch size (default 128).")
    Integer batch;

    @Option(names = "--steps",
            description = "Timed steps per configuration (default 20; timed in rounds of 4, so rounded up to a multiple of 4).")
    Integer steps;

    @Option(names = "--layer", paramLabel = "K", description = "dense (default), or rnn, gru, lstm: a stack of --depth "
            + "(1) recurrent tanh layers of --width (128) units over --seq steps of one input each.")
    String layer;

    @Option(names = "--seq", paramLabel = "T", description = "Recurrent layers: time steps (784, pixel-by-pixel Fashion-MNIST).")
    Integer seq;

    @Option(names = "--threads", description = "Cores to compute on (default: available processors).")
    Integer threads;

    /**
     * Every optimizer is timed at this rate (for rprop, its first step): the weights must stay
     * near their initialization, since a run drifting into partly saturated units fills the
     * backward pass with subnormal floats and slows every GEMM (seen with kfac at lr 1e-2:
     * 300 ms steps growing to 800 ms), which would be charged to the optimizer.
     */
    static final double BENCH_LR = 1e-4;

    @Option(names = "--optimizer", paramLabel = "O", description = "The step's optimizer, as saturn train's --optimizer "
            + "(default adam), at lr 1e-4 so that the weights stay near their initialization (rprop: also step_max 1e-4 "
            + "unless given); the table adds its time and share of the step.")
    String optimizer;

    @Option(names = "--json", description = "One JSON object per configuration, one per line.")
    boolean json;

    @Option(names = "--analysis", arity = "0..*", paramLabel = "ACTIVATION",
            description = "Instead of the engine, time the full theory analysis (everything 'saturn analyze --json' "
                    + "prints) of these activations, warm; without names, a standard set of 16.")
    List<String> analysis;

    @Override
    public Integer call() {
        for (var v : new Integer[] {depth, width, batch, steps, threads, seq}) {
            if (v != null && v < 1) throw new BadInputException("bench sizes, steps and threads must be positive integers");
        }
        PrintWriter out = spec.commandLine().getOut();
        if (analysis != null) {
            AnalysisBench.run(out, analysis.isEmpty() ? AnalysisBench.STANDARD : analysis, steps == null ? 20 : steps, json);
            return 0;
        }
        Backends.setThreads(threads != null ? threads : Runtime.getRuntime().availableProcessors());
        List<BenchConfig> configs = configs();
        for (BenchConfig c : configs) {
            try {
                MemoryEstimate.of(c.width(), c.depth(), c.width(), StepBench.CLASSES, c.batch(), false,
                        optimizer != null && optimizer.strip().toLowerCase(Locale.ROOT).startsWith("kfac")).requireFitsHeap();
            } catch (IllegalArgumentException e) {
                throw new BadInputException("bench depth " + c.depth() + " x width " + c.width() + ": " + e.getMessage());
            }
        }
        Ops ops = Ops.selected();
        OptimizerSpec parsed = optimizer == null ? null : OptionText.optimizer(optimizer);
        if (parsed != null && parsed.name().equals("rprop") && !optimizer.toLowerCase(Locale.ROOT).contains("step_max")) {
            // on the bench's one fixed batch every gradient keeps its sign, so Rprop's steps grow 1.2x a
            // step towards step_max (50): the weights would leave their initialization within the timed
            // steps (saturated units, subnormal gradients, slower GEMMs). Capped at the bench rate, the
            // same branch-free pass is timed on weights that stay put.
            String o = optimizer.strip();
            parsed = OptionText.optimizer(o + (o.contains(":") ? "," : ":") + "step_max=" + BENCH_LR);
        }
        OptimizerSpec choice = parsed;
        java.util.function.Function<saturn.engine.model.Model, saturn.engine.optim.GradientTransformation> factory =
                choice == null ? model -> saturn.engine.optim.Optimizers.adam(1e-4)
                        : model -> choice.build(saturn.engine.optim.Schedule.constant(BENCH_LR), BENCH_LR, model, 1);
        String optName = optimizer == null ? "adam" : optimizer.strip().toLowerCase(Locale.ROOT);
        if (!json) {
            out.println("backends: " + Backends.describe());
            out.println("optimizer: " + optName);
            out.printf(Locale.ROOT, "%6s %6s %6s %10s %10s %7s %12s %9s %9s %12s %8s %7s %10s   %s%n",
                    "depth", "width", "batch", "step ms", "gemm ms", "ratio", "gemm~ ms", "ratio~", "GFLOP/s",
                    "alloc B/step", "opt ms", "opt %", "opt % mean", "largest overhead");
        }
        for (BenchConfig c : configs) {
            BenchResult r = StepBench.run(c, ops, factory);
            if (json) {
                ObjectNode o = toJson(r);
                o.put("optimizer", optName);
                o.put("optimizer_share", optimizerShare(r));
                o.put("optimizer_share_mean", r.optimizerShareMean());
                out.println(Json.write(o));
            } else {
                out.printf(Locale.ROOT, "%6d %6d %6d %10.2f %10.2f %7.2f %12.2f %9.2f %9.1f %12d %8.2f %6.1f%% %9.1f%%   %s%n",
                        c.depth(), c.width(), c.batch(), r.msPerStep(), r.msGemm(), r.ratio(),
                        r.msGemmCached(), r.ratioCached(), r.gflops(), r.bytesPerStep(), r.msOptimizerInStep(),
                        100 * optimizerShare(r), 100 * r.optimizerShareMean(), r.dominantOverhead());
            }
            out.flush();
        }
        if (!json) {
            out.println("gemm ms: the step's GEMM calls replayed alone, the same calls on the step's own arrays (its "
                    + "weights, activations and gradients: the memory traffic its products cannot avoid); ratio = "
                    + "step/gemm, the engine's target <= 1.3. gemm~ ms: the same shapes on a few reused, cache-resident "
                    + "buffers; ratio~ = step/gemm~. Steps are timed in rounds of 4, each followed by 4 passes of each "
                    + "replay; each ratio is the median over the rounds of the round's ratio (the machine's speed "
                    + "drifts; within a round it cancels). "
                    + "opt ms: the optimizer inside an instrumented step (for kfac also its factor statistics, its "
                    + "backward pass on sampled targets and its GEMMs, which the gemm columns count too); opt % = opt ms / "
                    + "step ms (medians); opt % mean = the same with means over all the steps, which counts periodic work "
                    + "such as K-FAC's inverse refresh (give --steps as a multiple of its period).");
        }
        return 0;
    }

    private List<BenchConfig> configs() {
        saturn.engine.model.LayerKind kind = layer == null ? saturn.engine.model.LayerKind.DENSE : OptionText.layer(layer);
        if (kind == saturn.engine.model.LayerKind.RBF) throw new BadInputException("bench --layer: dense, rnn, gru or lstm");
        if (!kind.recurrent() && seq != null) throw new BadInputException("--seq applies to --layer rnn, gru or lstm");
        if (kind.recurrent()) {
            return List.of(new BenchConfig(depth == null ? 1 : depth, width == null ? 128 : width, batch == null ? 128 : batch,
                    steps == null ? 8 : steps, 2, kind, seq == null ? 784 : seq));
        }
        if (depth == null && width == null && batch == null) {
            return BenchConfig.standard().stream()
                    .map(c -> steps == null ? c : new BenchConfig(c.depth(), c.width(), c.batch(), steps, c.warmup()))
                    .toList();
        }
        return List.of(new BenchConfig(depth == null ? 100 : depth, width == null ? 256 : width,
                batch == null ? 128 : batch, steps == null ? 20 : steps, 5));
    }

    /** The optimizer's time in an instrumented step over the plain step's time (median of each). */
    static double optimizerShare(BenchResult r) {
        return r.msOptimizerInStep() / r.msPerStep();
    }

    static ObjectNode toJson(BenchResult r) {
        ObjectNode o = Json.object();
        o.put("layer", r.config().layer().name().toLowerCase(Locale.ROOT));
        if (r.config().layer().recurrent()) o.put("seq", r.config().seq());
        o.put("depth", r.config().depth());
        o.put("width", r.config().width());
        o.put("batch", r.config().batch());
        o.put("steps", r.config().steps());
        o.put("step_ms", r.msPerStep());
        o.put("step_ms_mean", r.msPerStepMean());
        o.put("gemm_ms", r.msGemm());
        o.put("ratio", r.ratio());
        o.put("gemm_cached_ms", r.msGemmCached());
        o.put("ratio_cached", r.ratioCached());
        o.put("gflops", r.gflops());
        o.put("alloc_bytes_per_step", r.bytesPerStep());
        o.put("backends", Backends.describe());
        o.put("parameters", r.parameters());
        o.put("gemm_calls", r.gemmCalls());
        o.put("gflop_per_step", r.gflopPerStep());
        ObjectNode in = o.putObject("in_step_ms");
        in.put("gemm", r.msGemmInStep());
        in.put("activation", r.msActivationInStep());
        in.put("optimizer", r.msOptimizerInStep());
        in.put("optimizer_mean", r.msOptimizerMean());
        in.put("other", r.msOtherInStep());
        return o;
    }
}
