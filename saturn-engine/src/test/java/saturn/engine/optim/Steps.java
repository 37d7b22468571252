package saturn.engine.optim;

/** Runs an optimizer's composed path ({@code update}, then {@code params += updates}) on given gradients. */
final class Steps {

    private Steps() {
    }

    /**
     * Applies one step per gradient set; returns the parameters after each step (deep copies).
     * {@code grads[s][p]} is the gradient of parameter p at step s.
     */
    static float[][][] run(GradientTransformation opt, float[][] params, float[][]... grads) {
        OptState state = opt.init(params);
        return run(opt, state, params, grads);
    }

    static float[][][] run(GradientTransformation opt, OptState state, float[][] params, float[][]... grads) {
        float[][][] out = new float[grads.length][][];
        for (int s = 0; s < grads.length; s++) {
            float[][] u = new float[params.length][];
            for (int p = 0; p < params.length; p++) u[p] = grads[s][p].clone();
            opt.update(u, state, params);
            Optimizers.applyUpdates(params, u);
            out[s] = new float[params.length][];
            for (int p = 0; p < params.length; p++) out[s][p] = params[p].clone();
        }
        return out;
    }

    /** One parameter: {@code run(opt, {w0}, {{g1}}, {{g2}}, ...)} returning w after each step. */
    static float[][] single(GradientTransformation opt, float[] w0, float[]... grads) {
        float[][][] g = new float[grads.length][][];
        for (int s = 0; s < grads.length; s++) g[s] = new float[][] {grads[s]};
        float[][][] r = run(opt, new float[][] {w0.clone()}, g);
        float[][] out = new float[r.length][];
        for (int s = 0; s < r.length; s++) out[s] = r[s][0];
        return out;
    }
}
