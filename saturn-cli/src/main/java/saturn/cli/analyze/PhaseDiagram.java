package saturn.cli.analyze;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.stream.IntStream;
import saturn.cli.html.Heatmap;
import saturn.cli.html.Svg;
import saturn.engine.io.AtomicFiles;
import saturn.theory.Activation;
import saturn.theory.gauss.Derivatives;
import saturn.theory.meanfield.CriticalLine;
import saturn.theory.meanfield.MeanField;
import saturn.theory.meanfield.NoCriticalPointException;

/**
 * The (σ_w², σ_b²) phase diagram of one activation as a stand-alone SVG file: cells coloured
 * by log10 of the correlation depth scale ξ_c, with the critical line χ1 = 1 drawn over them
 * (drawn by the reports' own {@link Heatmap}). The σ_w² range follows the activation's own
 * critical line (sigmoid's sits near 16, tanh's near 1).
 */
final class PhaseDiagram {

    static final int W_POINTS = 48;
    static final int B_POINTS = 32;
    static final double MAX_SIGMA_B2 = 1.0;
    /** The colour scale: ξ_c from 1 to 1000 layers (log10 0–3); longer depth scales, ∞ on the line, are the brightest. */
    static final double MAX_LOG_XI = 3;

    private PhaseDiagram() {
    }

    /** ξ_c on the grid, {@code xi[j][i]} at σ_b² {@code b2[j]} (rows) and σ_w² {@code w2[i]} (columns). */
    record Grid(double[] w2, double[] b2, double[][] xi) {
    }

    static Grid grid(Activation activation, double[] criticalW2) {
        Derivatives phi = Derivatives.of(activation);
        double top = 0;
        for (double w : criticalW2) if (Double.isFinite(w)) top = Math.max(top, w);
        if (top == 0) top = 2;
        double maxW2 = 2 * top;
        double[] w2 = new double[W_POINTS];
        double[] b2 = new double[B_POINTS];
        for (int i = 0; i < W_POINTS; i++) w2[i] = maxW2 * (i + 1) / W_POINTS;
        for (int j = 0; j < B_POINTS; j++) b2[j] = MAX_SIGMA_B2 * j / (B_POINTS - 1);
        double[][] xi = new double[B_POINTS][W_POINTS];
        IntStream.range(0, B_POINTS).parallel().forEach(j -> {
            for (int i = 0; i < W_POINTS; i++) xi[j][i] = new MeanField(phi, w2[i], b2[j]).point().xiC();
        });
        return new Grid(w2, b2, xi);
    }

    /** The diagram's SVG markup (inline form; {@link #write} adds the namespace of a file). */
    static String svg(Activation activation) {
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
        Grid g = grid(activation, cw);
        double[][] logXi = new double[B_POINTS][W_POINTS];
        for (int j = 0; j < B_POINTS; j++) {
            for (int i = 0; i < W_POINTS; i++) logXi[j][i] = g.xi()[j][i] > 0 ? Math.log10(g.xi()[j][i]) : Double.NaN;
        }
        return new Heatmap("Phase diagram of " + activation.name() + ": correlation depth scale ξc, critical line χ1 = 1",
                "σw²", "σb²", "log10 ξc (layers)", g.w2(), g.b2(), logXi)
                .range(0, MAX_LOG_XI)
                .curve("χ1 = 1 (critical)", cw, cb)
                .svg(900, 620);
    }

    static void write(Path file, Activation activation) {
        byte[] bytes = Svg.standalone(svg(activation)).getBytes(StandardCharsets.UTF_8);
        try {
            AtomicFiles.write(file, o -> o.write(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file + ": " + e.getMessage(), e);
        }
    }
}
