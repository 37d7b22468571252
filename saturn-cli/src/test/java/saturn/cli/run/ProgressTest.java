package saturn.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import saturn.cli.Cli;
import saturn.engine.train.TrainLine;

/** Progress for pipes and logs (plain lines at an interval), the ETA, and the terminal bar's layout. */
class ProgressTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void pipedProgressIsAPlainLineEveryIntervalAndTheFirstEtaLeavesOutTheStartUp() {
        AtomicLong clock = new AtomicLong();
        StringWriter text = new StringWriter();
        ProgressDisplay display = new ProgressDisplay(null, new ProgressLines(new PrintWriter(text), clock::get, 10),
                new Eta(), clock::get);
        // 70 s of start-up (JVM, data, the first evaluation and checkpoint), then one step a second
        for (int step = 1; step <= 100; step++) {
            clock.set((70 + step - 1) * SECOND);
            display.onStep(new TrainLine(step, 0, 2.0 / step, 0.5, 1e-3, 0), 100, 0.97);
        }
        List<String> lines = text.toString().lines().toList();
        assertThat(lines).hasSize(10);   // at 70 s, then every 10 s: steps 1, 11, 21, ..., 91
        assertThat(lines.getFirst()).isEqualTo("train: step 1/100 (1%), loss 2.0000, accuracy 0.500, "
                + "vanishing factor 9.70e-01, ETA ?");
        // the pace since step 1 is 1 s a step: 89 steps left at step 11 (a clock from the start would say 647 s)
        assertThat(lines.get(1)).startsWith("train: step 11/100 (11%), loss 0.1818").endsWith("ETA 1m29s");
        assertThat(lines.getLast()).startsWith("train: step 91/100").endsWith("ETA 9s");
        assertThat(text.toString()).doesNotContain("\r").doesNotContain("\u001b");
    }

    @Test
    void noLineBeforeAnIntervalHasPassed() {
        AtomicLong clock = new AtomicLong();
        StringWriter text = new StringWriter();
        ProgressLines lines = new ProgressLines(new PrintWriter(text), clock::get, 10);
        clock.set(9 * SECOND);
        assertThat(lines.offer(() -> "a")).isFalse();
        clock.set(10 * SECOND);
        assertThat(lines.offer(() -> "b")).isTrue();
        clock.set(19 * SECOND);
        assertThat(lines.offer(() -> {
            throw new AssertionError("built although not printed");
        })).isFalse();
        assertThat(text.toString()).isEqualTo("b" + System.lineSeparator());
    }

    @Test
    void etaFormats() {
        assertThat(Eta.format(OptionalDouble.empty())).isEqualTo("ETA ?");
        assertThat(Eta.format(OptionalDouble.of(44.6))).isEqualTo("ETA 45s");
        assertThat(Eta.format(OptionalDouble.of(725))).isEqualTo("ETA 12m05s");
        assertThat(Eta.format(OptionalDouble.of(7620))).isEqualTo("ETA 2h07m");
        Eta eta = new Eta();
        eta.observe(5, 100 * SECOND);
        assertThat(eta.secondsLeft(5, 10, 120 * SECOND)).isEmpty();
        eta.observe(7, 110 * SECOND);   // only the first observation sets the origin
        assertThat(eta.secondsLeft(9, 10, 120 * SECOND).getAsDouble()).isEqualTo(5.0);
    }

    @Test
    void theBarKeepsItsCellsOnANarrowTerminalAndDropsTheDetailsFirst() {
        String details = "loss 0.4123 acc 0.853 vanish 1.20e+00";
        String wide = BarRenderer.line("train", 0.45, "450/1000 steps", "ETA 1m29s", details, 200);
        assertThat(wide).startsWith("train  45% ▕").endsWith("▏ 450/1000 steps  ETA 1m29s  " + details);
        assertThat(cells(wide)).isEqualTo(BarRenderer.MAX_BAR);

        String eighty = BarRenderer.line("train", 0.45, "450/1000 steps", "ETA 1m29s", details, 80);
        assertThat(eighty.length()).isLessThanOrEqualTo(80);
        assertThat(eighty).doesNotContain("loss");
        assertThat(cells(eighty)).isBetween(BarRenderer.MIN_BAR, BarRenderer.MAX_BAR);

        String tiny = BarRenderer.line("train", 0.45, "450/1000 steps", "ETA 1m29s", details, 1);
        assertThat(cells(tiny)).isEqualTo(BarRenderer.MIN_BAR);

        assertThat(BarRenderer.bar(0.5, 10)).isEqualTo("█████     ");
        assertThat(BarRenderer.bar(1, 10)).isEqualTo("██████████");
        assertThat(BarRenderer.bar(0.05, 10)).isEqualTo("▌         ");
        assertThat(BarRenderer.bar(0, 10)).isEqualTo("          ");
    }

    private static int cells(String line) {
        return line.indexOf('▏', line.indexOf('▕')) - line.indexOf('▕') - 1;
    }

    @Test
    void trainAndSweepWriteProgressLinesWhenTheOutputIsNotATerminal(@TempDir Path tmp) throws Exception {
        String before = System.getProperty(ProgressLines.PROPERTY);
        System.setProperty(ProgressLines.PROPERTY, "0");
        try {
            Cli train = Cli.run("train", "--data", "synthetic:spirals?n=128&test=32", "--depth", "2", "--width", "8",
                    "--activation", "tanh", "--max-steps", "5", "--out", tmp.resolve("run").toString());
            assertThat(train.exitCode()).as(train.err()).isZero();
            assertThat(train.err().lines().filter(l -> l.startsWith("train: step "))).hasSize(5);
            assertThat(train.err()).contains("train: step 5/5 (100%), loss ").contains(", vanishing factor ");

            java.nio.file.Files.writeString(tmp.resolve("grid.yaml"), """
                    data: "synthetic:spirals?n=128&test=32"
                    activation: tanh
                    width: 8
                    depth: [2, 3]
                    max-steps: 4
                    """);
            Cli sweep = Cli.run("sweep", "--config", tmp.resolve("grid.yaml").toString(), "--out",
                    tmp.resolve("sweep").toString());
            assertThat(sweep.exitCode()).as(sweep.err()).isZero();
            assertThat(sweep.err()).containsPattern("sweep: [01]/2 trials done \\(\\d+%\\), ETA [^;]+; depth-2 at step 4/4, "
                    + "loss [0-9.]+, accuracy [0-9.]+, vanishing factor ");
            assertThat(sweep.out() + sweep.err()).doesNotContain("\r");
        } finally {
            if (before == null) System.clearProperty(ProgressLines.PROPERTY);
            else System.setProperty(ProgressLines.PROPERTY, before);
        }
    }
}
