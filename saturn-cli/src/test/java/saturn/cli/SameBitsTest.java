package saturn.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Same inputs, same bits: a 20-layer run's metrics (wall times aside) and final checkpoint
 * are byte-identical for {@code --threads} 1, 2, 3 and 4, with Adam (updates fused into the
 * products), LAMB (norms, cut into runs between the workers), K-FAC (statistics, inverses
 * and its row pass), D-Adaptation and Prodigy (sums over every parameter, cut into runs),
 * Schedule-Free (updates fused into the products) and vSGD (a second gradient per batch); and a
 * sweep's trials are the same run for run with one worker or three.
 * The layers are wide enough (160 units, batches of 128) for every product, elementwise
 * kernel, norm and column sum to be cut between the workers.
 */
class SameBitsTest {

    private static final String DATA = "synthetic:spirals?n=512&test=128";

    @TempDir
    Path tmp;

    @AfterEach
    void oneThread() {
        saturn.engine.Backends.setThreads(1);
    }

    private static List<String> metricsWithoutTimes(Path run) throws IOException {
        return Files.readAllLines(run.resolve("metrics.jsonl")).stream()
                .map(l -> l.replaceAll(",\"wall_seconds\":[^,}]+", "")).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"adam", "lamb", "kfac:stats=2,every=3", "dadapt", "prodigy", "schedulefree", "vsgd"})
    void aRunHasTheSameBitsOnAnyNumberOfThreads(String optimizer) throws IOException {
        List<String> firstMetrics = null;
        byte[] firstCheckpoint = null;
        for (int threads = 1; threads <= 4; threads++) {
            Path run = tmp.resolve("threads-" + threads);
            Cli r = Cli.run("train", "--data", DATA, "--depth", "20", "--width", "160", "--activation", "tanh",
                    "--batch", "128", "--optimizer", optimizer, "--max-steps", "12", "--eval-every", "6",
                    "--checkpoint-every", "12", "--threads", Integer.toString(threads), "--out", run.toString());
            assertThat(r.exitCode()).as(r.err()).isZero();
            List<String> metrics = metricsWithoutTimes(run);
            byte[] checkpoint = Files.readAllBytes(run.resolve("checkpoints").resolve("step-12.safetensors"));
            assertThat(metrics).as("%s: train and eval lines", optimizer).hasSize(12 + 2);
            if (firstMetrics == null) {
                firstMetrics = metrics;
                firstCheckpoint = checkpoint;
            } else {
                assertThat(metrics).as("%s metrics on %d threads", optimizer, threads).isEqualTo(firstMetrics);
                assertThat(checkpoint).as("%s checkpoint on %d threads", optimizer, threads).isEqualTo(firstCheckpoint);
            }
        }
    }

    @Test
    void aSweepHasTheSameBitsWithOneWorkerOrThree() throws IOException {
        Path grid = tmp.resolve("grid.yaml");
        Files.writeString(grid, """
                data: "synthetic:spirals?n=512&test=128"
                activation: tanh
                depth: 20
                width: 160
                batch: 128
                max-steps: 8
                eval-every: 4
                checkpoint-every: 8
                optimizer: [adam, lamb, "kfac:stats=2,every=3"]
                """);
        Path serial = tmp.resolve("serial");
        Path parallel = tmp.resolve("parallel");
        Cli s = Cli.run("sweep", "--config", grid.toString(), "--out", serial.toString(), "--workers", "1");
        assertThat(s.exitCode()).as(s.err()).isZero();
        Cli p = Cli.run("sweep", "--config", grid.toString(), "--out", parallel.toString(), "--workers", "3");
        assertThat(p.exitCode()).as(p.err()).isZero();
        List<Path> trials;
        try (var list = Files.list(serial)) {
            trials = list.filter(Files::isDirectory).filter(d -> Files.exists(d.resolve("metrics.jsonl"))).toList();
        }
        assertThat(trials).hasSize(3);
        for (Path t : trials) {
            Path other = parallel.resolve(t.getFileName());
            assertThat(metricsWithoutTimes(other)).as(t.getFileName().toString()).isEqualTo(metricsWithoutTimes(t));
            Path checkpoint = Path.of("checkpoints", "step-8.safetensors");
            assertThat(Files.readAllBytes(other.resolve(checkpoint))).as(t.getFileName().toString())
                    .isEqualTo(Files.readAllBytes(t.resolve(checkpoint)));
        }
    }
}
