package saturn.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xml.sax.InputSource;
import saturn.cli.Cli;
import saturn.cli.html.HtmlChecks;

/**
 * The three kinds of report — a run's, a sweep's and the demo's — as a reader gets them: every
 * chart is well-formed SVG, legends carry full labels, accuracy sits on a 0–1 axis with chance
 * marked, the vanishing factor has its line at 1, a sweep links each trial's own report and the
 * demo shows every run's gradient map; and, where Chromium is installed (.ci/run installs it),
 * a headless browser renders each page with its charts in colour.
 */
class ReportRenderingTest {

    private static final String DATA = "synthetic:spirals?n=256&test=64";

    @TempDir
    static Path tmp;
    private static Path run;
    private static Path sweep;
    private static Path demo;

    @BeforeAll
    static void writeTheReports() throws IOException {
        run = tmp.resolve("run");
        Cli t = Cli.run("train", "--data", DATA, "--depth", "4", "--width", "8", "--activation", "tanh", "--batch", "32",
                "--threads", "1", "--max-steps", "12", "--eval-every", "4", "--diag-every", "3", "--out", run.toString());
        assertThat(t.exitCode()).as(t.err()).isZero();

        Path grid = tmp.resolve("grid.yaml");
        Files.writeString(grid, """
                data: "synthetic:spirals?n=256&test=64"
                activation: tanh
                width: 8
                batch: 32
                threads: 1
                max-steps: 8
                eval-every: 4
                diag-every: 2
                init: ["gaussian:1,0.05", "gaussian:1.76,0.05", "gaussian:3,0.05"]
                depth: [2, 6]
                """);
        sweep = tmp.resolve("sweep");
        Cli s = Cli.run("sweep", "--config", grid.toString(), "--out", sweep.toString());
        assertThat(s.exitCode()).as(s.err()).isZero();

        demo = tmp.resolve("demo");
        Cli d = Cli.run("demo", "--scale", "tiny", "--out", demo.toString());
        assertThat(d.exitCode()).as(d.err()).isZero();
    }

    private static String html(Path dir) throws IOException {
        return Files.readString(dir.resolve("report.html"));
    }

