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
    public ActivationKernel activation(ActivationProgram program) {
        return new ScalarActivationKernel(program);
    }

    @Override
    public String name() {
        return "scalar";
    }
}
