package saturn.engine.data;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Turns a data set argument into a train/test {@link Split}.
 *
 * <p>Accepted arguments:
 * <ul>
 *   <li>{@code fashion-mnist}, {@code mnist}: the four MNIST-format IDX files (see
 *       {@link MnistFiles}), searched in this order:
 *       <ol>
 *         <li>the explicit folder ({@code --data-dir DIR}); if it lacks a file or a file is
 *             invalid, that is an error, never a silent fallback;</li>
 *         <li>{@code $SATURN_DATA/<name>/} — {@code SATURN_DATA} names a root holding one
 *             folder per data set, like the cache; skipped when that folder does not exist,
 *             an error when it exists but is incomplete;</li>
 *         <li>the cache {@code ~/.saturn/datasets/<name>/}, when complete;</li>
 *         <li>the distribution's folder {@code /usr/share/datasets/<name>/} (Debian package
 *             {@code dataset-fashion-mnist}), when complete;</li>
 *         <li>a download of the missing files into the cache, only when the sources allow it
 *             (the user asked: {@code --download}), for data sets with known checksums only
 *             (Fashion-MNIST), each verified by SHA-256;</li>
 *         <li>for Fashion-MNIST, the embedded t10k subset ({@link EmbeddedFashionMnist}),
 *             with the reason in the source and in a logged notice.</li>
 *       </ol>
 *       A folder found complete is loaded and its errors are reported, not skipped.</li>
 *   <li>{@code synthetic:spirals?...} ({@link Spirals}), {@code synthetic:teacher?...}
 *       ({@link TeacherTask}).</li>
 *   <li>{@code csv:FILE?label=COL&header=true|false&delimiter=;&test=0.2&seed=1}: a CSV file
 *       ({@link CsvReader}); a seeded random {@code test} fraction (0.2) is held out.</li>
 * </ul>
 */
public final class DatasetResolver {

    private static final Set<String> CSV_KEYS = Set.of("label", "header", "delimiter", "test", "seed");

    private final DataSources sources;

    public DatasetResolver(DataSources sources) {
        this.sources = sources;
    }

    /** A resolver over this process's environment, home folder and network. */
    public static DatasetResolver system() {
        return new DatasetResolver(DataSources.system());
    }

    public DataSources sources() {
        return sources;
    }

    public Split resolve(String spec) {
        return resolve(spec, null);
    }

    /**
     * @param spec    the data set argument
     * @param dataDir the explicit folder ({@code --data-dir}), or null
     * @throws DataException with one line saying what is wrong or how to get the data
     */
    public Split resolve(String spec, Path dataDir) {
        return resolve(DataSpec.parse(spec), dataDir);
    }

    /**
     * @param parsed  the data set argument, parsed
     * @param dataDir the explicit folder ({@code --data-dir}), or null
     * @throws DataException with one line saying what is wrong or how to get the data
     */
    public Split resolve(DataSpec parsed, Path dataDir) {
        switch (parsed.scheme()) {
            case "synthetic" -> {
                noDataDir(parsed, dataDir);
                return switch (parsed.body()) {
                    case "spirals" -> Spirals.fromSpec(parsed);
                    case "teacher" -> TeacherTask.fromSpec(parsed);
                    case "adding" -> SequenceTasks.adding(parsed);
                    case "copy" -> SequenceTasks.copy(parsed);
                    default -> throw new DataException("unknown synthetic task '" + parsed.body()
                            + "' (known: synthetic:spirals, synthetic:teacher, synthetic:adding, synthetic:copy)");
                };
            }
            case "csv" -> {
                noDataDir(parsed, dataDir);
                return csv(parsed);
            }
            case "" -> {
                IdxDataset dataset = known(parsed.body());
                if (dataset == null) break;
                parsed.requireOnly(Set.of("train"));
                Split split = idx(dataset, dataDir);
                if (parsed.string("train", null) == null) return split;
                // ?train=N: the first N training examples (e.g. full-batch optimizers on a subset); test unchanged
                int n = parsed.integer("train", split.train().n(), 1, split.train().n());
                return new Split(split.train().head(n), split.test());
            }
            default -> {
            }
        }
        throw new DataException("unknown data set '" + parsed.text() + "' (known: "
                + String.join(", ", sources.datasets().stream().map(IdxDataset::name).toList())
                + ", synthetic:spirals, synthetic:teacher, csv:FILE)");
    }

    private IdxDataset known(String name) {
        for (IdxDataset d : sources.datasets()) {
            if (d.name().equalsIgnoreCase(name)) return d;
        }
        return null;
    }

    private static void noDataDir(DataSpec spec, Path dataDir) {
        if (dataDir != null) {
            throw new DataException("--data-dir does not apply to " + spec.base());
        }
    }

