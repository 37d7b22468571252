package saturn.engine.optim;

import saturn.engine.kernel.SumOrder;

/**
 * {@link UpdateKernels} as plain loops over the transformations' per-element rules: the
 * reference that the vector kernels must match, and the fallback. Each loop reads its
 * recipe's chain element by element, so it computes the very floats of the composition. The
 * static {@code *Tail} methods run a step on elements {@code [from, n)}: they are these
 * kernels, and the vector kernels' tails.
 */
public final class ScalarUpdateKernels implements UpdateKernels {

    @Override
    public void adam(float[] w, float[] g, float[] m, float[] v, int n, float b1, float b2, float c1, float c2,
                     float eps, boolean decay, float weightDecay, float rate) {
        adamTail(w, g, m, v, 0, n, b1, b2, c1, c2, eps, decay, weightDecay, rate);
    }

    @Override
    public void adamRange(float[] w, float[] g, float[] m, float[] v, int from, int to, float b1, float b2, float c1,
                          float c2, float eps, boolean decay, float weightDecay, float rate) {
        adamTail(w, g, m, v, from, to, b1, b2, c1, c2, eps, decay, weightDecay, rate);
    }

    public static void adamTail(float[] w, float[] g, float[] m, float[] v, int from, int n, float b1, float b2,
                                float c1, float c2, float eps, boolean decay, float weightDecay, float rate) {
        float floor = ScaleByAdam.squareFloor(b2);
        for (int i = from; i < n; i++) {
            float u = ScaleByAdam.step(g[i], m, v, i, b1, b2, c1, c2, eps, floor);
            if (decay) u = AddDecayedWeights.step(u, w[i], weightDecay);
            w[i] = w[i] + u * rate;
        }
    }

    @Override
    public void momentum(float[] w, float[] g, float[] t, int n, float beta, boolean nesterov, float rate) {
        momentumTail(w, g, t, 0, n, beta, nesterov, rate);
    }

    public static void momentumTail(float[] w, float[] g, float[] t, int from, int n, float beta, boolean nesterov,
                                    float rate) {
        for (int i = from; i < n; i++) w[i] = w[i] + TraceMomentum.step(g[i], t, i, beta, nesterov) * rate;
    }

    @Override
    public void lars(float[] w, float[] g, float[] t, int n, boolean scaled, float local, float weightDecay, float rate,
                     float momentum) {
        larsTail(w, g, t, 0, n, scaled, local, weightDecay, rate, momentum);
    }

    public static void larsTail(float[] w, float[] g, float[] t, int from, int n, boolean scaled, float local,
                                float weightDecay, float rate, float momentum) {
        for (int i = from; i < n; i++) {
            float u = scaled ? ScaleByLars.step(g[i], w[i], local, weightDecay) : g[i];
            w[i] = w[i] + TraceMomentum.step(u * rate, t, i, momentum, false);
        }
    }

    @Override
    public void lambMoments(float[] w, float[] g, float[] m, float[] v, float[] u, int n, float b1, float b2, float c1,
                            float c2, float eps, float weightDecay, double[] partials) {
        lambMomentsTail(w, g, m, v, u, 0, n, b1, b2, c1, c2, eps, weightDecay);
        SumOrder.partials(w, 0, n, partials, 0);
        SumOrder.partials(u, 0, n, partials, SumOrder.PARTS);
    }

    /** {@link #lambMoments} on {@code [from, n)} without the norms. */
    public static void lambMomentsTail(float[] w, float[] g, float[] m, float[] v, float[] u, int from, int n, float b1,
                                       float b2, float c1, float c2, float eps, float weightDecay) {
        float floor = ScaleByAdam.squareFloor(b2);
        for (int i = from; i < n; i++) {
            float ui = ScaleByAdam.step(g[i], m, v, i, b1, b2, c1, c2, eps, floor);
            if (weightDecay != 0) ui = AddDecayedWeights.step(ui, w[i], weightDecay);
            u[i] = ui;
        }
    }

