import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import saturn.cli.html.LineChart;
import saturn.cli.html.Svg;
import saturn.cli.run.RunData;
import saturn.cli.run.RunReport;

/**
 * The README's picture: the vanishing factor over training of a demo's naive and --remedy auto
 * runs, one colour per activation, solid for the remedy and dashed for naive. Reads a folder
 * written by `saturn demo` and writes a stand-alone SVG.
 *
 * <pre>
 * ./saturn demo --quick --out runs/demo-quick
 * java -cp "saturn-cli/target/classes:saturn-cli/target/lib/*" tools/VanishingPicture.java runs/demo-quick docs/vanishing.svg
 * </pre>
 */
public class VanishingPicture {

    public static void main(String[] args) throws Exception {
        Path demo = Path.of(args[0]);
        List<String> activations = List.of("sigmoid", "tanh", "gauss");
        LineChart chart = new LineChart("Vanishing factor δ₁/δ_L: naive (dashed) against --remedy auto (solid)", "step",
                "vanishing factor").logY().reference("healthy: 1", 1);
        for (int a = 0; a < activations.size(); a++) {
            for (String setup : List.of("naive", "auto")) {
                RunData run = RunData.read(demo.resolve(activations.get(a) + "_" + setup));
                LineChart.Style style = LineChart.Style.of(a).bold();
                chart.add(activations.get(a) + (setup.equals("auto") ? ", --remedy auto" : ", naive (Xavier)"),
                        RunReport.column(run.diagnostics(), "step"), RunReport.column(run.diagnostics(), "vanishing_factor"),
                        setup.equals("auto") ? style : style.dash(LineChart.Dash.DASHED));
            }
        }
        byte[] svg = Svg.standalone(chart.svg(760, 380)).getBytes(StandardCharsets.UTF_8);
        Files.write(Path.of(args[1]), svg);
    }
}
