package saturn.engine.blas;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Extracts native libraries shipped as class-path resources into a per-version cache
 * directory, once. The directory is filled under a temporary name and renamed into place,
 * so a concurrent process either sees a complete directory or none; the loser of a rename
 * race deletes its copy and uses the winner's. When the home directory is not writable
 * the libraries go to a fresh temporary directory instead.
 */
final class NativeCache {

    private NativeCache() {
    }

    /**
     * Returns a directory holding {@code files} (plain names) copied from resource folder
     * {@code resourceDir}, under {@code ~/.saturn/native/<version>}.
     */
    static Path extract(String resourceDir, List<String> files, String version) throws IOException {
        Path home = Path.of(System.getProperty("user.home"), ".saturn", "native");
        try {
            return extractInto(home, resourceDir, files, version);
        } catch (IOException homeFailure) {
            Path tmp = Files.createTempDirectory("saturn-native-");
            try {
                return extractInto(tmp, resourceDir, files, version);
            } catch (IOException tmpFailure) {
                tmpFailure.addSuppressed(homeFailure);
                throw tmpFailure;
            }
        }
    }

    private static Path extractInto(Path root, String resourceDir, List<String> files, String version)
            throws IOException {
        Path target = root.resolve(version);
        if (complete(target, files)) return target;
        Files.createDirectories(root);
        Path staging = Files.createTempDirectory(root, version + ".tmp-");
        try {
            for (String f : files) {
                String resource = resourceDir + "/" + f;
                try (InputStream in = NativeCache.class.getClassLoader().getResourceAsStream(resource)) {
                    if (in == null) throw new IOException("resource not on the class path: " + resource);
                    Files.copy(in, staging.resolve(f));
                }
            }
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException
                     | java.nio.file.DirectoryNotEmptyException raced) {
                if (!complete(target, files)) throw raced;
            }
        } finally {
            deleteTree(staging);
        }
        return target;
    }

    private static boolean complete(Path dir, List<String> files) {
        for (String f : files) {
            if (!Files.isRegularFile(dir.resolve(f))) return false;
        }
        return true;
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a stale staging directory is harmless
        }
    }
}