    private Split idx(IdxDataset dataset, Path dataDir) {
        String full = "full " + dataset.title();
        if (dataDir != null) {
            if (!Files.isDirectory(dataDir)) {
                throw new DataException("--data-dir " + dataDir + ": no such folder");
            }
            List<String> missing = MnistFiles.missing(dataDir);
            if (!missing.isEmpty()) {
                throw new DataException("--data-dir " + dataDir + " lacks " + String.join(", ", missing)
                        + " (the four MNIST-format files, each optionally .gz)");
            }
            return MnistFiles.load(dataDir, dataset, full + " from " + dataDir);
        }
        List<String> looked = new ArrayList<>();
        String root = sources.env().get(DataSources.ENV_VAR);
        if (root != null && !root.isBlank()) {
            Path dir = Path.of(root).resolve(dataset.name());
            if (Files.isDirectory(dir)) {
                List<String> missing = MnistFiles.missing(dir);
                if (!missing.isEmpty()) {
                    throw new DataException("$" + DataSources.ENV_VAR + ": " + dir + " lacks " + String.join(", ", missing)
                            + " (the four MNIST-format files, each optionally .gz)");
                }
                return MnistFiles.load(dir, dataset, full + " from " + dir + " ($" + DataSources.ENV_VAR + ")");
            }
            looked.add(dir.toString());
        }
        Path cache = sources.cacheDir(dataset.name());
        if (MnistFiles.complete(cache)) {
            return MnistFiles.load(cache, dataset, full + " from " + cache);
        }
        looked.add(cache.toString());
        Path system = sources.systemRoot().resolve(dataset.name());
        if (MnistFiles.complete(system)) {
            return MnistFiles.load(system, dataset, full + " from " + system);
        }
        looked.add(system.toString());

        String downloadFailure = null;
        if (sources.allowDownload() && dataset.downloadable()) {
            try {
                download(dataset, cache);
                return MnistFiles.load(cache, dataset, full + " from " + cache + " (downloaded from "
                        + dataset.baseUrl() + ", SHA-256 verified)");
            } catch (DataException e) {
                downloadFailure = e.getMessage();
            }
        }
        String notFound = "not found in " + String.join(", ", looked)
                + (downloadFailure != null ? "; download failed: " + downloadFailure : "");
        String fetch = dataset.downloadable() && !sources.allowDownload()
                ? "; or download it with `saturn data fetch " + dataset.name() + "` (or --download)" : "";
        if (sources.allowEmbedded() && dataset.name().equals(IdxDataset.FASHION_MNIST.name())) {
            String why = "full set not found";
            sources.log().accept("notice: " + dataset.title() + " " + notFound);
            sources.log().accept("notice: using the embedded Fashion-MNIST t10k subset ("
                    + EmbeddedFashionMnist.TRAIN + " train / " + EmbeddedFashionMnist.TEST
                    + " test); install the full set with `apt-get install dataset-fashion-mnist` or pass --data-dir DIR"
                    + fetch);
            return EmbeddedFashionMnist.load(why + (downloadFailure != null ? " and download failed" : ""));
        }
        String howTo = dataset.name().equals(IdxDataset.FASHION_MNIST.name())
                ? "install it with `apt-get install dataset-fashion-mnist` or pass --data-dir DIR" + fetch
                : "pass --data-dir DIR, or put the files in " + cache;
        throw new DataException(dataset.name() + ": " + notFound + "; " + howTo
                + " (the four MNIST-format files train-images-idx3-ubyte, train-labels-idx1-ubyte, "
                + "t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte, each optionally .gz)");
    }

    /**
     * Downloads the files of a data set that its cache lacks, whatever {@link DataSources#allowDownload}
     * says (this is the request), and checks the cache loads.
     *
     * @return the cache folder, complete and verified
     * @throws DataException when the data set cannot be downloaded or a file does not verify
     */
    public Path fetch(String name) {
        IdxDataset dataset = known(name);
        if (dataset == null || !dataset.downloadable()) {
            throw new DataException("cannot download '" + name + "' (known downloads: " + String.join(", ",
                    sources.datasets().stream().filter(IdxDataset::downloadable).map(IdxDataset::name).toList()) + ")");
        }
        Path cache = sources.cacheDir(dataset.name());
        if (!MnistFiles.complete(cache)) download(dataset, cache);
        MnistFiles.load(cache, dataset, "full " + dataset.title() + " from " + cache);
        return cache;
    }

    private void download(IdxDataset dataset, Path cache) {
        String base = dataset.baseUrl().endsWith("/") ? dataset.baseUrl() : dataset.baseUrl() + "/";
        try (IdxDownloader downloader = new IdxDownloader(sources.connectTimeout(), sources.requestTimeout(),
                sources.log())) {
            for (String file : MnistFiles.missing(cache)) {
                downloader.download(URI.create(base + file + ".gz"), cache, dataset.checksum(file));
            }
        }
    }

    private static Split csv(DataSpec spec) {
        spec.requireOnly(CSV_KEYS);
        String delimiter = spec.string("delimiter", ",");
        if (delimiter.equals("tab") || delimiter.equals("\\t")) delimiter = "\t";
        if (delimiter.length() != 1) {
            throw new DataException(spec.base() + ": delimiter must be one character, got '" + delimiter + "'");
        }
        CsvOptions options = new CsvOptions(spec.params().get("label"), spec.bool("header"), delimiter.charAt(0));
        Path file = Path.of(spec.body());
        Dataset all = CsvReader.read(file, options);
        return Split.holdOut(all, spec.real("test", 0.2, 0, 1), spec.seed("seed", 1));
    }
}
