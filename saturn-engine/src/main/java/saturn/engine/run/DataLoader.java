package saturn.engine.run;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import saturn.engine.data.DataSpec;
import saturn.engine.data.DatasetResolver;
import saturn.engine.data.Split;

/** Resolves a data set for a run. */
@FunctionalInterface
public interface DataLoader {

    /** @throws saturn.engine.data.DataException with one line on what is wrong or how to get the data */
    Split load(DataSpec data, Path dataDir);

    /** This process's environment, home folder and network ({@link DatasetResolver#system()}). */
    static DataLoader system() {
        return (data, dir) -> DatasetResolver.system().resolve(data, dir);
    }

    /** Loads each data set once, for runs in the same process. */
    static DataLoader memoized(DataLoader loader) {
        record Key(DataSpec data, Path dir) {
        }
        Map<Key, Split> loaded = new ConcurrentHashMap<>();
        return (data, dir) -> loaded.computeIfAbsent(new Key(data, dir), k -> loader.load(data, dir));
    }
}