    @Override
    public void addScaled(float[] w, float[] u, int n, float ratio, float rate) {
        addScaledTail(w, u, 0, n, ratio, rate);
    }

    public static void addScaledTail(float[] w, float[] u, int from, int n, float ratio, float rate) {
        for (int i = from; i < n; i++) w[i] = w[i] + (u[i] * ratio) * rate;
    }

    @Override
    public void rmsprop(float[] w, float[] g, float[] nu, float[] mu, float[] t, int n, float rho, float eps,
                        float momentum, float rate) {
        rmspropTail(w, g, nu, mu, t, 0, n, rho, eps, momentum, rate);
    }

    public static void rmspropTail(float[] w, float[] g, float[] nu, float[] mu, float[] t, int from, int n, float rho,
                                   float eps, float momentum, float rate) {
        for (int i = from; i < n; i++) {
            float u = ScaleByRms.step(g[i], nu, mu, i, rho, eps);
            if (t != null) u = TraceMomentum.step(u, t, i, momentum, false);
            w[i] = w[i] + u * rate;
        }
    }

    @Override
    public void adagrad(float[] w, float[] g, float[] s, int n, float eps, float rate) {
        adagradTail(w, g, s, 0, n, eps, rate);
    }

    public static void adagradTail(float[] w, float[] g, float[] s, int from, int n, float eps, float rate) {
        for (int i = from; i < n; i++) w[i] = w[i] + ScaleByAdagrad.step(g[i], s, i, eps) * rate;
    }

    @Override
    public void sign(float[] w, float[] g, float[] t, int n, float beta, float rate) {
        signTail(w, g, t, 0, n, beta, rate);
    }

    public static void signTail(float[] w, float[] g, float[] t, int from, int n, float beta, float rate) {
        for (int i = from; i < n; i++) {
            float d = t != null ? TraceMomentum.step(g[i], t, i, beta, false) : g[i];
            w[i] = w[i] + Math.signum(d) * rate;
        }
    }

    @Override
    public void rprop(float[] w, float[] g, float[] prev, float[] step, int n, float etaPlus, float etaMinus,
                      float stepMin, float stepMax) {
        rpropTail(w, g, prev, step, 0, n, etaPlus, etaMinus, stepMin, stepMax);
    }

    public static void rpropTail(float[] w, float[] g, float[] prev, float[] step, int from, int n, float etaPlus,
                                 float etaMinus, float stepMin, float stepMax) {
        for (int i = from; i < n; i++) {
            w[i] = w[i] + ScaleByRprop.step(g[i], prev, step, i, etaPlus, etaMinus, stepMin, stepMax) * -1f;
        }
    }

    @Override
    public void lion(float[] w, float[] g, float[] m, int n, float b1, float b2, boolean decay, float weightDecay,
                     float rate) {
        lionTail(w, g, m, 0, n, b1, b2, decay, weightDecay, rate);
    }

    public static void lionTail(float[] w, float[] g, float[] m, int from, int n, float b1, float b2, boolean decay,
                                float weightDecay, float rate) {
        for (int i = from; i < n; i++) {
            float u = ScaleByLion.step(g[i], m, i, b1, b2);
            if (decay) u = AddDecayedWeights.step(u, w[i], weightDecay);
            w[i] = w[i] + u * rate;
        }
    }

    @Override
    public void smorms3(float[] w, float[] g, float[] mem, float[] g1, float[] g2, int n, float lr, float eps) {
        smorms3Tail(w, g, mem, g1, g2, 0, n, lr, eps);
    }

    public static void smorms3Tail(float[] w, float[] g, float[] mem, float[] g1, float[] g2, int from, int n, float lr,
                                   float eps) {
        for (int i = from; i < n; i++) w[i] = w[i] - ScaleBySmorms3.step(g[i], mem, g1, g2, i, lr, eps);
    }