    @Test
    void everyChartIsWellFormedSvgAndThePagesAreSelfContained() throws Exception {
        for (Path dir : List.of(run, sweep, demo)) {
            String html = html(dir);
            HtmlChecks.assertNoUrl(html);
            HtmlChecks.assertBalanced(html);
            List<String> svgs = svgs(html);
            assertThat(svgs).as(dir.toString()).isNotEmpty();
            for (String svg : svgs) {
                var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new InputSource(new StringReader(svg)));
                assertThat(doc.getDocumentElement().getTagName()).isEqualTo("svg");
                assertThat(svg).doesNotContain("NaN").doesNotContain("Infinity");
            }
        }
    }

    @Test
    void accuracyIsOnTheFullScaleWithChanceMarkedAndTheVanishingFactorHasItsLineAtOne() throws IOException {
        String runHtml = html(run);
        String accuracy = chart(runHtml, "Accuracy");
        assertThat(yTicks(accuracy)).startsWith("0").endsWith("1");
        assertThat(accuracy).contains(">chance 0.5</text>");
        for (Path dir : List.of(sweep, demo)) {
            String acc = chart(html(dir), "Test accuracy");
            assertThat(yTicks(acc)).as(dir.toString()).startsWith("0").endsWith("1");
            assertThat(acc).contains(">chance 0.5</text>");
            assertThat(chart(html(dir), "Vanishing factor δ₁/δ_L")).contains(">healthy: 1</text>");
        }
        // the test curve is a line through its evaluations, drawn above the train curve, not loose dots
        assertThat(accuracy).containsPattern("<g><title>test set</title><path d=\"M[^\"]+ L[^\"]+ L");
    }

    @Test
    void sweepLegendsNameEveryValueInFullWithColourForOneAxisAndDashForTheOther() throws IOException {
        String acc = chart(html(sweep), "Test accuracy");
        for (String label : List.of("init gaussian:1,0.05", "init gaussian:1.76,0.05", "init gaussian:3,0.05", "depth 2",
                "depth 6")) {
            assertThat(acc).contains(">" + label + "</text>");
        }
        assertThat(acc).doesNotContain("…");
        // three colours and two dashes, one curve per trial
        List<String> curves = new ArrayList<>();
        Matcher m = Pattern.compile("<g><title>[^<]+</title><path d=\"[^\"]+\" fill=\"none\" stroke=\"(#[0-9a-f]{6})\""
                + "[^>]*?(stroke-dasharray=\"[0-9,]+\")?/>").matcher(acc);
        while (m.find()) curves.add(m.group(1) + " " + m.group(2));
        assertThat(curves).hasSize(6).doesNotHaveDuplicates();
        assertThat(curves.stream().map(c -> c.split(" ")[0]).distinct()).hasSize(3);
        assertThat(curves.stream().map(c -> c.split(" ")[1]).distinct()).hasSize(2);

        String demoAcc = chart(html(demo), "Test accuracy");
        assertThat(demoAcc).contains(">setup naive: Xavier, Adam</text>").contains(">activation sigmoid</text>");
    }

    @Test
    void sweepAndDemoReportsLinkEachTrialsReportAndTheDemoShowsEveryRunsGradientMap() throws IOException {
        for (Path dir : List.of(sweep, demo)) {
            String html = html(dir);
            Matcher m = Pattern.compile("<a href=\"([^\"]+)\">").matcher(html);
            int links = 0;
            while (m.find()) {
                assertThat(dir.resolve(m.group(1))).as(m.group(1)).isRegularFile();
                assertThat(m.group(1)).endsWith("/report.html");
                links++;
            }
            assertThat(links).as(dir.toString()).isEqualTo(trials(dir));
        }
        String demoHtml = html(demo);
        assertThat(demoHtml).contains(">Gradient flow of each trial</h2>");
        assertThat(count(demoHtml, "<title>sigmoid · naive: Xavier, Adam · 1e-4</title>")).isEqualTo(1);
        assertThat(count(demoHtml, " delta_rms</text>")).isEqualTo(trials(demo));
    }

    @Test
    void aHeadlessBrowserDrawsEachReportWithItsChartsInColour() throws Exception {
        Path chromium = Stream.of("/usr/bin/chromium", "/usr/bin/chromium-browser").map(Path::of).filter(Files::isExecutable)
                .findFirst().orElse(null);
        Assumptions.assumeTrue(chromium != null, "Chromium is not installed (apt-get install chromium): no screenshot");
        for (Path dir : List.of(run, sweep, demo)) {
            Path png = tmp.resolve(dir.getFileName() + ".png");
            Process p = new ProcessBuilder(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                    "--hide-scrollbars", "--window-size=1200,2400", "--screenshot=" + png,
                    dir.resolve("report.html").toUri().toString()).redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
            assertThat(png).as(log).isRegularFile();
            BufferedImage image = ImageIO.read(png.toFile());
            assertThat(image.getWidth()).isEqualTo(1200);
            // the first palette colour (every chart's first curve) and viridis's dark end (the heatmaps' cells
            // and colour bars) are on the rendered page, not just in its source
            assertThat(pixels(image, 0x4e79a7)).as(dir + ": curves drawn").isGreaterThan(50);
            assertThat(pixels(image, 0x440154) + pixels(image, 0xfde725)).as(dir + ": heatmaps drawn").isGreaterThan(20);
        }
    }

    private static long pixels(BufferedImage image, int rgb) {
        long n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int c = image.getRGB(x, y) & 0xffffff;
                if (Math.abs((c >> 16) - (rgb >> 16)) <= 6 && Math.abs(((c >> 8) & 0xff) - ((rgb >> 8) & 0xff)) <= 6
                        && Math.abs((c & 0xff) - (rgb & 0xff)) <= 6) n++;
            }
        }
        return n;
    }

    private static int trials(Path dir) throws IOException {
        try (var s = Files.list(dir)) {
            return (int) s.filter(d -> Files.isRegularFile(d.resolve("trial.json"))).count();
        }
    }

    private static List<String> svgs(String html) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("<svg .*?</svg>", Pattern.DOTALL).matcher(html);
        while (m.find()) out.add(m.group());
        return out;
    }

    private static String chart(String html, String title) {
        return svgs(html).stream().filter(s -> s.contains("<title>" + title + "</title>")).findFirst()
                .orElseThrow(() -> new AssertionError("no chart titled " + title));
    }

    /** The y tick labels of a line chart, bottom to top (the order they are drawn in). */
    private static List<String> yTicks(String svg) {
        List<String> t = new ArrayList<>();
        Matcher m = Pattern.compile("<text x=\"[0-9.]+\" y=\"[0-9.]+\" text-anchor=\"end\">([^<]+)</text>").matcher(svg);
        while (m.find()) t.add(m.group(1));
        return t;
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) n++;
        return n;
    }
}
