package saturn.engine.kernel;

/** Plain loops: the reference implementation of {@link Kernels} and the fallback. */
public final class ScalarKernels implements Kernels {

    @Override
    public void addBias(float[] h, int rows, int cols, float[] bias) {
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            for (int c = 0; c < cols; c++) h[o + c] += bias[c];
        }
    }

    @Override
    public void sumRows(float[] g, int rows, int cols, float[] out) {
        for (int c = 0; c < cols; c++) {
            double s = 0;
            for (int r = 0; r < rows; r++) s += g[r * cols + c];
            out[c] += (float) s;
        }
    }

    @Override
    public void mul(float[] a, float[] b, float[] out, int n) {
        for (int i = 0; i < n; i++) out[i] = a[i] * b[i];
    }

    @Override
    public void axpy(float alpha, float[] x, float[] y, int n) {
        for (int i = 0; i < n; i++) y[i] += alpha * x[i];
    }

    @Override
    public void scale(float alpha, float[] x, int n) {
        for (int i = 0; i < n; i++) x[i] *= alpha;
    }

    @Override
    public double sumSquares(float[] x, int off, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            double v = x[off + i];
            s += v * v;
        }
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
