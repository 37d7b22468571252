package saturn.cli.analyze;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.stream.IntStream;
import saturn.cli.plot.PhaseDiagramChart;
import saturn.theory.Activation;
import saturn.theory.gauss.Derivatives;
import saturn.theory.meanfield.CriticalLine;
import saturn.theory.meanfield.MeanField;
import saturn.theory.meanfield.NoCriticalPointException;

/**
 * Computes ξ_c over the (σ_w², σ_b²) plane and the critical line, and draws them. The σ_w²
 * range follows the activation's own critical line (sigmoid's sits near 16, tanh's near 1).
 */
final class PhaseDiagram {

    static final int W_POINTS = 48;
    static final int B_POINTS = 32;
    static final double MAX_SIGMA_B2 = 1.0;

    private PhaseDiagram() {
    }

    static PhaseDiagramChart.Grid grid(Activation activation, double[] criticalB2, double[] criticalW2) {
        Derivatives phi = Derivatives.of(activation);
        double top = 0;
        for (double w : criticalW2) if (Double.isFinite(w)) top = Math.max(top, w);
        if (top == 0) top = 2;
        double maxW2 = 2 * top;
        double[] w2 = new double[W_POINTS];
        double[] b2 = new double[B_POINTS];
        for (int i = 0; i < W_POINTS; i++) w2[i] = maxW2 * (i + 1) / W_POINTS;
        for (int j = 0; j < B_POINTS; j++) b2[j] = MAX_SIGMA_B2 * j / (B_POINTS - 1);
        double[][] xi = new double[W_POINTS][B_POINTS];
        IntStream.range(0, W_POINTS).parallel().forEach(i -> {
            for (int j = 0; j < B_POINTS; j++) xi[i][j] = new MeanField(phi, w2[i], b2[j]).point().xiC();
        });
        return new PhaseDiagramChart.Grid(w2, b2, xi);
    }

    static void write(Path png, Activation activation) {
        Derivatives phi = Derivatives.of(activation);
        double[] cb = new double[B_POINTS];
        double[] cw = new double[B_POINTS];
        IntStream.range(0, B_POINTS).parallel().forEach(j -> {
            cb[j] = MAX_SIGMA_B2 * j / (B_POINTS - 1);
            try {
                cw[j] = CriticalLine.forBiasVariance(phi, cb[j]).sigmaW2();
            } catch (NoCriticalPointException e) {
                cw[j] = Double.NaN;
            }
        });
        try {
            PhaseDiagramChart.write(png, activation.name(), grid(activation, cb, cw), cb, cw);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + png + ": " + e.getMessage(), e);
        }
    }
}
