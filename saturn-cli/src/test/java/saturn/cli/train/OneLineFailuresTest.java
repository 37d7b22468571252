package saturn.cli.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import saturn.cli.Cli;

/** Inputs that cannot work: one line and exit code 2, nothing written; never a stack trace, never a silent surprise. */
class OneLineFailuresTest {

    private static final String DATA = "synthetic:spirals?n=256&test=64";

    @TempDir
    Path tmp;

    private String[] train(String... options) {
        List<String> args = new ArrayList<>(List.of("train", "--data", DATA, "--batch", "32", "--threads", "1",
                "--max-steps", "2", "--out", tmp.resolve("run").toString()));
        args.addAll(List.of(options));
        return args.toArray(String[]::new);
    }

    private void assertOneLine(String[] args, String... parts) {
        Cli r = Cli.run(args);
        assertThat(r.exitCode()).as(r.err()).isEqualTo(2);
        for (String p : parts) assertThat(r.err()).contains(p);
        assertThat(r.err().strip().lines().filter(l -> !l.startsWith("data: "))).as(r.err()).hasSize(1);
        assertThat(tmp.resolve("run")).doesNotExist();
    }

    @Test
    void aWidthWhoseWeightsOverflowAnArrayIsOneLine() {
        assertOneLine(train("--depth", "2", "--width", "1000000", "--activation", "tanh"),
                "an array of 1.00e12 elements", "choose a smaller --width");
    }

    @Test
    void aModelLargerThanTheHeapSaysHowMuchItNeeds() {
        // 3 x 40000^2 weights: 4.8e9 parameters, over 77 GB with gradients and Adam's moments
        assertOneLine(train("--depth", "4", "--width", "40000", "--activation", "tanh"),
                "this network needs at least", "4.80e9 parameters", "this JVM may use (-Xmx)");
    }

    @Test
    void aCsvLabelOf999999IsOneLineNotAMillionClassReadOut() throws IOException {
        Path csv = tmp.resolve("d.csv");
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 20; i++) b.append(i * 0.1).append(',').append(i % 2).append('\n');
        b.append("0.5,999999\n");
        Files.writeString(csv, b.toString());
        List<String> args = new ArrayList<>(List.of("train", "--data", "csv:" + csv, "--depth", "1", "--width", "4",
                "--activation", "tanh", "--max-steps", "1", "--out", tmp.resolve("run").toString()));
        assertOneLine(args.toArray(String[]::new), "label 999999 of data row 21 would make 1000000 classes");
    }

    @Test
    void formulasThatBreakTheRootSearchesAreOneLine() {
        for (String f : List.of("max(1e-30*x*exp(x),1)", "max((e*x)^(1e3*x)+log1p(x),x)")) {
            Cli analyze = Cli.run("analyze", f);
            assertThat(analyze.exitCode()).as(f + "\n" + analyze.err()).isIn(0, 2);
            assertThat(analyze.err()).doesNotContain("internal error");
            Cli train = Cli.run(train("--depth", "2", "--width", "4", "--activation", f, "--init", "critical"));
            assertThat(train.exitCode()).as(f + "\n" + train.err()).isIn(0, 2);
            assertThat(train.err()).doesNotContain("internal error");
        }
    }

    @Test
    void downloadIsAFlagOfTheCommandsThatLoadData() {
        Cli r = Cli.run(train("--depth", "1", "--width", "4", "--activation", "tanh", "--download"));
        assertThat(r.exitCode()).as(r.err()).isZero();
    }
}
