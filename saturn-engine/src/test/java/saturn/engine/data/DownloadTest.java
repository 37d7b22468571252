package saturn.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads from a loopback server only; never the internet. */
class DownloadTest {

    @TempDir
    Path tmp;

    private LoopbackServer server;
    private final List<String> log = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = new LoopbackServer();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private DataSources sources(String baseUrl, List<FileChecksum> checksums) {
        return new DataSources(Map.of(), tmp.resolve("home"), tmp.resolve("system"),
                List.of(IdxDataset.FASHION_MNIST.withDownload(baseUrl, checksums)), true, false,
                Duration.ofSeconds(5), Duration.ofSeconds(5), log::add);
    }

    private Path cache() {
        return tmp.resolve("home/.saturn/datasets/fashion-mnist");
    }

    private List<String> cacheFiles() throws IOException {
        if (!Files.isDirectory(cache())) return List.of();
        try (Stream<Path> s = Files.list(cache())) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void downloadsVerifiesAndInstallsIntoTheCache() throws IOException {
        server.serveFolder(33);
        DatasetResolver resolver = new DatasetResolver(sources(server.baseUrl(), IdxFixtures.checksums(33)));
        Split s = resolver.resolve("fashion-mnist");
        assertThat(s.train().n()).isEqualTo(IdxFixtures.TRAIN);
        assertThat(s.train().x()[0]).isEqualTo(33f);
        assertThat(s.source()).isEqualTo("full Fashion-MNIST from " + cache() + " (downloaded from "
                + server.baseUrl() + ", SHA-256 verified)");
        assertThat(cacheFiles()).containsExactly("t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz",
                "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz");
        assertThat(server.requests).hasSize(4);
        assertThat(log).anyMatch(l -> l.startsWith("downloading " + server.baseUrl()));

        // a second run reads the cache and does not download again
        Split again = resolver.resolve("fashion-mnist");
        assertThat(server.requests).hasSize(4);
        assertThat(again.source()).isEqualTo("full Fashion-MNIST from " + cache());
    }

    @Test
    void onlyMissingFilesAreDownloaded() throws IOException {
        server.serveFolder(5);
        Files.createDirectories(cache());
        Files.write(cache().resolve(MnistFiles.TRAIN_LABELS), IdxFixtures.payload(MnistFiles.TRAIN_LABELS, 5));
        Files.write(cache().resolve(MnistFiles.TEST_LABELS), IdxFixtures.payload(MnistFiles.TEST_LABELS, 5));
        new DatasetResolver(sources(server.baseUrl(), IdxFixtures.checksums(5))).resolve("fashion-mnist");
        assertThat(server.requests).containsExactlyInAnyOrder("/train-images-idx3-ubyte.gz", "/t10k-images-idx3-ubyte.gz");
    }

    @Test
    void checksumMismatchIsRefusedAndLeavesNoFile() throws IOException {
        server.serveFolder(2);          // the server sends other data than the checksums describe
        DatasetResolver resolver = new DatasetResolver(sources(server.baseUrl(), IdxFixtures.checksums(1)));
        assertThatThrownBy(() -> resolver.resolve("fashion-mnist"))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("download failed: " + server.baseUrl() + "train-images-idx3-ubyte.gz: checksum mismatch")
                .hasMessageContaining("not installed")
                .hasMessageContaining("apt-get install dataset-fashion-mnist");
        assertThat(cacheFiles()).isEmpty();   // neither the final name nor a temporary file
    }

    @Test
    void downloaderRefusesWrongSizeEvenWithMatchingPrefix() throws IOException {
        byte[] payload = IdxFixtures.payload(MnistFiles.TEST_LABELS, 0);
        server.serve("/f.gz", IdxFixtures.gzip(payload));
        FileChecksum right = new FileChecksum("f", IdxFixtures.sha256(payload), payload.length);
        FileChecksum wrongSize = new FileChecksum("f", IdxFixtures.sha256(payload), payload.length + 1);
        URI url = URI.create(server.baseUrl() + "f.gz");
        Path installed;
        try (IdxDownloader downloader = new IdxDownloader(Duration.ofSeconds(5), Duration.ofSeconds(5), log::add)) {
            assertThatThrownBy(() -> downloader.download(url, cache(), wrongSize)).hasMessageContaining("checksum mismatch");
            assertThat(cacheFiles()).isEmpty();
            installed = downloader.download(url, cache(), right);
        }
        assertThat(installed).isEqualTo(cache().resolve("f.gz"));
        assertThat(Files.readAllBytes(installed)).isEqualTo(IdxFixtures.gzip(payload));   // stored as sent
        assertThat(cacheFiles()).containsExactly("f.gz");
    }

    @Test
    void uncompressedResponseIsStoredWithoutGzSuffix() throws IOException {
        byte[] payload = IdxFixtures.payload(MnistFiles.TEST_LABELS, 0);
        server.serve("/f.gz", payload);
        Path installed;
        try (IdxDownloader downloader = new IdxDownloader(Duration.ofSeconds(5), Duration.ofSeconds(5), log::add)) {
            installed = downloader.download(URI.create(server.baseUrl() + "f.gz"), cache(),
                    new FileChecksum("f", IdxFixtures.sha256(payload), payload.length));
        }
        assertThat(installed.getFileName().toString()).isEqualTo("f");
    }

    @Test
    void http404FallsThroughToTheEmbeddedSubset() {
        DataSources src = sources(server.baseUrl(), IdxFixtures.checksums(0)).withEmbedded(true);
        Split s = new DatasetResolver(src).resolve("fashion-mnist");
        assertThat(s.source()).isEqualTo("embedded Fashion-MNIST t10k subset (8000 train / 2000 test) — "
                + "full set not found and download failed");
        assertThat(log).anyMatch(l -> l.contains("HTTP 404"));
        assertThat(log).anyMatch(l -> l.contains("using the embedded Fashion-MNIST t10k subset"));
    }

    @Test
    void http404WithoutEmbeddedIsOneClearLine() {
        DatasetResolver resolver = new DatasetResolver(sources(server.baseUrl(), IdxFixtures.checksums(0)));
        assertThatThrownBy(() -> resolver.resolve("fashion-mnist"))
                .isInstanceOf(DataException.class)
                .hasMessageContaining(server.baseUrl() + "train-images-idx3-ubyte.gz: HTTP 404")
                .hasMessageContaining("--data-dir DIR")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void connectionRefusedIsReported() throws IOException {
        String deadUrl;
        try (LoopbackServer dead = new LoopbackServer()) {
            deadUrl = dead.baseUrl();
        }
        DatasetResolver resolver = new DatasetResolver(sources(deadUrl, IdxFixtures.checksums(0)));
        assertThatThrownBy(() -> resolver.resolve("fashion-mnist"))
                .isInstanceOf(DataException.class)
                .hasMessageContaining(deadUrl + "train-images-idx3-ubyte.gz: cannot connect");
        assertThat(cacheFiles()).isEmpty();
    }

    @Test
    void theSystemSourcesDoNotDownloadUnlessAskedAndSaySo() {
        server.serveFolder(0);
        DataSources system = DataSources.system().withEnv(Map.of()).withHome(tmp.resolve("home"))
                .withSystemRoot(tmp.resolve("system")).withLog(log::add)
                .withDatasets(List.of(IdxDataset.FASHION_MNIST.withDownload(server.baseUrl(), IdxFixtures.checksums(0))));
        Split s = new DatasetResolver(system).resolve("fashion-mnist");
        assertThat(server.requests).isEmpty();
        assertThat(s.source()).startsWith("embedded Fashion-MNIST t10k subset");
        assertThat(log).anyMatch(l -> l.contains("saturn data fetch fashion-mnist") && l.contains("--download"));

        Split asked = new DatasetResolver(DataSources.system(true, log::add).withEnv(Map.of()).withHome(tmp.resolve("home"))
                .withSystemRoot(tmp.resolve("system"))
                .withDatasets(List.of(IdxDataset.FASHION_MNIST.withDownload(server.baseUrl(), IdxFixtures.checksums(0)))))
                .resolve("fashion-mnist");
        assertThat(server.requests).hasSize(4);
        assertThat(asked.source()).contains("SHA-256 verified");
    }

    @Test
    void fashionMnistIsFetchedOverHttps() {
        assertThat(URI.create(IdxDataset.FASHION_MNIST.baseUrl()).getScheme()).isEqualTo("https");
    }

    @Test
    void fetchDownloadsOnRequestEvenWhereRunsMayNot() throws IOException {
        server.serveFolder(7);
        DatasetResolver resolver = new DatasetResolver(sources(server.baseUrl(), IdxFixtures.checksums(7)).withDownload(false));
        assertThat(resolver.fetch("fashion-mnist")).isEqualTo(cache());
        assertThat(cacheFiles()).hasSize(4);
        resolver.fetch("fashion-mnist");
        assertThat(server.requests).hasSize(4);   // complete: nothing fetched again
        assertThatThrownBy(() -> resolver.fetch("mnist")).isInstanceOf(DataException.class)
                .hasMessage("cannot download 'mnist' (known downloads: fashion-mnist)");
    }

    @Test
    void aBodyLargerThanThePayloadAllowsIsCutOffAndNothingInstalled() throws IOException {
        byte[] payload = IdxFixtures.payload(MnistFiles.TEST_LABELS, 0);
        FileChecksum expected = new FileChecksum("f", IdxFixtures.sha256(payload), payload.length);
        server.serve("/f.gz", new byte[(int) IdxDownloader.maxBytes(expected) + 1]);
        try (IdxDownloader downloader = new IdxDownloader(Duration.ofSeconds(5), Duration.ofSeconds(5), log::add)) {
            assertThatThrownBy(() -> downloader.download(URI.create(server.baseUrl() + "f.gz"), cache(), expected))
                    .isInstanceOf(DataException.class).hasMessageContaining("download failed");
        }
        assertThat(cacheFiles()).isEmpty();
    }

    @Test
    @org.junit.jupiter.api.Timeout(60)   // without a limit on the body, the download would wait forever
    void aStalledBodyTimesOutAndLeavesNoFile() throws IOException {
        server.stall("/f.gz");
        byte[] payload = IdxFixtures.payload(MnistFiles.TEST_LABELS, 0);
        FileChecksum expected = new FileChecksum("f", IdxFixtures.sha256(payload), payload.length);
        try (IdxDownloader downloader = new IdxDownloader(Duration.ofSeconds(5), Duration.ofSeconds(1), log::add)) {
            assertThatThrownBy(() -> downloader.download(URI.create(server.baseUrl() + "f.gz"), cache(), expected))
                    .isInstanceOf(DataException.class).hasMessageContaining("timed out");
        }
        assertThat(cacheFiles()).isEmpty();
    }

    @Test
    void aGzipThatInflatesBeyondThePayloadIsRefusedWithoutInflatingItAll() throws IOException {
        byte[] payload = IdxFixtures.payload(MnistFiles.TEST_LABELS, 0);
        FileChecksum expected = new FileChecksum("f", IdxFixtures.sha256(payload), payload.length);
        server.serve("/f.gz", IdxFixtures.gzip(new byte[8 << 20]));   // small on the wire, 8 MiB inflated
        try (IdxDownloader downloader = new IdxDownloader(Duration.ofSeconds(5), Duration.ofSeconds(5), log::add)) {
            assertThatThrownBy(() -> downloader.download(URI.create(server.baseUrl() + "f.gz"), cache(), expected))
                    .isInstanceOf(DataException.class)
                    .hasMessageContaining("checksum mismatch").hasMessageContaining("(more than " + payload.length + " bytes)");
        }
        assertThat(cacheFiles()).isEmpty();
    }

    @Test
    void downloadNotAttemptedWhenDisallowed() {
        server.serveFolder(0);
        DatasetResolver resolver = new DatasetResolver(
                sources(server.baseUrl(), IdxFixtures.checksums(0)).withDownload(false));
        assertThatThrownBy(() -> resolver.resolve("fashion-mnist")).isInstanceOf(DataException.class)
                .hasMessageNotContaining("download failed");
        assertThat(server.requests).isEmpty();
    }
}
