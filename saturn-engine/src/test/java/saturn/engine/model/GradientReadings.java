package saturn.engine.model;

import java.util.List;

import saturn.engine.kernel.Kernels;
import saturn.engine.loss.SoftmaxCrossEntropy;
import saturn.engine.loss.Target;
import saturn.engine.optim.GradientTransformation;
import saturn.engine.optim.OptState;
import saturn.engine.optim.Optimizers;
import saturn.engine.tensor.Parameter;
import saturn.engine.tensor.Tensor;

/**
 * The gradient of a model's mean softmax cross-entropy as the engine computes it, read off
 * four production paths. Each reading leaves the parameters as it found them.
 */
enum GradientReadings {

    /** {@code Model.forward} and {@code Model.backward} on the fused plan ({@link Fusion}). */
    FUSED_PLAN,
    /** The same on {@link LayerByLayer}, every module's own passes. */
    LAYER_BY_LAYER,
    /**
     * A {@link TrainingStep} with SGD, whose fused kernel updates each module inside the
     * backward pass: {@code w ← w − η g}, so {@code g = (w_before − w_after)/η}. With
     * η = 2^20 (a power of two, so η·g is exact) the recovered g differs from the float
     * gradient by at most {@code ulp(w_after)/2^21}: relative 6e-8·(1 + |w|/(2^20|g|)).
     */
    SGD_STEP,
    /**
     * A {@link TrainingStep} with a fused step that updates a band of rows at a time
     * ({@code appliesRanges}, as Adam's): the dense layers' updates then run as epilogues of
     * their weight-gradient products, on the worker that computed each band. The step records
     * the gradient each call is handed and checks that every element is handed over exactly
     * once.
     */
    BANDED_STEP;

    private static final float LEARNING_RATE = 0x1p20f;

    /**
     * One float gradient per trainable parameter, in the model's order.
     *
     * @param beforeForward run before the forward pass (replays dropout masks)
     */
    float[][] read(Model model, Tensor x, int[] labels, Runnable beforeForward) {
        List<Parameter> ps = model.trainableParameters();
        float[][] saved = new float[ps.size()][];
        for (int p = 0; p < saved.length; p++) saved[p] = ps.get(p).data().clone();
        Target target = Target.labels(labels);
        float[][] g = new float[ps.size()][];
        beforeForward.run();
        switch (this) {
            case FUSED_PLAN, LAYER_BY_LAYER -> {
                model.fuse(this == FUSED_PLAN);
                Tensor out = model.forward(x);
                Tensor d = Tensor.matrix(out.rows(), out.cols());
                new SoftmaxCrossEntropy().compute(out, target, d);
                model.backward(d);
                model.fuse(true);
                for (int p = 0; p < g.length; p++) g[p] = ps.get(p).grad().clone();
            }
            case SGD_STEP -> {
                new TrainingStep(model, new SoftmaxCrossEntropy(), Optimizers.sgd(LEARNING_RATE)).run(x, target);
                for (int p = 0; p < g.length; p++) {
                    float[] after = ps.get(p).data();
                    g[p] = new float[after.length];
                    for (int i = 0; i < after.length; i++) {
                        g[p][i] = (float) (((double) saved[p][i] - after[i]) / LEARNING_RATE);
                    }
                }
            }
            case BANDED_STEP -> {
                Recorder recorder = new Recorder();
                new TrainingStep(model, new SoftmaxCrossEntropy(), recorder).run(x, target);
                recorder.checkEveryElementOnce();
                g = recorder.grads;
            }
        }
        for (int p = 0; p < saved.length; p++) System.arraycopy(saved[p], 0, ps.get(p).data(), 0, saved[p].length);
        return g;
    }

    /** A fused step that updates nothing and records the gradients it is handed, range by range. */
    private static final class Recorder implements GradientTransformation, GradientTransformation.ParameterStep {
        float[][] grads;
        int[][] hits;

        @Override
        public OptState init(float[][] params) {
            grads = new float[params.length][];
            hits = new int[params.length][];
            for (int p = 0; p < params.length; p++) {
                grads[p] = new float[params[p].length];
                hits[p] = new int[params[p].length];
            }
            return OptState.empty();
        }

        @Override
        public void update(float[][] updates, OptState state, float[][] params) {
            throw new AssertionError("the fused path must be taken");
        }

        @Override
        public ParameterStep beginStep(OptState state) {
            return this;
        }

        @Override
        public void apply(int p, float[] param, float[] grad, Kernels kernels) {
            applyRange(p, param, grad, 0, grad.length, kernels);
        }

        @Override
        public boolean appliesRanges() {
            return true;
        }

        @Override
        public synchronized void applyRange(int p, float[] param, float[] grad, int from, int to, Kernels kernels) {
            System.arraycopy(grad, from, grads[p], from, to - from);
            for (int i = from; i < to; i++) hits[p][i]++;
        }

        void checkEveryElementOnce() {
            for (int p = 0; p < hits.length; p++) {
                for (int i = 0; i < hits[p].length; i++) {
                    if (hits[p][i] != 1) {
                        throw new AssertionError("parameter " + p + " element " + i + " handed to the step "
                                + hits[p][i] + " times");
                    }
                }
            }
        }
    }
}