    @Override
    public void scheduleFree(float[] w, float[] g, float[] z, float[] v, float[] y, int n, float b1, float b2, float gamma,
                             float c, float eps, float decay) {
        scheduleFreeTail(w, g, z, v, y, 0, n, b1, b2, gamma, c, eps, decay);
    }

    @Override
    public void scheduleFreeRange(float[] w, float[] g, float[] z, float[] v, float[] y, int from, int to, float b1,
                                  float b2, float gamma, float c, float eps, float decay) {
        scheduleFreeTail(w, g, z, v, y, from, to, b1, b2, gamma, c, eps, decay);
    }

    public static void scheduleFreeTail(float[] w, float[] g, float[] z, float[] v, float[] y, int from, int n, float b1,
                                        float b2, float gamma, float c, float eps, float decay) {
        float floor = ScaleByAdam.squareFloor(b2);
        for (int i = from; i < n; i++) {
            w[i] = w[i] + ScheduleFreeAdamW.step(g[i], w[i], z, v, y, i, b1, b2, gamma, c, eps, decay, floor);
        }
    }

    @Override
    public void dadapt(float[] w, float[] g, float[] m, float[] v, float[] s, int n, float b1, float b2, float sb2,
                       float a1, float as, float eps, float decay, double[] partials) {
        dadaptTail(w, g, m, v, s, 0, n, b1, b2, sb2, a1, as, eps, decay);
        SumOrder.partials(g, 0, n, SumOrder.Term.VALUE, partials, 0);
        SumOrder.partials(s, 0, n, SumOrder.Term.ABS, partials, SumOrder.PARTS);
    }

    /** {@link #dadapt} on {@code [from, n)} without the sums: the terms are left in {@code g}. */
    public static void dadaptTail(float[] w, float[] g, float[] m, float[] v, float[] s, int from, int n, float b1,
                                  float b2, float sb2, float a1, float as, float eps, float decay) {
        float floor = ScaleByAdam.squareFloor(b2);
        for (int i = from; i < n; i++) {
            float gi = g[i];
            g[i] = DAdaptAdam.term(gi, s, v, i, eps);
            w[i] = w[i] + DAdaptAdam.step(gi, w[i], m, v, s, i, b1, b2, sb2, a1, as, eps, decay, floor);
        }
    }

    @Override
    public void prodigyMoments(float[] w, float[] g, float[] m, float[] v, float[] s, float[] w0, int n, float b1,
                               float b2, float b3, float am, float av, float as, double[] partials) {
        prodigyMomentsTail(w, g, m, v, s, w0, 0, n, b1, b2, b3, am, av, as);
        SumOrder.partials(g, 0, n, SumOrder.Term.VALUE, partials, 0);
        SumOrder.partials(s, 0, n, SumOrder.Term.ABS, partials, SumOrder.PARTS);
    }

    /** {@link #prodigyMoments} on {@code [from, n)} without the sums: the terms are left in {@code g}. */
    public static void prodigyMomentsTail(float[] w, float[] g, float[] m, float[] v, float[] s, float[] w0, int from,
                                          int n, float b1, float b2, float b3, float am, float av, float as) {
        float floor = Prodigy.squareFloor(av);
        for (int i = from; i < n; i++) {
            float gi = g[i];
            g[i] = Prodigy.term(gi, w[i], w0, i);
            Prodigy.moments(gi, m, v, s, i, b1, b2, b3, am, av, as, floor);
        }
    }

    @Override
    public void prodigyStep(float[] w, float[] m, float[] v, int n, float rate, float eps, float decay) {
        prodigyStepTail(w, m, v, 0, n, rate, eps, decay);
    }

    public static void prodigyStepTail(float[] w, float[] m, float[] v, int from, int n, float rate, float eps,
                                       float decay) {
        for (int i = from; i < n; i++) w[i] = w[i] + Prodigy.step(w[i], m, v, i, rate, eps, decay);
    }

    @Override
    public String name() {
        return "scalar";
    }
}
