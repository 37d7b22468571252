package saturn.engine.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The right to write into a folder, held by one process at a time from {@link #acquire} to
 * {@link #close}: an operating-system lock on the file {@value #FILE} in the folder. The system
 * releases it when the process ends, however it ends (a {@code kill -9} included), so a stale
 * lock never blocks a later run. The file stays (deleting it would let two processes lock two
 * different files of the same name) and holds the process id of its last holder.
 */
public final class FolderLock implements AutoCloseable {

    public static final String FILE = ".lock";

    /** Another process, or another part of this one, holds the folder. */
    public static final class HeldException extends IllegalStateException {

        private static final long serialVersionUID = 1L;

        private final transient Path folder;

        HeldException(Path folder, String holder) {
            super(folder + " is in use by another saturn process" + (holder.isEmpty() ? "" : " (pid " + holder + ")"));
            this.folder = folder;
        }

        public Path folder() {
            return folder;
        }
    }

    private final FileChannel channel;
    private final FileLock lock;

    private FolderLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Locks {@code folder}, creating it when absent.
     *
     * @throws HeldException when another holder has it
     * @throws IOException   when the folder or its lock file cannot be created
     */
    public static FolderLock acquire(Path folder) throws IOException {
        return acquire(folder, false);
    }

    /**
     * Locks {@code folder} for one of several processes that write into it together (the
     * processes of a sweep shared between machines): any number hold it shared at once, none
     * while a holder of {@link #acquire} has it, and {@link #acquire} fails while any of them has it.
     *
     * @throws HeldException when a holder of {@link #acquire} has it, or this process holds it already
     */
    public static FolderLock acquireShared(Path folder) throws IOException {
        return acquire(folder, true);
    }

    /**
     * True when a holder of {@link #acquire} has {@code folder} now; creates nothing. Call it only
     * for folders this process holds no lock on: closing the probe's channel would release it.
     */
    public static boolean isHeld(Path folder) {
        Path file = folder.resolve(FILE);
        if (!Files.isRegularFile(file)) return false;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            FileLock probe = ch.tryLock(0, Long.MAX_VALUE, true);
            if (probe == null) return true;
            probe.release();
            return false;
        } catch (OverlappingFileLockException mine) {
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static FolderLock acquire(Path folder, boolean shared) throws IOException {
        Files.createDirectories(folder);
        FileChannel ch = FileChannel.open(folder.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock(0, Long.MAX_VALUE, shared);
        } catch (OverlappingFileLockException held) {
            lock = null;   // this process holds it already (another run of the same process)
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        if (lock == null) {
            String holder = holder(ch);
            ch.close();
            throw new HeldException(folder, holder);
        }
        byte[] pid = (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII);
        try {
            ch.truncate(0);
            ch.write(ByteBuffer.wrap(pid), 0);
        } catch (IOException e) {
            // the pid is only for the message of a second writer; a full disk must not stop the run here
        }
        return new FolderLock(ch, lock);
    }

    private static String holder(FileChannel ch) {
        try {
            ByteBuffer b = ByteBuffer.allocate(24);
            ch.read(b, 0);
            String s = new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII).strip();
            return s.chars().allMatch(Character::isDigit) ? s : "";
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
