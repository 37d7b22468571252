package saturn.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resolution order. Each place holds a folder written with its own pixel base, so the
 * first pixel tells which one was loaded. Downloads are off (see DownloadTest).
 */
class DatasetResolverTest {

    private static final int EXPLICIT = 10;
    private static final int ENV = 20;
    private static final int CACHE = 30;
    private static final int SYSTEM = 40;

    @TempDir
    Path tmp;

    private final List<String> log = new ArrayList<>();

    private Path envRoot() {
        return tmp.resolve("env");
    }

    private Path cache() {
        return tmp.resolve("home/.saturn/datasets/fashion-mnist");
    }

    private Path system() {
        return tmp.resolve("usr-share-datasets/fashion-mnist");
    }

    private DatasetResolver resolver(boolean withEnv) {
        Map<String, String> env = withEnv ? Map.of("SATURN_DATA", envRoot().toString()) : Map.of();
        return new DatasetResolver(new DataSources(env, tmp.resolve("home"), tmp.resolve("usr-share-datasets"),
                List.of(IdxDataset.FASHION_MNIST, IdxDataset.MNIST), false, true,
                Duration.ofSeconds(1), Duration.ofSeconds(1), log::add));
    }

    private void populateAll() {
        IdxFixtures.writeFolder(envRoot().resolve("fashion-mnist"), ENV, true);
        IdxFixtures.writeFolder(cache(), CACHE, true);
        IdxFixtures.writeFolder(system(), SYSTEM, false);
    }

    @Test
    void explicitFolderWinsOverEverything() {
        populateAll();
        Path dir = IdxFixtures.writeFolder(tmp.resolve("mine"), EXPLICIT, false);
        Split s = resolver(true).resolve("fashion-mnist", dir);
        assertThat(s.train().x()[0]).isEqualTo(EXPLICIT);
        assertThat(s.source()).isEqualTo("full Fashion-MNIST from " + dir);
    }

    @Test
    void wrongExplicitFolderFailsInsteadOfFallingBack() throws IOException {
        populateAll();
        Path dir = IdxFixtures.writeFolder(tmp.resolve("mine"), EXPLICIT, true);
        Files.delete(dir.resolve(MnistFiles.TEST_LABELS + ".gz"));
        assertThatThrownBy(() -> resolver(true).resolve("fashion-mnist", dir))
                .isInstanceOf(DataException.class)
                .hasMessage("--data-dir " + dir + " lacks t10k-labels-idx1-ubyte (the four MNIST-format files, each optionally .gz)");
        assertThatThrownBy(() -> resolver(true).resolve("fashion-mnist", tmp.resolve("typo")))
                .hasMessage("--data-dir " + tmp.resolve("typo") + ": no such folder");
        // present but corrupt: the reader's error, not a fallback
        Path bad = IdxFixtures.writeFolder(tmp.resolve("bad"), EXPLICIT, false);
        Files.write(bad.resolve(MnistFiles.TRAIN_LABELS), IdxFixtures.labels(1, 2, 30));
        assertThatThrownBy(() -> resolver(true).resolve("fashion-mnist", bad))
                .hasMessageContaining("label 30 at index 2 is out of range 0..9");
    }

    @Test
    void saturnDataComesSecond() {
        populateAll();
        Split s = resolver(true).resolve("fashion-mnist");
        assertThat(s.train().x()[0]).isEqualTo(ENV);
        assertThat(s.source()).isEqualTo("full Fashion-MNIST from " + envRoot().resolve("fashion-mnist") + " ($SATURN_DATA)");
    }

    @Test
    void saturnDataWithoutTheDatasetFolderIsSkipped() throws IOException {
        IdxFixtures.writeFolder(cache(), CACHE, true);
        Files.createDirectories(envRoot().resolve("other-dataset"));
        assertThat(resolver(true).resolve("fashion-mnist").train().x()[0]).isEqualTo(CACHE);
    }

    @Test
    void incompleteSaturnDataFolderIsAnError() throws IOException {
        IdxFixtures.writeFolder(cache(), CACHE, true);
        Files.createDirectories(envRoot().resolve("fashion-mnist"));
        assertThatThrownBy(() -> resolver(true).resolve("fashion-mnist"))
                .hasMessageStartingWith("$SATURN_DATA: " + envRoot().resolve("fashion-mnist") + " lacks train-images-idx3-ubyte");
    }

    @Test
    void cacheComesBeforeTheSystemFolder() {
        populateAll();
        Split s = resolver(false).resolve("fashion-mnist");
        assertThat(s.train().x()[0]).isEqualTo(CACHE);
        assertThat(s.source()).isEqualTo("full Fashion-MNIST from " + cache());
    }

