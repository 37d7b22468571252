package saturn.engine.bench;

/**
 * What StepBench measured for one configuration. Times are medians over the measured steps
 * (milliseconds). The steps are timed in rounds of four, each round followed by four passes of
 * each replay of the step's GEMM calls; {@code ratio} and {@code ratioCached} are the medians
 * over the rounds of each round's step over its replays (the machine's speed drifts over a run;
 * within a round it cancels). The engine targets {@code ratio} ≤ 1.3.
 * The breakdown ({@code ms*InStep}) comes from a separately instrumented step and adds up to
 * about {@code msPerStep}: GEMM calls (the bias add is in them: C starts as the bias rows), the
 * activation kernel (its forward pass and, for an activation whose φ' follows from φ, its
 * φ'·δ with the bias gradient of the layer below), the optimizer (by default Adam's fused
 * one-pass step, parameters updated in place), and the rest (the loss, the model's own loop,
 * and φ'·δ and bias sums where φ' is stored). Gradients are overwritten by backward, so there
 * is no zeroing. For
 * K-FAC the optimizer's time includes its own GEMMs (statistics, the backward pass on sampled
 * targets, preconditioning), which the GEMM figures count too, and its calls are among the
 * replayed ones: the parts then add up to more than the step.
 *
 * @param msGemm the step's GEMM calls replayed alone: the same calls, on the step's own arrays
 *               (every layer's weights, activations and gradients), so with the memory
 *               traffic a step's products cannot avoid
 * @param ratio the step over {@code msGemm} (the median of the rounds' ratios): the engine's
 *              overhead over its matrix multiplies
 * @param msGemmCached the same shapes replayed on a few reused buffers, which stay in cache: the
 *                     products without the traffic of a deep model's weights and activations
 * @param ratioCached the step over {@code msGemmCached} (the median of the rounds' ratios)
 * @param bytesPerStep heap allocated by the stepping thread in a steady-state step (the median over the timed steps)
 * @param msPerStepMean the mean of the timed steps (the median leaves out rare dear steps, such
 *                      as K-FAC's inverse refresh every 20 steps; the mean spreads them)
 * @param msOptimizerMean the optimizer's mean time over as many instrumented steps
 */
public record BenchResult(
        BenchConfig config,
        String backends,
        long parameters,
        int gemmCalls,
        double gflopPerStep,
        double msPerStep,
        double msGemm,
        double ratio,
        double msGemmCached,
        double ratioCached,
        double gflops,
        long bytesPerStep,
        double msGemmInStep,
        double msActivationInStep,
        double msOptimizerInStep,
        double msOtherInStep,
        double msPerStepMean,
        double msOptimizerMean) {

    /** {@code msOptimizerMean / msPerStepMean}: the optimizer's share with its periodic work amortized. */
    public double optimizerShareMean() {
        return msOptimizerMean / msPerStepMean;
    }

    /** The component of the step, other than GEMM, that takes the most time. */
    public String dominantOverhead() {
        double act = msActivationInStep, opt = msOptimizerInStep, other = msOtherInStep;
        if (act >= opt && act >= other) return "activation (forward, and φ'·δ with the bias sums)";
        if (opt >= other) return "optimizer update";
        return "other (loss, the model's own loop, bias sums where φ' is stored)";
    }
}
