package saturn.engine.data;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * Downloads one IDX file with {@link HttpClient} and installs it only once its decompressed
 * payload matches the expected SHA-256 (see {@link FileChecksum} for why the payload). The
 * body goes to a hidden temporary file in the target folder, is fsynced, verified, then
 * renamed atomically to its final name; on any failure the temporary file is deleted, so a
 * partial or wrong file never appears under the final name.
 *
 * <p>Limits: the connection must open within the connect timeout, and the whole response,
 * body included, arrive within the request timeout; the body may be at most
 * {@link #maxBytes} of the expected payload (a gzip of it is smaller, an uncompressed copy as
 * large): a server that sends more, or too slowly, is cut off. Redirects are followed except
 * from HTTPS to HTTP.
 */
public final class IdxDownloader implements AutoCloseable {

    private final HttpClient client;
    private final Duration requestTimeout;
    private final Consumer<String> log;

    /**
     * @param connectTimeout limit for opening the connection
     * @param requestTimeout limit for each file, from the request until its whole body has arrived
     * @param log            receives one line per file ("downloading ...")
     */
    public IdxDownloader(Duration connectTimeout, Duration requestTimeout, Consumer<String> log) {
        this.client = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
        this.requestTimeout = requestTimeout;
        this.log = log;
    }

    /**
     * Fetches {@code url} into {@code dir} as {@code <file>.gz} (or {@code <file>} when the
     * server sends it uncompressed) and returns the installed path.
     *
     * @throws DataException naming the URL and the reason (HTTP status, connection, checksum)
     */
    public Path download(URI url, Path dir, FileChecksum expected) {
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = saturn.engine.io.AtomicFiles.createTemp(dir, "." + expected.file() + ".", ".part");
            log.accept("downloading " + url + " to " + dir);
            HttpRequest request = HttpRequest.newBuilder(url).timeout(requestTimeout).GET().build();
            HttpResponse.BodyHandler<Path> body = HttpResponse.BodyHandlers.limiting(
                    HttpResponse.BodyHandlers.ofFile(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING),
                    maxBytes(expected));
            CompletableFuture<HttpResponse<Path>> exchange = client.sendAsync(request, body);
            HttpResponse<Path> response;
            try {
                response = exchange.get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                exchange.cancel(true);
                throw new HttpTimeoutException("no complete response within " + requestTimeout.toSeconds() + " s");
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof IOException io) throw io;
                throw new IOException(cause);
            }
            if (response.statusCode() != 200) {
                throw new DataException(url + ": HTTP " + response.statusCode());
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            boolean gzip = startsWithGzipMagic(tmp);
            verify(url, tmp, gzip, expected);
            Path target = dir.resolve(expected.file() + (gzip ? ".gz" : ""));
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (ConnectException e) {
            throw new DataException(url + ": cannot connect (" + reason(e) + ")", e);
        } catch (HttpTimeoutException e) {
            throw new DataException(url + ": timed out (" + reason(e) + ")", e);
        } catch (IOException e) {
            throw new DataException(url + ": download failed (" + reason(e) + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataException(url + ": download interrupted", e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    /** The most bytes a response for {@code expected} may have: the payload, plus room for a gzip header. */
    static long maxBytes(FileChecksum expected) {
        return expected.size() + expected.size() / 64 + (64 << 10);
    }

    /** Releases the HTTP client's threads and connections. */
    @Override
    public void close() {
        client.close();
    }

    private static void verify(URI url, Path file, boolean gzip, FileChecksum expected) throws IOException {
        MessageDigest sha = sha256();
        long length;
        try (InputStream raw = Files.newInputStream(file);
             InputStream payload = gzip ? new GZIPInputStream(raw, 1 << 16) : raw;
             DigestInputStream in = new DigestInputStream(payload, sha)) {
            // one byte past the expected size is enough to refuse it (a small gzip may inflate without end)
            length = copy(in, expected.size() + 1);
        } catch (IOException e) {
            throw new DataException(url + ": downloaded file is not a valid gzip stream (" + reason(e) + "); not installed", e);
        }
        byte[] digest = sha.digest();
        if (!expected.matches(digest, length)) {
            throw new DataException(url + ": checksum mismatch: got SHA-256 "
                    + java.util.HexFormat.of().formatHex(digest) + " (" + (length > expected.size() ? "more than "
                    + expected.size() : length) + " bytes), expected "
                    + expected.sha256() + " (" + expected.size() + " bytes); not installed");
        }
    }

    private static long copy(InputStream in, long limit) throws IOException {
        byte[] buf = new byte[1 << 16];
        long n = 0;
        int r;
        while (n < limit && (r = in.read(buf, 0, (int) Math.min(buf.length, limit - n))) >= 0) n += r;
        return n;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    private static boolean startsWithGzipMagic(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return IdxReader.isGzip(in.readNBytes(2));
        }
    }

    private static String reason(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    private static void deleteQuietly(Path tmp) {
        if (tmp == null) return;
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
            // best effort: a hidden .part file is harmless and never read
        }
    }
}
