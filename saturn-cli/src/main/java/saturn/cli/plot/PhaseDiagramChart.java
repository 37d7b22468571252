package saturn.cli.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import saturn.engine.io.AtomicFiles;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The (σ_w², σ_b²) phase diagram of one activation: cells shaded by the correlation depth
 * scale ξ_c, with the critical line χ1 = 1 drawn over them. Cells are square markers,
 * one series per shade, so the line can share the axes (XChart's heat map cannot).
 */
public final class PhaseDiagramChart {

    /** ξ_c on a grid: {@code xiC[i][j]} at {@code sigmaW2[i]}, {@code sigmaB2[j]}; infinite on the critical line. */
    public record Grid(double[] sigmaW2, double[] sigmaB2, double[][] xiC) {
    }

    /** Shade edges in ξ_c (layers), chosen around the depths people train at. */
    private static final double[] EDGES = {1, 2, 5, 10, 20, 50, 100, 200, 500};
    private static final Color[] SHADES = {
        new Color(0x30123b), new Color(0x4145ab), new Color(0x4675ed), new Color(0x39a2fc),
        new Color(0x1bcfd4), new Color(0x24eca6), new Color(0x61fc6c), new Color(0xa4fc3b),
        new Color(0xd1e834), new Color(0xf3c63a),
    };

    private static final int WIDTH = 900;
    private static final int HEIGHT = 640;

    private PhaseDiagramChart() {
    }

    /**
     * Writes the diagram as PNG to {@code out}.
     *
     * @param criticalW2 σ_w² on the critical line for each value of {@code criticalB2} (NaN where none)
     */
    public static void write(Path out, String activation, Grid grid,
                             double[] criticalB2, double[] criticalW2) throws IOException {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Phase diagram of " + activation + ": correlation depth scale ξc, critical line χ1 = 1")
                .xAxisTitle("σw²").yAxisTitle("σb²").build();
        XYStyler styler = chart.getStyler();
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotGridLinesVisible(false);
        styler.setXAxisMin(grid.sigmaW2()[0]).setXAxisMax(grid.sigmaW2()[grid.sigmaW2().length - 1]);
        styler.setYAxisMin(grid.sigmaB2()[0]).setYAxisMax(grid.sigmaB2()[grid.sigmaB2().length - 1]);
        styler.setXAxisDecimalPattern("0.##");
        styler.setYAxisDecimalPattern("0.0#");
        styler.setYAxisTickMarkSpacingHint(60);
        int cell = (int) Math.ceil(Math.max(0.74 * WIDTH / grid.sigmaW2().length,
                0.86 * HEIGHT / grid.sigmaB2().length)) + 2;
        styler.setMarkerSize(cell);

        List<List<double[]>> byShade = new ArrayList<>();
        for (int s = 0; s < SHADES.length; s++) byShade.add(new ArrayList<>());
        for (int i = 0; i < grid.sigmaW2().length; i++) {
            for (int j = 0; j < grid.sigmaB2().length; j++) {
                double xi = grid.xiC()[i][j];
                if (Double.isNaN(xi)) continue;
                byShade.get(shade(xi)).add(new double[] {grid.sigmaW2()[i], grid.sigmaB2()[j]});
            }
        }
        for (int s = 0; s < SHADES.length; s++) {
            List<double[]> pts = byShade.get(s);
            if (pts.isEmpty()) continue;
            double[] x = new double[pts.size()];
            double[] y = new double[pts.size()];
            for (int p = 0; p < pts.size(); p++) {
                x[p] = pts.get(p)[0];
                y[p] = pts.get(p)[1];
            }
            XYSeries series = chart.addSeries(label(s), x, y);
            series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            series.setMarker(SeriesMarkers.SQUARE);
            series.setMarkerColor(SHADES[s]);
        }

        List<double[]> line = new ArrayList<>();
        for (int j = 0; j < criticalB2.length; j++) {
            if (Double.isFinite(criticalW2[j])) line.add(new double[] {criticalW2[j], criticalB2[j]});
        }
        if (!line.isEmpty()) {
            double[] x = line.stream().mapToDouble(p -> p[0]).toArray();
            double[] y = line.stream().mapToDouble(p -> p[1]).toArray();
            XYSeries critical = chart.addSeries("χ1 = 1 (critical)", x, y);
            critical.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            critical.setMarker(SeriesMarkers.NONE);
            critical.setLineColor(Color.BLACK);
            critical.setLineStyle(new BasicStroke(3f));
        }
        AtomicFiles.write(out, stream -> BitmapEncoder.saveBitmap(chart, stream, BitmapEncoder.BitmapFormat.PNG));
    }

    private static int shade(double xi) {
        for (int s = 0; s < EDGES.length; s++) {
            if (xi < EDGES[s]) return s;
        }
        return EDGES.length;
    }

    private static String label(int s) {
        if (s == 0) return "ξc < " + fmt(EDGES[0]);
        if (s == EDGES.length) return "ξc ≥ " + fmt(EDGES[EDGES.length - 1]);
        return "ξc " + fmt(EDGES[s - 1]) + "–" + fmt(EDGES[s]);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
