package saturn.engine.bench;

import saturn.engine.kernel.Kernels;
import saturn.engine.tensor.Tensor;
import saturn.engine.loss.Loss;
import saturn.engine.model.CurvatureObserver;
import saturn.engine.optim.GradientPoint;
import saturn.engine.optim.GradientProbe;
import saturn.engine.optim.GradientTransformation;
import saturn.engine.optim.OptState;

/**
 * Wraps an optimizer to measure the time of its update inside a step, including its
 * curvature work between forward and backward (K-FAC's statistics and extra backward pass),
 * Schedule-Free's move to its gradient point and vSGD's second gradient of the batch (from the
 * displacement of the weights to their return, the forward and backward passes between included).
 */
class TimedTransformation implements GradientTransformation, CurvatureObserver {

    private final GradientTransformation inner;
    /** The curvature hook of {@code inner}, or null. */
    private final CurvatureObserver curvature;
    private boolean timing;
    private long nanos;
    private final TimedStep timedStep = new TimedStep();

    private TimedTransformation(GradientTransformation inner) {
        this.inner = inner;
        this.curvature = CurvatureObserver.find(inner);
    }

    /** The wrapper of {@code inner}, with its gradient point or its probe when it has one. */
    static TimedTransformation of(GradientTransformation inner) {
        GradientProbe probe = GradientProbe.find(inner);
        if (probe != null) return new Probing(inner, probe);
        GradientPoint point = GradientPoint.find(inner);
        if (point != null) return new Pointed(inner, point);
        return new TimedTransformation(inner);
    }

    /** An optimizer whose gradients are taken at its gradient point: the exchange is timed. */
    private static final class Pointed extends TimedTransformation implements GradientPoint {
        private final GradientPoint point;

        Pointed(GradientTransformation inner, GradientPoint point) {
            super(inner);
            this.point = point;
        }

        @Override
        public void toGradientPoint(float[][] params, OptState state) {
            long t0 = System.nanoTime();
            point.toGradientPoint(params, state);
            add(System.nanoTime() - t0);
        }
    }

    /** An optimizer with a second gradient of the batch: the probe, its passes included, is timed. */
    private static final class Probing extends TimedTransformation implements GradientProbe {
        private final GradientProbe probe;
        private long outAt;

        Probing(GradientTransformation inner, GradientProbe probe) {
            super(inner);
            this.probe = probe;
        }

        @Override
        public boolean needsGradient(OptState state) {
            return probe.needsGradient(state);
        }

        @Override
        public void moveOut(float[][] params, float[][] grads, OptState state) {
            outAt = System.nanoTime();
            probe.moveOut(params, grads, state);
        }

        @Override
        public void moveBack(float[][] params, float[][] grads, OptState state) {
            probe.moveBack(params, grads, state);
            add(System.nanoTime() - outAt);
        }
    }

    final void add(long elapsed) {
        if (timing) nanos += elapsed;
    }

    @Override
    public OptState init(float[][] params) {
        return inner.init(params);
    }

    @Override
    public void update(float[][] updates, OptState state, float[][] params) {
        if (!timing) {
            inner.update(updates, state, params);
            return;
        }
        long t0 = System.nanoTime();
        inner.update(updates, state, params);
        nanos += System.nanoTime() - t0;
    }

    @Override
    public boolean step(float[][] params, float[][] grads, OptState state, Kernels kernels) {
        if (!timing) return inner.step(params, grads, state, kernels);
        long t0 = System.nanoTime();
        boolean fused = inner.step(params, grads, state, kernels);
        nanos += System.nanoTime() - t0;
        return fused;
    }

    @Override
    public ParameterStep beginStep(OptState state) {
        if (!timing) return inner.beginStep(state);
        long t0 = System.nanoTime();
        ParameterStep s = inner.beginStep(state);
        nanos += System.nanoTime() - t0;
        if (s == null) return null;
        timedStep.inner = s;
        return timedStep;
    }

    /** Times each parameter's share of a fused step (taken inside the backward pass). */
    private final class TimedStep implements ParameterStep {
        ParameterStep inner;

        @Override
        public void apply(int p, float[] param, float[] grad, Kernels kernels) {
            long t0 = System.nanoTime();
            inner.apply(p, param, grad, kernels);
            nanos += System.nanoTime() - t0;
        }

        @Override
        public void finish(Kernels kernels) {
            long t0 = System.nanoTime();
            inner.finish(kernels);
            nanos += System.nanoTime() - t0;
        }
    }

    @Override
    public boolean observesCurvature() {
        return curvature != null;
    }

    @Override
    public void afterForward(Tensor output, Loss loss, OptState state) {
        if (!timing) {
            curvature.afterForward(output, loss, state);
            return;
        }
        long t0 = System.nanoTime();
        curvature.afterForward(output, loss, state);
        nanos += System.nanoTime() - t0;
    }

    void time(boolean on) {
        timing = on;
        nanos = 0;
    }

    long nanos() {
        return nanos;
    }
}
