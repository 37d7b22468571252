package saturn.engine.data;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Everything {@link DatasetResolver} looks at, injectable so tests touch neither the real
 * home folder, the environment nor the network.
 *
 * @param env            environment variables (reads {@code SATURN_DATA})
 * @param home           the user's home; the download cache is {@code home/.saturn/datasets/<name>}
 * @param systemRoot     the distribution's data root ({@code /usr/share/datasets} on Debian)
 * @param datasets       the known IDX data sets, with checksums and download URLs
 * @param allowDownload  whether a missing data set may be downloaded (only when the user asked for it)
 * @param allowEmbedded  whether the embedded Fashion-MNIST subset may stand in for the full set
 * @param connectTimeout HTTP connection timeout
 * @param requestTimeout HTTP time limit for each file, from the request until its whole body has arrived
 * @param log            receives progress and notices, one line each (the CLI passes stderr)
 */
public record DataSources(Map<String, String> env, Path home, Path systemRoot, List<IdxDataset> datasets,
                          boolean allowDownload, boolean allowEmbedded, Duration connectTimeout,
                          Duration requestTimeout, Consumer<String> log) {

    public static final String ENV_VAR = "SATURN_DATA";
    public static final Path DEBIAN_ROOT = Path.of("/usr/share/datasets");

    public DataSources {
        env = Map.copyOf(env);
        Objects.requireNonNull(home, "home");
        Objects.requireNonNull(systemRoot, "systemRoot");
        datasets = List.copyOf(datasets);
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(log, "log");
    }

    /** This process's environment, home and Debian path; no download; the embedded subset allowed; log to stderr. */
    public static DataSources system() {
        return system(false, System.err::println);
    }

    /**
     * This process's environment, home and Debian path, the embedded subset allowed.
     *
     * @param download whether a missing data set may be downloaded (the user asked for it)
     * @param log      receives notices, one line each
     */
    public static DataSources system(boolean download, Consumer<String> log) {
        return new DataSources(System.getenv(), Path.of(System.getProperty("user.home")), DEBIAN_ROOT,
                List.of(IdxDataset.FASHION_MNIST, IdxDataset.MNIST), download, true,
                Duration.ofSeconds(10), Duration.ofMinutes(5), log);
    }

    /** The download cache of a data set: {@code home/.saturn/datasets/<name>}. */
    public Path cacheDir(String name) {
        return home.resolve(".saturn").resolve("datasets").resolve(name);
    }

    public DataSources withEnv(Map<String, String> newEnv) {
        return new DataSources(newEnv, home, systemRoot, datasets, allowDownload, allowEmbedded, connectTimeout,
                requestTimeout, log);
    }

    public DataSources withHome(Path newHome) {
        return new DataSources(env, newHome, systemRoot, datasets, allowDownload, allowEmbedded, connectTimeout,
                requestTimeout, log);
    }

    public DataSources withSystemRoot(Path newRoot) {
        return new DataSources(env, home, newRoot, datasets, allowDownload, allowEmbedded, connectTimeout,
                requestTimeout, log);
    }

    public DataSources withDatasets(List<IdxDataset> newDatasets) {
        return new DataSources(env, home, systemRoot, newDatasets, allowDownload, allowEmbedded, connectTimeout,
                requestTimeout, log);
    }

    public DataSources withDownload(boolean allow) {
        return new DataSources(env, home, systemRoot, datasets, allow, allowEmbedded, connectTimeout,
                requestTimeout, log);
    }

    public DataSources withEmbedded(boolean allow) {
        return new DataSources(env, home, systemRoot, datasets, allowDownload, allow, connectTimeout,
                requestTimeout, log);
    }

    public DataSources withTimeouts(Duration connect, Duration request) {
        return new DataSources(env, home, systemRoot, datasets, allowDownload, allowEmbedded, connect, request, log);
    }

    public DataSources withLog(Consumer<String> newLog) {
        return new DataSources(env, home, systemRoot, datasets, allowDownload, allowEmbedded, connectTimeout,
                requestTimeout, newLog);
    }
}
