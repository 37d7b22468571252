package saturn.engine.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Writes a file so that a reader sees either the old content or the complete new one:
 * write to a temporary file beside it ({@code .NAME.RANDOM.tmp}), fsync, then rename over the
 * final name. Files get the mode the user's umask gives any new file. A process killed in
 * between leaves the temporary file; whoever holds the folder's {@link FolderLock} next
 * removes it ({@link #removeLeftovers}).
 */
public final class AtomicFiles {

    /** The temporary files of {@link #write}: a dot, the target's name, a dot, base-36 digits, {@code .tmp}. */
    private static final Pattern LEFTOVER = Pattern.compile("\\..+\\.[0-9a-z]+\\.tmp");

    /** Produces the file's bytes. */
    @FunctionalInterface
    public interface Writer {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    public static void write(Path target, Writer writer) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = createTemp(dir, "." + target.getFileName() + ".", ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                 OutputStream out = java.nio.channels.Channels.newOutputStream(ch)) {
                writer.writeTo(out);
                out.flush();
                ch.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Deletes the temporary files that interrupted writes left in {@code dir} (not in its
     * sub-folders). Call it only while holding the folder's {@link FolderLock}: another
     * writer's temporary file is in use.
     *
     * @return the names removed
     */
    public static List<String> removeLeftovers(Path dir) throws IOException {
        List<String> removed = new ArrayList<>();
        if (!Files.isDirectory(dir)) return removed;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (LEFTOVER.matcher(name).matches() && Files.isRegularFile(f)) {
                    Files.deleteIfExists(f);
                    removed.add(name);
                }
            }
        }
        return removed;
    }

    /** True for the name of a temporary file of {@link #write}. */
    public static boolean isLeftover(String name) {
        return LEFTOVER.matcher(name).matches();
    }

    /**
     * A new empty file {@code prefix<random>suffix} in {@code dir}, created with the permissions
     * any new file gets (0666 less the user's umask). {@link Files#createTempFile} would make it
     * 0600, and the rename would carry that mode to the final file: a run folder shared with a
     * group would hold files only their writer can read.
     */
    public static Path createTemp(Path dir, String prefix, String suffix) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve(prefix + Long.toUnsignedString(RANDOM.nextLong(), 36) + suffix);
            try {
                Files.newByteChannel(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return tmp;
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (attempt >= 100) throw e;
            }
        }
    }

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();
}
