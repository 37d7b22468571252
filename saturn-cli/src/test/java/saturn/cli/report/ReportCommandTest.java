package saturn.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import saturn.cli.Cli;
import saturn.cli.html.HtmlChecks;
import saturn.cli.run.RunData;
import saturn.theory.Activation;
import saturn.theory.meanfield.MeanField;

class ReportCommandTest {

    private static final String DATA = "synthetic:spirals?n=256&test=64";

    @TempDir
    Path tmp;

    private Path train(String name, String... extra) {
        Path run = tmp.resolve(name);
        List<String> args = new java.util.ArrayList<>(List.of("train", "--data", DATA, "--depth", "4", "--width", "8",
                "--activation", "tanh", "--batch", "32", "--threads", "1", "--max-steps", "12", "--eval-every", "4",
                "--diag-every", "3", "--out", run.toString()));
        args.addAll(List.of(extra));
        Cli r = Cli.run(args.toArray(String[]::new));
        assertThat(r.exitCode()).as(r.err()).isZero();
        return run;
    }

    @Test
    void trainWritesTheRunReportAndPrintsItsPath() {
        Path run = train("run");
        assertThat(run.resolve("report.html")).isRegularFile();
    }

    @Test
    void theRunReportHasEverySectionItsPlotsAndNoUrl() throws IOException {
        Path run = train("run", "--init", "gaussian:2,0.05", "--transform", "normalize");
        Path file = tmp.resolve("out.html");
        Cli r = Cli.run("report", run.toString(), "--out", file.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("report: " + file);
        String html = Files.readString(file);
        for (String heading : List.of("Summary", "Loss and accuracy", "Gradient flow", "Saturation",
                "Backward gain per layer against the theory", "Activation", "Configuration", "Derived constants",
                "Compute backends")) {
            assertThat(html).contains(">" + heading + "</h2>");
        }
        for (String chart : List.of("<title>Loss</title>", "<title>Accuracy</title>", "<title>Gradient flow: log10 delta_rms",
                "<title>Saturated share of units", "<title>Backward gain chi_emp per layer", "<title>Activation on [-4, 4]")) {
            assertThat(html).contains(chart);
        }
        HtmlChecks.assertNoUrl(html);
        HtmlChecks.assertBalanced(html);
        // 4 hidden layers x 5 diagnosed steps (1, 3, 6, 9, 12) in each layer heatmap
        assertThat(count(html, "hidden layer 4: ")).isEqualTo(2 * 5);
        assertThat(html).contains("gemm=").contains("simd=");
        assertThat(html).contains("network φ̂");   // the transformed activation is drawn too
    }

    @Test
    void theTheoryLineUsesTheNetworkActivationAndTheRecordedVariances() throws IOException {
        Path run = train("run", "--init", "gaussian:2,0.05");
        String html = Files.readString(run.resolve("report.html"));
        double chi1 = new MeanField(saturn.theory.gauss.Derivatives.of(Activation.parse("tanh")), 2, 0.05).point().chi1();
        assertThat(chi1).isBetween(1.04, 1.06);   // README: 1.04767
        assertThat(html).contains(String.format(Locale.ROOT, "χ1 = %.4g", chi1).replaceAll("0+$", ""));

        Path tat = train("tat", "--transform", "tat", "--init", "orthogonal");
        String tatHtml = Files.readString(tat.resolve("report.html"));
        assertThat(tatHtml).contains("Theory for φ = " + RunData.read(tat).derived().get("transform_formula").asText());
    }

    @Test
    void aSweepReportComparesTheTrialsAndDrawsTheTrainabilityHeatmapWithTheTheoryCurve() throws IOException {
        Path grid = tmp.resolve("g.yaml");
        Files.writeString(grid, """
                data: "synthetic:spirals?n=256&test=64"
                activation: tanh
                width: 8
                batch: 32
                threads: 1
                max-steps: 8
                eval-every: 4
                init: ["gaussian:1,0.05", "gaussian:2,0.05"]
                depth: [2, 30]
                """);
        Path out = tmp.resolve("sweep");
        assertThat(Cli.run("sweep", "--config", grid.toString(), "--out", out.toString()).exitCode()).isZero();
        Path file = tmp.resolve("sweep.html");
        Cli r = Cli.run("report", out.toString(), "--out", file.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        String html = Files.readString(file);
        assertThat(html).contains(">Comparison</h2>").contains(">Trainability: σw² × depth</h2>")
                .contains("<title>Test accuracy</title>").contains("6ξc (tanh, σb² = 0.05)");
        // the 6ξc curve: at σb² = 0.05 tanh is critical near σw² = 1.76, so between σw² = 1 and 2 it rises
        // past depth 30 and leaves the plot: a red path is drawn
        assertThat(html).containsPattern("<path d=\"M[^\"]+\" fill=\"none\" stroke=\"#ff2d2d\"");
        for (String t : List.of("init-gaussian-1-0.05_depth-2", "init-gaussian-2-0.05_depth-30")) assertThat(html).contains(t);
        // 2 x 2 cells with their accuracy
        assertThat(count(html, "σw² 2, depth 30: ")).isEqualTo(1);
        HtmlChecks.assertNoUrl(html);
        HtmlChecks.assertBalanced(html);
    }

    @Test
    void damagedRunFilesAreOneLineNamingTheFile() throws IOException {
        Path run = train("run");
        Path out = tmp.resolve("r.html");
        String config = Files.readString(run.resolve("config.yaml"));
        byte[] metrics = Files.readAllBytes(run.resolve("metrics.jsonl"));

        Files.writeString(run.resolve("summary.json"), "{\"status\": \"compl");
        assertOneLine(Cli.run("report", run.toString(), "--out", out.toString()), run.resolve("summary.json") + " is damaged");
        Files.writeString(run.resolve("summary.json"), "[1, 2]");
        assertOneLine(Cli.run("report", run.toString(), "--out", out.toString()), run.resolve("summary.json") + " is damaged");
        Files.delete(run.resolve("summary.json"));

        Files.writeString(run.resolve("config.yaml"), "options: {depth: [4\n");
        assertOneLine(Cli.run("report", run.toString(), "--out", out.toString()), "bad YAML in " + run.resolve("config.yaml"));
        Files.writeString(run.resolve("config.yaml"), "options: 5\n");
        assertOneLine(Cli.run("report", run.toString(), "--out", out.toString()), "has no 'options' section");
        Files.writeString(run.resolve("config.yaml"), config);

        byte[] damaged = java.util.Arrays.copyOf(metrics, metrics.length + 3);
        damaged[metrics.length] = (byte) 0xff;
        damaged[metrics.length + 1] = (byte) 0xfe;
        damaged[metrics.length + 2] = '\n';
        Files.write(run.resolve("metrics.jsonl"), damaged);
        long badLine = new String(metrics, java.nio.charset.StandardCharsets.UTF_8).lines().count() + 1;
        assertOneLine(Cli.run("report", run.toString(), "--out", out.toString()),
                run.resolve("metrics.jsonl") + " is damaged: line " + badLine + " is not UTF-8 text");
        Files.write(run.resolve("metrics.jsonl"), metrics);

        Files.writeString(run.resolve("config.yaml"), config.replace("activation: tanh", "activation: \"tanh(\""));
        Cli odd = Cli.run("report", run.toString(), "--out", out.toString());
        assertThat(odd.exitCode()).as(odd.err()).isZero();
        assertThat(Files.readString(out)).contains("The activation of config.yaml cannot be read");
    }

    @Test
    void aReportNeverReplacesAFileOfTheRun() throws IOException {
        Path run = train("run");
        byte[] metrics = Files.readAllBytes(run.resolve("metrics.jsonl"));
        assertOneLine(Cli.run("report", run.toString(), "--out", run.resolve("metrics.jsonl").toString()),
                "lies in the saturn folder " + run.toAbsolutePath());
        assertThat(Files.readAllBytes(run.resolve("metrics.jsonl"))).isEqualTo(metrics);
        assertOneLine(Cli.run("report", run.toString(), "--out", run.resolve("checkpoints/step-12.safetensors").toString()),
                "whose files a report never replaces");
        assertOneLine(Cli.run("report", run.toString(), "--out", run.resolve("checkpoints").toString()), "is a folder");
        // nor one of another run's
        Path other = train("other");
        byte[] config = Files.readAllBytes(other.resolve("config.yaml"));
        assertOneLine(Cli.run("report", run.toString(), "--out", other.resolve("config.yaml").toString()),
                "lies in the saturn folder " + other.toAbsolutePath());
        assertThat(Files.readAllBytes(other.resolve("config.yaml"))).isEqualTo(config);
        // an .html beside the run's files is a report
        Cli ok = Cli.run("report", run.toString(), "--out", run.resolve("again.html").toString());
        assertThat(ok.exitCode()).as(ok.err()).isZero();
    }

    private static void assertOneLine(Cli r, String message) {
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains(message);
        assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
    }

    @Test
    void aFolderThatIsNeitherARunNorASweepIsBadInput() {
        Cli r = Cli.run("report", tmp.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("neither a run directory");
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) n++;
        return n;
    }
}
