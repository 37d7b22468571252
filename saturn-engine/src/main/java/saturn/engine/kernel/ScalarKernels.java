package saturn.engine.kernel;

/** Plain loops: the reference implementation of {@link Kernels} and the fallback. */
public final class ScalarKernels implements Kernels {

    @Override
    public void columnSums(float[] g, int rows, int cols, float[] out) {
        ActivationKernel.columnSumsInChunks(g, rows, cols, out);
    }

    @Override
    public void mul(float[] a, float[] b, float[] out, int n) {
        for (int i = 0; i < n; i++) out[i] = a[i] * b[i];
    }

    @Override
    public void mulFlushToZero(float[] a, float[] b, float[] out, int n) {
        for (int i = 0; i < n; i++) {
            float p = a[i] * b[i];
            out[i] = Math.abs(p) < Float.MIN_NORMAL ? 0f : p;
        }
    }

    @Override
    public void axpy(float alpha, float[] x, float[] y, int n) {
        for (int i = 0; i < n; i++) y[i] += alpha * x[i];
    }

    @Override
    public void axpy(float alpha, float[] x, int xOff, float[] y, int yOff, int n) {
        for (int i = 0; i < n; i++) y[yOff + i] += alpha * x[xOff + i];
    }

    @Override
    public void scale(float alpha, float[] x, int n) {
        for (int i = 0; i < n; i++) x[i] *= alpha;
    }

    @Override
    public double sumSquares(float[] x, int off, int n) {
        return SumOrder.sumSquares(x, off, n);
    }

    @Override
    public double dotThenMove(float[] x, int xOff, float[] g, int gOff, float[] p, int pOff, int n) {
        double s = dot(x, xOff, g, gOff, n);
        System.arraycopy(x, xOff, g, gOff, n);
        if (p != null) axpy(1f, x, xOff, p, pOff, n);
        return s;
    }

