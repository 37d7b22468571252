package saturn.engine.bench;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import saturn.engine.blas.Gemm;
import saturn.engine.init.InitScheme;
import saturn.engine.loss.SoftmaxCrossEntropy;
import saturn.engine.loss.Target;
import saturn.engine.model.CompiledActivation;
import saturn.engine.model.Model;
import saturn.engine.model.ModelSpec;
import saturn.engine.model.TrainingStep;
import saturn.engine.tensor.Ops;
import saturn.engine.tensor.Tensor;
import saturn.theory.Activation;

/**
 * Measures a full training step (forward, backward, optimizer update: Adam unless another
 * optimizer is given) of a deep tanh MLP against
 * the same step's GEMM calls replayed alone on the same backend. The ratio says how much
 * the engine adds on top of BLAS; the in-step breakdown says where it goes. {@code saturn bench}
 * runs it and prints the results.
 */
public final class StepBench {

    /** Classes of the bench model's read-out. */
    public static final int CLASSES = 10;
    private static final Activation TANH = Activation.parse("tanh");
    /**
     * Extra warm-up steps, at most, while steps still allocate (JIT warm-up); 10 s at most. A
     * count, not only the time, bounds it for steps that never stop allocating; 200 was too few
     * for tiny models (depth 20 × width 64 at batch 7 still allocated 13 KB a step after 200
     * steps of 0.13 ms, and nothing after a few thousand).
     */
    private static final int MAX_EXTRA_WARMUP = 20_000;
    /** Consecutive allocation-free steps that end the warm-up. */
    private static final int QUIET_STEPS = 8;

    private StepBench() {
    }

    /** Timed steps per round of steps and replays (see {@link #run}). */
    private static final int ROUND = 4;

    /**
     * Runs one configuration with the optimizer the factory builds for the bench's model; the
     * optimizer's share ({@link BenchResult#msOptimizerInStep()}) includes its work between
     * forward and backward (K-FAC's statistics and its backward pass on sampled targets).
     */
    public static BenchResult run(BenchConfig config, Ops ops,
                                  java.util.function.Function<Model, saturn.engine.optim.GradientTransformation> optimizer) {
        RecordingGemm gemm = new RecordingGemm(ops.gemm());
        Ops recorded = new Ops(gemm, ops.kernels());
        List<TimedKernel> kernels = new ArrayList<>();
        ModelSpec spec = config.layer().recurrent()
                ? ModelSpec.mlp(config.seq(), config.depth(), config.width(), TANH, CLASSES).withSeed(1).withRecurrence(
                        config.layer(), new saturn.engine.model.Recurrence(config.seq(), null, Activation.parse("sigmoid"),
                                saturn.engine.model.Recurrence.RecurrentInit.TORCH, 1, 0, false))
                : ModelSpec.mlp(config.width(), config.depth(), config.width(), TANH, CLASSES)
                .withInit(InitScheme.GAUSSIAN, 1.0, 0.0).withSeed(1);
        Model model = Model.builder(spec.inputSize(), recorded).activations(activation -> {
            CompiledActivation a = CompiledActivation.of(activation, ops.kernels());
            TimedKernel k = new TimedKernel(a.kernel());
            kernels.add(k);
            return a.withKernel(k);
        }).build(spec);
        TimedTransformation timed = TimedTransformation.of(optimizer.apply(model));
        TrainingStep step = new TrainingStep(model, new SoftmaxCrossEntropy(), timed);

        SplittableRandom rng = new SplittableRandom(7);
        float[] x = new float[config.batch() * spec.inputSize()];
        for (int i = 0; i < x.length; i++) x[i] = (float) rng.nextGaussian();
        int[] labels = new int[config.batch()];
        for (int i = 0; i < labels.length; i++) labels[i] = rng.nextInt(CLASSES);
        Tensor batch = new Tensor(x, config.batch(), spec.inputSize());
        Target target = Target.labels(labels);

        gemm.record(true);
        step.run(batch, target);
        gemm.record(false);
        for (int i = 1; i < config.warmup(); i++) step.run(batch, target);

        // steady state: until the JIT has compiled the kernels (interpreted and C1 Vector API code
        // boxes every vector), a step allocates; keep warming up while it does, within a budget
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().threadId();
        // the workers' allocation counts too
        long[] poolTids = saturn.engine.parallel.Workers.pool().workerThreadIds();
        java.util.function.LongSupplier allocated = () -> {
            long bytes = threads.getThreadAllocatedBytes(tid);
            for (long h : poolTids) bytes += threads.getThreadAllocatedBytes(h);
            return bytes;
        };
        long warmUntil = System.nanoTime() + 10_000_000_000L;
        // (a single allocation-free step is not enough: the JIT still recompiles now and then,
        // and its deoptimized frames allocate a few hundred bytes once; wait for a quiet run)
        for (int i = 0, quiet = 0; i < MAX_EXTRA_WARMUP && quiet < QUIET_STEPS && System.nanoTime() < warmUntil; i++) {
            long before = allocated.getAsLong();
            step.run(batch, target);
            quiet = allocated.getAsLong() - before == 0 ? quiet + 1 : 0;
        }

        // plain timed steps, with the allocation counter around them, in rounds of ROUND steps, each
        // round followed by as many passes of the GEMM calls alone on the step's own arrays and on
        // cache-resident buffers. The machine's speed drifts by 10-20% over a run (a shared host),
        // so the ratios are taken within a round and their medians reported. Each block starts with
        // an untimed call: the one after a block of the other kind finds the caches (a large L3
        // holds much of a deep model) filled with the other's data, and steps run back to back in
        // training. The in-place replay overwrites the step's activations and gradients; the next
        // step recomputes them before reading them (the weights and the optimizer's state are
        // operands only). Allocation: the median over steps. An allocation in every step (a bug)
        // shows in full; the JIT's rare recompilations allocate a few hundred bytes once (seen at
        // steps 26, 53 and 305 of a 400-step run), which a mean over a short window would spread
        List<RecordingGemm.Call> calls = gemm.calls();
        Replay cached = new Replay(calls, ops.gemm(), false), inPlace = new Replay(calls, ops.gemm(), true);
        for (int i = 0; i < Math.max(1, config.warmup()); i++) {
            cached.pass();
            inPlace.pass();
        }
        int rounds = (config.steps() + ROUND - 1) / ROUND, timedSteps = rounds * ROUND;
        double[] stepMs = new double[timedSteps];
        double[] stepBytes = new double[timedSteps];
        double[] replayMs = new double[timedSteps], inPlaceMs = new double[timedSteps];
        double[] ratios = new double[rounds], inPlaceRatios = new double[rounds];
        for (int round = 0; round < rounds; round++) {
            int from = round * ROUND, to = from + ROUND;
            step.run(batch, target);
            for (int s = from; s < to; s++) {
                long b0 = allocated.getAsLong();
                long t0 = System.nanoTime();
                step.run(batch, target);
                stepMs[s] = (System.nanoTime() - t0) / 1e6;
                stepBytes[s] = allocated.getAsLong() - b0;
            }
            inPlace.pass();
            for (int s = from; s < to; s++) inPlaceMs[s] = inPlace.pass();
            cached.pass();
            for (int s = from; s < to; s++) replayMs[s] = cached.pass();
            double roundStep = median(Arrays.copyOfRange(stepMs, from, to));
            inPlaceRatios[round] = roundStep / median(Arrays.copyOfRange(inPlaceMs, from, to));
            ratios[round] = roundStep / median(Arrays.copyOfRange(replayMs, from, to));
        }
        long bytesPerStep = Math.round(median(stepBytes));

        // instrumented steps: time inside GEMM, the activation kernel and the optimizer; as many as
        // the timed steps, so that an optimizer with periodic work (K-FAC's statistics and inverse
        // refreshes) has it in both windows alike when the step count is a multiple of its period
        int instrumented = config.steps();
        double[] gemmMs = new double[instrumented], actMs = new double[instrumented],
                optMs = new double[instrumented], totalMs = new double[instrumented];
        for (int s = 0; s < instrumented; s++) {
            gemm.time(true);
            for (TimedKernel k : kernels) k.time(true);
            timed.time(true);
            long t0 = System.nanoTime();
            step.run(batch, target);
            totalMs[s] = (System.nanoTime() - t0) / 1e6;
            gemmMs[s] = gemm.nanos() / 1e6;
            long act = 0;
            for (TimedKernel k : kernels) act += k.nanos();
            actMs[s] = act / 1e6;
            optMs[s] = timed.nanos() / 1e6;
            gemm.time(false);
            for (TimedKernel k : kernels) k.time(false);
            timed.time(false);
        }

        double flops = 0;
        for (RecordingGemm.Call c : calls) flops += c.flops();

        double msStep = median(stepMs);
        double msGemm = median(replayMs);
        double gemmIn = median(gemmMs);
        double act = median(actMs);
        double opt = median(optMs);
        double other = Math.max(0, median(totalMs) - gemmIn - act - opt);
        return new BenchResult(config, ops.describe(), model.parameterCount(), calls.size(), flops / 1e9,
                msStep, median(inPlaceMs), median(inPlaceRatios), msGemm, median(ratios), flops / (msStep * 1e6),
                bytesPerStep, gemmIn, act, opt, other, mean(stepMs), mean(optMs));
    }