    @Test
    void incompleteCacheFallsThroughToTheSystemFolder() throws IOException {
        IdxFixtures.writeFolder(cache(), CACHE, true);
        Files.delete(cache().resolve(MnistFiles.TRAIN_IMAGES + ".gz"));   // an interrupted download
        IdxFixtures.writeFolder(system(), SYSTEM, false);
        Split s = resolver(false).resolve("fashion-mnist");
        assertThat(s.train().x()[0]).isEqualTo(SYSTEM);
        assertThat(s.source()).isEqualTo("full Fashion-MNIST from " + system());
    }

    @Test
    void embeddedSubsetWhenNothingElseAndTheSourceSaysSo() {
        Split s = resolver(true).resolve("fashion-mnist");
        assertThat(s.source()).isEqualTo("embedded Fashion-MNIST t10k subset (8000 train / 2000 test) — full set not found");
        assertThat(s.test().source()).isEqualTo(s.source());
        assertThat(s.train().n()).isEqualTo(8000);
        assertThat(log).anyMatch(l -> l.startsWith("notice: Fashion-MNIST not found in " + envRoot().resolve("fashion-mnist")));
    }

    @Test
    void trainSubsetKeepsTheFirstExamplesAndTheWholeTestSet() {
        Split all = resolver(true).resolve("fashion-mnist");
        Split head = resolver(true).resolve("fashion-mnist?train=100");
        assertThat(head.train().n()).isEqualTo(100);
        assertThat(head.train().x()).isEqualTo(java.util.Arrays.copyOf(all.train().x(), 100 * all.train().features()));
        assertThat(head.train().y()).isEqualTo(java.util.Arrays.copyOf(all.train().y(), 100));
        assertThat(head.test().n()).isEqualTo(all.test().n());
        assertThat(head.train().source()).endsWith("(first 100 training examples)");
        assertThatThrownBy(() -> resolver(true).resolve("fashion-mnist?train=0")).hasMessageContaining("train=0 is outside 1..8000");
    }

    @Test
    void noEmbeddedMeansOneLineWithHowToGetTheData() {
        DatasetResolver r = new DatasetResolver(resolver(false).sources().withEmbedded(false));
        assertThatThrownBy(() -> r.resolve("fashion-mnist"))
                .isInstanceOf(DataException.class)
                .hasMessageStartingWith("fashion-mnist: not found in " + cache() + ", " + system()
                        + "; install it with `apt-get install dataset-fashion-mnist` or pass --data-dir DIR");
    }

    @Test
    void mnistHasNoEmbeddedFallbackAndSaysHowToGetIt() {
        assertThatThrownBy(() -> resolver(false).resolve("mnist"))
                .hasMessageContaining("mnist: not found in")
                .hasMessageContaining("pass --data-dir DIR, or put the files in "
                        + tmp.resolve("home/.saturn/datasets/mnist"));
        Path dir = IdxFixtures.writeFolder(tmp.resolve("digits"), EXPLICIT, true);
        Split s = resolver(false).resolve("mnist", dir);
        assertThat(s.train().classNames()).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        assertThat(s.source()).isEqualTo("full MNIST from " + dir);
    }

    @Test
    void unknownNamesAndMisplacedOptions() {
        assertThatThrownBy(() -> resolver(false).resolve("cifar10"))
                .hasMessage("unknown data set 'cifar10' (known: fashion-mnist, mnist, synthetic:spirals, "
                        + "synthetic:teacher, csv:FILE)");
        assertThatThrownBy(() -> resolver(false).resolve("synthetic:moons"))
                .hasMessageStartingWith("unknown synthetic task 'moons'");
        assertThatThrownBy(() -> resolver(false).resolve("synthetic:spirals", tmp))
                .hasMessage("--data-dir does not apply to synthetic:spirals");
        assertThatThrownBy(() -> resolver(false).resolve("fashion-mnist?n=3"))
                .hasMessageContaining("unknown parameter 'n'");
    }

    @Test
    void csvThroughTheResolver() throws IOException {
        Path f = tmp.resolve("d.csv");
        StringBuilder text = new StringBuilder("a;b;kind\n");
        for (int i = 0; i < 20; i++) text.append(i).append(';').append(-i).append(';').append(i % 2 == 0 ? "even" : "odd").append('\n');
        Files.writeString(f, text);
        Split s = resolver(false).resolve("csv:" + f + "?delimiter=;&label=kind&test=0.25&seed=3");
        assertThat(s.train().n()).isEqualTo(15);
        assertThat(s.test().n()).isEqualTo(5);
        assertThat(s.train().classNames()).containsExactly("even", "odd");
        assertThat(s.source()).startsWith("CSV file " + f).endsWith("15 train / 5 test (seed 3)");
        assertThatThrownBy(() -> resolver(false).resolve("csv:" + f + "?labl=kind"))
                .hasMessageContaining("unknown parameter 'labl'");
    }
}