    @Override
    public double dot(float[] a, int aOff, float[] b, int bOff, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) s += (double) a[aOff + i] * b[bOff + i];
        return s;
    }

    @Override
    public double sum(float[] x, int off, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) s += x[off + i];
        return s;
    }

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

    /** {@link #adam} on {@code [from, n)}: the reference, and the SIMD kernel's tail. */
    public static void adamTail(float[] w, float[] g, float[] m, float[] v, int from, int n, float b1, float b2,
                                float c1, float c2, float eps, boolean decay, float weightDecay, float rate) {
        float floor = Kernels.adamSquareFloor(1f - b2);
        for (int i = from; i < n; i++) {
            float u = adamElement(g, m, v, i, b1, b2, c1, c2, eps, floor);
            if (decay) u = u + weightDecay * w[i];
            w[i] = w[i] + u * rate;
        }
    }

    /** Adam's moments of element i, updated in place, and its step {@code m̂/(√v̂ + eps)}. */
    private static float adamElement(float[] g, float[] m, float[] v, int i, float b1, float b2, float c1, float c2,
                                     float eps, float floor) {
        float gi = g[i];
        float mi = b1 * m[i] + (1f - b1) * gi;
        float gs = Math.abs(gi) < floor ? 0f : gi;   // no subnormal square term (Kernels.adamSquareFloor)
        float vi = b2 * v[i] + (1f - b2) * gs * gs;
        m[i] = mi;
        v[i] = vi;
        return (mi * c1) / ((float) Math.sqrt(vi * c2) + eps);
    }

    @Override
    public void lars(float[] w, float[] g, float[] t, int n, boolean scaled, float local, float weightDecay, float rate,
                     float momentum) {
        larsTail(w, g, t, 0, n, scaled, local, weightDecay, rate, momentum);
    }

    /** {@link #lars} on {@code [from, n)}: the reference, and the SIMD kernel's tail. */
    public static void larsTail(float[] w, float[] g, float[] t, int from, int n, boolean scaled, float local,
                                float weightDecay, float rate, float momentum) {
        for (int i = from; i < n; i++) {
            float u = scaled ? local * (g[i] + weightDecay * w[i]) : g[i];
            float ti = u * rate + momentum * t[i];
            t[i] = ti;
            w[i] = w[i] + ti;
        }
    }

    @Override
    public void lambMoments(float[] w, float[] g, float[] m, float[] v, float[] u, int n, float b1, float b2, float c1,
                            float c2, float eps, float weightDecay, double[] partials) {
        lambMomentsTail(w, g, m, v, u, 0, n, b1, b2, c1, c2, eps, weightDecay);
        SumOrder.partials(w, 0, n, partials, 0);
        SumOrder.partials(u, 0, n, partials, SumOrder.PARTS);
    }

    /** {@link #lambMoments} on {@code [from, n)}: the reference, and the SIMD kernel's tail. */
    public static void lambMomentsTail(float[] w, float[] g, float[] m, float[] v, float[] u, int from, int n, float b1,
                                       float b2, float c1, float c2, float eps, float weightDecay) {
        float floor = Kernels.adamSquareFloor(1f - b2);
        for (int i = from; i < n; i++) {
            float ui = adamElement(g, m, v, i, b1, b2, c1, c2, eps, floor);
            if (weightDecay != 0) ui = ui + weightDecay * w[i];
            u[i] = ui;
        }
    }

    @Override
    public void addScaled(float[] w, float[] u, int n, float ratio, float rate) {
        for (int i = 0; i < n; i++) w[i] = w[i] + (u[i] * ratio) * rate;
    }

    @Override
    public void rmsprop(float[] w, float[] g, float[] nu, float[] mu, float[] t, int n, float rho, float eps,
                        float momentum, float rate) {
        rmspropTail(w, g, nu, mu, t, 0, n, rho, eps, momentum, rate);
    }

    /** {@link #rmsprop} on {@code [from, n)}: the reference, and the SIMD kernel's tail. */
    public static void rmspropTail(float[] w, float[] g, float[] nu, float[] mu, float[] t, int from, int n, float rho,
                                   float eps, float momentum, float rate) {
        float a = 1f - rho;
        for (int i = from; i < n; i++) {
            float gi = g[i];
            float vi = rho * nu[i] + a * gi * gi;
            nu[i] = vi;
            float var = vi;
            if (mu != null) {
                float mi = rho * mu[i] + a * gi;
                mu[i] = mi;
                var = vi - mi * mi;
            }
            float u = gi / ((float) Math.sqrt(Math.max(var, 0f)) + eps);
            if (t != null) {
                u = u + momentum * t[i];
                t[i] = u;
            }
            w[i] = w[i] + u * rate;
        }
    }

    @Override
    public void adagrad(float[] w, float[] g, float[] s, int n, float eps, float rate) {
        adagradTail(w, g, s, 0, n, eps, rate);
    }

    /** {@link #adagrad} on {@code [from, n)}: the reference, and the SIMD kernel's tail. */
    public static void adagradTail(float[] w, float[] g, float[] s, int from, int n, float eps, float rate) {
        for (int i = from; i < n; i++) {
            float gi = g[i];
            float si = s[i] + gi * gi;
            s[i] = si;
            w[i] = w[i] + (gi / ((float) Math.sqrt(si) + eps)) * rate;
        }
    }

    @Override
    public void sign(float[] w, float[] g, float[] t, int n, float beta, float rate) {
        signTail(w, g, t, 0, n, beta, rate);
    }

    @Override
    public void rprop(float[] w, float[] g, float[] prev, float[] step, int n, float etaPlus, float etaMinus,
                      float stepMin, float stepMax) {
        rpropTail(w, g, prev, step, 0, n, etaPlus, etaMinus, stepMin, stepMax);
    }

    /** {@link #rprop} on {@code [from, n)}: the reference (as {@code ScaleByRprop}), and the SIMD kernel's tail. */
    public static void rpropTail(float[] w, float[] g, float[] prev, float[] step, int from, int n, float etaPlus,
                                 float etaMinus, float stepMin, float stepMax) {
        for (int i = from; i < n; i++) {
            float gi = g[i];
            float s = gi * prev[i];
            if (s > 0) {
                step[i] = Math.min(step[i] * etaPlus, stepMax);
            } else if (s < 0) {
                step[i] = Math.max(step[i] * etaMinus, stepMin);
                gi = 0f;
            }
            prev[i] = gi;
            w[i] = w[i] + (step[i] * Math.signum(gi)) * -1f;
        }
    }

    /** {@link #sign} on {@code [from, n)}: the reference, and the SIMD kernel's tail. */
    public static void signTail(float[] w, float[] g, float[] t, int from, int n, float beta, float rate) {
        for (int i = from; i < n; i++) {
            float d = g[i];
            if (t != null) {
                d = d + beta * t[i];
                t[i] = d;
            }
            w[i] = w[i] + Math.signum(d) * rate;
        }
    }

    @Override
    public void lion(float[] w, float[] g, float[] m, int n, float b1, float b2, boolean decay, float weightDecay,
                     float rate) {
        lionTail(w, g, m, 0, n, b1, b2, decay, weightDecay, rate);
    }

    /** {@link #lion} on {@code [from, n)}: the reference, and the SIMD kernel's tail. */
    public static void lionTail(float[] w, float[] g, float[] m, int from, int n, float b1, float b2, boolean decay,
                                float weightDecay, float rate) {
        float a1 = 1f - b1;
        float a2 = 1f - b2;
        for (int i = from; i < n; i++) {
            float gi = g[i];
            float u = Math.signum(b1 * m[i] + a1 * gi);
            m[i] = b2 * m[i] + a2 * gi;
            if (decay) u = u + weightDecay * w[i];
            w[i] = w[i] + u * rate;
        }
    }

    @Override
    public void smorms3(float[] w, float[] g, float[] mem, float[] g1, float[] g2, int n, float lr, float eps) {
        smorms3Tail(w, g, mem, g1, g2, 0, n, lr, eps);
    }

    /** {@link #smorms3} on {@code [from, n)}: the reference, and the SIMD kernel's tail. */
    public static void smorms3Tail(float[] w, float[] g, float[] mem, float[] g1, float[] g2, int from, int n, float lr,
                                   float eps) {
        for (int i = from; i < n; i++) {
            float gi = g[i];
            float r = 1f / (mem[i] + 1f);
            float a = (1f - r) * g1[i] + r * gi;
            float b = (1f - r) * g2[i] + r * gi * gi;
            g1[i] = a;
            g2[i] = b;
            float x = a * a / (b + eps);
            w[i] = w[i] - gi * Math.min(lr, x) / ((float) Math.sqrt(b) + eps);
            mem[i] = 1f + mem[i] * (1f - x);
        }
    }

    @Override
    public void momentum(float[] w, float[] g, float[] t, int n, float beta, boolean nesterov, float rate) {
        for (int i = 0; i < n; i++) {
            float gi = g[i];
            float ti = gi + beta * t[i];
            t[i] = ti;
            float u = nesterov ? gi + beta * ti : ti;
            w[i] = w[i] + u * rate;
        }
    }

    @Override
    public ActivationKernel activation(ActivationProgram program) {
        return new ScalarActivationKernel(program);
    }

    @Override
    public String name() {
        return "scalar";
    }
}