    /**
     * The recorded calls issued again: on a few buffers of the largest sizes, which stay in
     * cache, or on the step's own arrays (every layer's weights, activations and gradients: the
     * memory traffic the step's GEMMs really have).
     */
    private static final class Replay {
        private final List<RecordingGemm.Call> calls;
        private final Gemm gemm;
        private final boolean inPlace;
        private float[] a, b, c;

        Replay(List<RecordingGemm.Call> calls, Gemm gemm, boolean inPlace) {
            this.calls = calls;
            this.gemm = gemm;
            this.inPlace = inPlace;
            if (inPlace) return;
            int maxA = 1, maxB = 1, maxC = 1;
            for (RecordingGemm.Call call : calls) {
                maxA = Math.max(maxA, (call.transA() ? call.k() : call.m()) * call.lda());
                maxB = Math.max(maxB, (call.transB() ? call.n() : call.k()) * call.ldb());
                maxC = Math.max(maxC, call.m() * call.ldc());
            }
            SplittableRandom rng = new SplittableRandom(3);
            a = new float[maxA];
            b = new float[maxB];
            c = new float[maxC];
            for (int i = 0; i < a.length; i++) a[i] = (float) (0.1 * rng.nextGaussian());
            for (int i = 0; i < b.length; i++) b[i] = (float) (0.1 * rng.nextGaussian());
        }

        /** One pass over the calls; returns its ms. */
        double pass() {
            long t0 = System.nanoTime();
            for (int i = 0; i < calls.size(); i++) {   // indexed: no iterator
                RecordingGemm.Call call = calls.get(i);
                if (inPlace) call.issue(gemm, call.a(), call.aOffset(), call.b(), call.bOffset(), call.c(), call.cOffset());
                else call.issue(gemm, a, 0, b, 0, c, 0);
            }
            return (System.nanoTime() - t0) / 1e6;
        }
    }

    private static double mean(double[] x) {
        double sum = 0;
        for (double v : x) sum += v;
        return sum / x.length;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
    }
}
