package saturn.engine.run;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import saturn.engine.data.DataSources;
import saturn.engine.data.DataSpec;
import saturn.engine.data.DatasetResolver;
import saturn.engine.data.Split;

/** Resolves a data set for a run. */
@FunctionalInterface
public interface DataLoader {

    /** @throws saturn.engine.data.DataException with one line on what is wrong or how to get the data */
    Split load(DataSpec data, Path dataDir);

    /** This process's environment and home folder, without downloads ({@link DatasetResolver#system()}). */
    static DataLoader system() {
        return (data, dir) -> DatasetResolver.system().resolve(data, dir);
    }

    /**
     * This process's environment and home folder, and the network when {@code download} (the
     * user asked for it); notices go to {@code log}.
     */
    static DataLoader system(boolean download, java.util.function.Consumer<String> log) {
        return (data, dir) -> new DatasetResolver(DataSources.system(download, log)).resolve(data, dir);
    }

    /** Loads each data set once, for runs in the same process. */
    static DataLoader memoized(DataLoader loader) {
        record Key(DataSpec data, Path dir) {
        }
        Map<Key, Split> loaded = new ConcurrentHashMap<>();
        return (data, dir) -> loaded.computeIfAbsent(new Key(data, dir), k -> loader.load(data, dir));
    }
}
