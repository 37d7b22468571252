package saturn.engine.optim;

/** Euclidean norms accumulated in double, for the trust ratios and clipping. */
final class Norms {

    private Norms() {
    }

    static double norm(float[] x, int off, int n) {
        double s = 0;
        for (int i = off; i < off + n; i++) s += (double) x[i] * x[i];
        return Math.sqrt(s);
    }

    static double norm(float[] x) {
        return norm(x, 0, x.length);
    }
}
