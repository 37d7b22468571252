package saturn.cli.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import saturn.cli.options.BadInputException;
import saturn.engine.io.AtomicFiles;
import saturn.engine.io.FolderLock;

/**
 * The folders Saturn writes (a run directory, a sweep folder): one writer at a time, through
 * a {@link FolderLock} held for the writer's whole life; what an empty folder is; the
 * temporary files an interrupted writer left.
 */
public final class RunFolder {

    private RunFolder() {
    }

    /**
     * Locks {@code dir} for this process (creating it when absent).
     *
     * @throws BadInputException when another process (or another run of this one) writes into it
     */
    public static FolderLock lock(Path dir) throws IOException {
        try {
            return FolderLock.acquire(dir);
        } catch (FolderLock.HeldException e) {
            throw new BadInputException(e.getMessage() + "; wait until it ends, or choose another folder");
        }
    }

    /** True when {@code dir} is absent, or holds nothing but a lock file and the leftovers of interrupted writes. */
    public static boolean isEmpty(Path dir) throws IOException {
        if (!Files.exists(dir)) return true;
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString())
                    .allMatch(n -> n.equals(FolderLock.FILE) || AtomicFiles.isLeftover(n));
        }
    }

    /** Refuses a {@code --out} that exists and is not an empty folder ({@link #isEmpty}). */
    public static void requireEmpty(Path runDir) throws IOException {
        if (!Files.exists(runDir)) return;
        if (!Files.isDirectory(runDir)) throw new BadInputException("--out " + runDir + " exists and is not a folder");
        if (!isEmpty(runDir)) {
            throw new BadInputException("--out " + runDir + " is not empty; pass --resume to continue the run in it, "
                    + "or choose another folder");
        }
    }

    /** Deletes what interrupted writes left in a run directory and its checkpoints; call it holding the lock. */
    public static void removeLeftovers(Path runDir) throws IOException {
        AtomicFiles.removeLeftovers(runDir);
        AtomicFiles.removeLeftovers(runDir.resolve("checkpoints"));
    }
}
